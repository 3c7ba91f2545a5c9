package dev.coffer.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * S3 clients kept open between requests, one per key and endpoint: building a client and
 * opening its connections costs more than a small request does (a mount reads a bucket in
 * pieces, one request each). A client is found by what it signs with: the access key id, a
 * hash of the secret key (a changed secret gets a new client at once), the region or endpoint
 * and the addressing style. At most {@value #MAX} are kept, the least recently used going
 * first, and one unused for {@value #IDLE_MINUTES} minutes is closed; a client still in use when
 * it goes is closed when its last user is done.
 */
public final class BucketClients implements AutoCloseable {
    static final int MAX = 32;
    static final long IDLE_MINUTES = 10;

    private static final class Shared {
        final S3Client s3;
        int users;
        boolean retired;
        long lastUsed;

        Shared(S3Client s3) {
            this.s3 = s3;
        }
    }

    private final Map<String, Shared> clients = new LinkedHashMap<>(16, 0.75f, true);

    /** The bucket of {@code source}, through a shared client; closing it hands the client back. */
    public Bucket open(DataSource source, String secretKey) {
        String key = key(source, secretKey);
        Shared held;
        List<Shared> gone;
        synchronized (this) {
            gone = expired(System.nanoTime());
            held = clients.get(key);
            if (held == null) {
                held = new Shared(Bucket.client(source, secretKey));
                clients.put(key, held);
                gone.addAll(overflow());
            }
            held.users++;
            held.lastUsed = System.nanoTime();
        }
        gone.forEach(this::retire);
        Shared client = held;
        AtomicBoolean released = new AtomicBoolean();
        return Bucket.shared(source, client.s3, () -> {
            if (released.compareAndSet(false, true)) release(client);
        });
    }

    /** How many clients are open: for tests. */
    synchronized int size() {
        return clients.size();
    }

    private static String key(DataSource s, String secretKey) {
        return s.accessKeyId() + "\0" + s.region() + "\0" + s.endpoint() + "\0" + s.pathStyle() + "\0"
                + sha256(secretKey);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<Shared> expired(long now) {
        List<Shared> out = new ArrayList<>();
        long idle = IDLE_MINUTES * 60_000_000_000L;
        for (Iterator<Shared> it = clients.values().iterator(); it.hasNext(); ) {
            Shared s = it.next();
            if (s.users == 0 && now - s.lastUsed > idle) {
                it.remove();
                out.add(s);
            }
        }
        return out;
    }

    private List<Shared> overflow() {
        List<Shared> out = new ArrayList<>();
        for (Iterator<Shared> it = clients.values().iterator(); clients.size() > MAX && it.hasNext(); ) {
            out.add(it.next());
            it.remove();
        }
        return out;
    }

    private void retire(Shared s) {
        boolean closeNow;
        synchronized (this) {
            s.retired = true;
            closeNow = s.users == 0;
        }
        if (closeNow) s.s3.close();
    }

    private void release(Shared s) {
        boolean closeNow;
        synchronized (this) {
            s.users--;
            closeNow = s.retired && s.users == 0;
        }
        if (closeNow) s.s3.close();
    }

    @Override
    public void close() {
        List<Shared> all;
        synchronized (this) {
            all = new ArrayList<>(clients.values());
            clients.clear();
        }
        all.forEach(this::retire);
    }
}
