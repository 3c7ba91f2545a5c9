package dev.coffer.testkit;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * An S3-compatible server inside the test JVM (S3Proxy), on a free port of 127.0.0.1, that checks
 * AWS V2/V4 signatures against fixed test keys, so a wrong key fails as it would on real S3.
 *
 * <p>{@link #start()} keeps objects in memory; {@link #startOnDisk(Path)} keeps them in a folder,
 * for tests that move more data than the heap should hold. {@link #shared()} is the one in-memory
 * server of the JVM (tests isolate by bucket); it stops in a shutdown hook, and closing it from a
 * test does nothing.
 */
public final class S3ProxyServer implements AutoCloseable {
    public static final String ACCESS_KEY = "coffer-test-access-key";
    public static final String SECRET_KEY = "coffer-test-secret-key";
    public static final String REGION = "us-east-1";
    private static S3ProxyServer shared;

    private final S3Proxy proxy;
    private final URI endpoint;
    private final boolean isShared;
    private final S3Client client;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private S3ProxyServer(S3Proxy proxy, boolean isShared) {
        this.proxy = proxy;
        this.endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        this.isShared = isShared;
        this.client = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .endpointOverride(endpoint)
                .forcePathStyle(true)
                .region(Region.of(REGION))
                // Plain bodies, not aws-chunked: S3Proxy 4.1.0 answers a chunked PUT before reading
                // its trailer and drops the connection, which breaks the next PUT (see S3BlobStore).
                .serviceConfiguration(
                        S3Configuration.builder().chunkedEncodingEnabled(false).build())
                .credentialsProvider(
                        StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    /** The in-memory server for the whole JVM, started on first use. */
    public static synchronized S3ProxyServer shared() {
        if (shared == null) {
            shared = start(new TransientNio2BlobStore(), true);
            S3ProxyServer s = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(s::stop, "coffer-s3proxy-stop"));
        }
        return shared;
    }

    /** A server of its own keeping objects in memory; the caller closes it. */
    public static S3ProxyServer start() {
        return start(new TransientNio2BlobStore(), false);
    }

    /** A server of its own keeping objects as files under {@code dir}; the caller closes it. */
    public static S3ProxyServer startOnDisk(Path dir) {
        // S3Proxy resolves a relative folder inconsistently (bucket creation or listings break).
        return start(
                new FilesystemNio2BlobStore(dir.toAbsolutePath().normalize().toString()), false);
    }

    private static S3ProxyServer start(BlobStore backend, boolean isShared) {
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(backend)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // The SDK sends headers S3Proxy does not know (x-amz-mp-object-size on multipart
                // uploads); by default S3Proxy answers those with 501 Not Implemented.
                .ignoreUnknownHeaders(true)
                .build();
        try {
            proxy.start();
            Await.until(Duration.ofSeconds(30), proxy::getState, "STARTED"::equals);
            return new S3ProxyServer(proxy, isShared);
        } catch (Exception | AssertionError e) {
            try {
                proxy.stop();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new IllegalStateException("could not start S3Proxy", e);
        }
    }

    /** {@code http://127.0.0.1:PORT}; use path-style addressing. */
    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    public String region() {
        return REGION;
    }

    /**
     * A client signed in with the test keys, for a test that checks what landed in the bucket
     * behind the code under test. Owned by this server: do not close it.
     */
    public S3Client client() {
        return client;
    }

    public void createBucket(String name) throws IOException {
        try {
            client.createBucket(r -> r.bucket(name));
        } catch (RuntimeException e) {
            throw new IOException("could not create bucket " + name + " on " + endpoint, e);
        }
    }

    /** Stops the server; does nothing for {@link #shared()}. */
    @Override
    public void close() {
        if (!isShared) stop();
    }

    private void stop() {
        if (!stopped.compareAndSet(false, true)) return;
        client.close();
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop S3Proxy on " + endpoint, e);
        }
    }
}
