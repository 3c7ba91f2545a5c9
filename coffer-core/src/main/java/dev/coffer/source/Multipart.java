package dev.coffer.source;

import dev.coffer.error.CofferException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The multipart side of a {@link Bucket}: writes streamed in parts, and copies of objects too
 * large for one copy. Part buffers come from one budget for the whole process, an eighth of the
 * heap (4 parts of 8 MiB in a 256 MiB server): a write takes one buffer (waiting up to 2 s, then
 * refused as busy, nothing written), and a second when one is free, to read the next part while
 * the last is sent; without it the write goes on with one buffer, part after part.
 */
final class Multipart {
    static final int PART_SIZE = Bucket.PART_SIZE;
    static final Semaphore BUDGET =
            new Semaphore(permitsFor(Runtime.getRuntime().maxMemory()), true);
    private static final long WAIT_MILLIS = 2000;

    private Multipart() {}

    static int permitsFor(long maxHeap) {
        return (int) Math.max(2, maxHeap / 8 / PART_SIZE);
    }

    /** Part buffers taken from the budget; closing gives them back. */
    static final class Buffers implements AutoCloseable {
        private final List<byte[]> held = new ArrayList<>();

        /** One buffer, or {@link CofferException.Busy} when the budget stays empty for 2 s. */
        static Buffers take(String what) {
            boolean got;
            try {
                got = BUDGET.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                got = false;
            }
            if (!got) {
                throw new CofferException.Busy(
                        "the server is writing too many files to buckets at once (" + what + "); try again in 1 s", 1);
            }
            Buffers b = new Buffers();
            b.held.add(new byte[PART_SIZE]);
            return b;
        }

        byte[] first() {
            return held.getFirst();
        }

        /** A second buffer if the budget has one now, else null. */
        byte[] second() {
            if (held.size() > 1) return held.get(1);
            if (!BUDGET.tryAcquire()) return null;
            held.add(new byte[PART_SIZE]);
            return held.get(1);
        }

        @Override
        public void close() {
            BUDGET.release(held.size());
            held.clear();
        }
    }

    /**
     * Sends the object {@code key} in parts: the first ({@code firstLength} bytes, in the first
     * buffer) and then what {@code in} holds. The object appears whole when the last part is in;
     * a failure aborts the upload, so nothing is left.
     */
    static void upload(
            Bucket b,
            String path,
            String key,
            Buffers buffers,
            int firstLength,
            InputStream in,
            Map<String, String> metadata)
            throws IOException {
        String upload = b.call(
                        "write",
                        path,
                        () -> b.s3.createMultipartUpload(
                                q -> q.bucket(b.bucketName()).key(key).metadata(metadata)))
                .uploadId();
        List<byte[]> ring = new ArrayList<>(List.of(buffers.first()));
        List<Future<CompletedPart>> sent = new ArrayList<>();
        try (ExecutorService sender = Executors.newVirtualThreadPerTaskExecutor()) {
            try {
                int n = firstLength;
                while (n > 0) {
                    int number = sent.size() + 1;
                    int size = n;
                    byte[] data = ring.get((number - 1) % ring.size());
                    sent.add(sender.submit(() -> part(b, path, key, upload, number, data, size)));
                    if (number == 1 && buffers.second() != null) ring.add(buffers.second());
                    int next = number % ring.size();
                    // The part that last used the buffer about to be refilled must be in first.
                    int lastUser = number - ring.size() + 1;
                    if (lastUser >= 1) finished(sent.get(lastUser - 1));
                    n = in.readNBytes(ring.get(next), 0, PART_SIZE);
                }
                List<CompletedPart> done = new ArrayList<>();
                for (Future<CompletedPart> f : sent) done.add(finished(f));
                b.call(
                        "write",
                        path,
                        () -> b.s3.completeMultipartUpload(q -> q.bucket(b.bucketName())
                                .key(key)
                                .uploadId(upload)
                                .multipartUpload(m -> m.parts(done))));
            } catch (IOException | RuntimeException e) {
                sent.forEach(f -> f.cancel(true));
                abort(b, key, upload, e);
                throw e;
            }
        }
    }

    private static CompletedPart part(
            Bucket b, String path, String key, String upload, int number, byte[] data, int size) {
        String etag = b.call(
                        "write",
                        path,
                        () -> b.s3.uploadPart(
                                q -> q.bucket(b.bucketName())
                                        .key(key)
                                        .uploadId(upload)
                                        .partNumber(number)
                                        .contentLength((long) size),
                                RequestBody.fromInputStream(new ByteArrayInputStream(data, 0, size), size)))
                .eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    /** The part {@code f} sent; its failure as it was thrown (an upstream error names the source). */
    private static CompletedPart finished(Future<CompletedPart> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing to the bucket", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new IOException(e.getCause());
        }
    }

    /**
     * Copies object {@code fromKey} to {@code toKey} in parts of {@code partSize}, done by the
     * bucket itself (no byte passes through here), metadata kept; an unfinished copy is aborted.
     */
    static void copy(Bucket b, String path, String fromKey, String toKey, long size, long partSize) {
        HeadObjectResponse head = b.call(
                "copy",
                path,
                () -> b.s3.headObject(q -> q.bucket(b.bucketName()).key(fromKey)));
        String upload = b.call(
                        "copy",
                        path,
                        () -> b.s3.createMultipartUpload(q -> q.bucket(b.bucketName())
                                .key(toKey)
                                .metadata(head.metadata())
                                .contentType(head.contentType())))
                .uploadId();
        try {
            List<CompletedPart> done = new ArrayList<>();
            for (long at = 0; at < size; at += partSize) {
                int number = done.size() + 1;
                String range = "bytes=" + at + "-" + (Math.min(size, at + partSize) - 1);
                String etag = b.call(
                                "copy",
                                path,
                                () -> b.s3.uploadPartCopy(q -> q.sourceBucket(b.bucketName())
                                        .sourceKey(fromKey)
                                        .copySourceRange(range)
                                        .destinationBucket(b.bucketName())
                                        .destinationKey(toKey)
                                        .uploadId(upload)
                                        .partNumber(number)))
                        .copyPartResult()
                        .eTag();
                done.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            b.call(
                    "copy",
                    path,
                    () -> b.s3.completeMultipartUpload(q ->
                            q.bucket(b.bucketName()).key(toKey).uploadId(upload).multipartUpload(m -> m.parts(done))));
        } catch (RuntimeException e) {
            abort(b, toKey, upload, e);
            throw e;
        }
    }

    private static void abort(Bucket b, String key, String upload, Exception cause) {
        try {
            b.s3.abortMultipartUpload(q -> q.bucket(b.bucketName()).key(key).uploadId(upload));
        } catch (SdkException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }
}
