package dev.coffer.cli;

import static dev.coffer.cli.MountProcess.sh;
import static dev.coffer.cli.MountSessionTest.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.testkit.Leaks;
import dev.coffer.testkit.S3ProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * A bucket declared by a notebook's settings file ({@code type: s3}) on a real FUSE mount, against
 * S3Proxy with request signing: files written in the mount land in the bucket, objects another
 * client puts in the bucket appear in the mount, each refusal is logged with the file's line,
 * and the secret key is nowhere the mount or the CLI can leak it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MountBucketTest extends MountedNotebook {
    private static final String SETTINGS = ".coffer/settings.yaml";
    private final S3ProxyServer s3 = S3ProxyServer.shared();
    private String bucket;

    private String settings(String plan, String extra) {
        return """
                # %s
                integrations:
                  ext:
                    type: s3
                    url: s3://%s/team-data
                    accessKeyId: %s
                    secretAccessKey: secret:lab-key
                    endpoint: %s
                  nokey:
                    type: s3
                    url: s3://%s
                    accessKeyId: %s
                    secretAccessKey: secret:no-such-secret
                    endpoint: %s
                %s""".formatted(plan, bucket, s3.accessKey(), s3.endpoint(), bucket, s3.accessKey(), s3.endpoint(), extra);
    }

    private void putObject(String key, byte[] data) {
        s3.client().putObject(q -> q.bucket(bucket).key(key), RequestBody.fromBytes(data));
    }

    private byte[] object(String key) {
        return s3.client().getObjectAsBytes(q -> q.bucket(bucket).key(key)).asByteArray();
    }

    private boolean hasObject(String key) {
        try {
            s3.client().headObject(q -> q.bucket(bucket).key(key));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
            if (e.statusCode() == 404) return false;
            throw e;
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    private Path ext() {
        return mount.mnt.resolve("datasets/ext");
    }

    @Test
    @Order(1)
    void a_settings_file_bucket_is_read_and_written_both_ways() throws Exception {
        bucket = "mount-" + UUID.randomUUID().toString().substring(0, 8);
        s3.createBucket(bucket);
        putObject("team-data/from-s3/hello.txt", "hello from the bucket\n".getBytes(StandardCharsets.UTF_8));
        Processes.setPlan(server, "default", "pro");
        Path key = Files.writeString(tmp.resolve("lab-key.txt"), s3.secretKey());
        cofferOk("secrets", "set", "lab-key", "--from-file", key.toString());

        Files.createDirectories(nb().resolve(".coffer"));
        Files.writeString(nb().resolve(SETTINGS), settings("pro", ""));
        eventually("the bucket appears", () -> Files.exists(ext().resolve("from-s3/hello.txt")));
        assertThat(Files.readString(ext().resolve("from-s3/hello.txt"))).isEqualTo("hello from the bucket\n");
        assertThat(MountProcess.ok(mount.mnt.resolve("datasets"), "ls")).isEqualTo("ext\n");
        assertThat(mount.log())
                .contains("/notebooks/.coffer/settings.yaml:9: error: mount 'nokey' (type s3) is not mounted:")
                .contains("'no-such-secret', which does not exist");

        Path copy = Files.writeString(tmp.resolve("settings-copy.yaml"), settings("pro", ""));
        Processes.Result check = coffer("settings", "check", copy.toString());
        assertThat(check.exit()).isEqualTo(2);
        assertThat(check.stderr())
                .contains(copy + ":9: error: mount 'nokey': field 'secretAccessKey' names the team secret"
                        + " 'no-such-secret', which does not exist")
                .doesNotContain(":3:");
        assertThat(check.stdout()).contains("/datasets/ext <- bucket s3://" + bucket + "/team-data (read-write)");

        // Written in the mount: it lands in the bucket, under the prefix, byte for byte.
        byte[] big = random(10 << 20, 7);
        Files.write(tmp.resolve("big.bin"), big);
        MountProcess.ok(
                ext(), "mkdir made && printf 'new\\n' > made/new.txt && cp " + tmp.resolve("big.bin") + " made/");
        assertThat(new String(object("team-data/made/new.txt"), StandardCharsets.UTF_8))
                .isEqualTo("new\n");
        assertThat(object("team-data/made/big.bin")).isEqualTo(big);

        // Put by another client: it appears in the mount after the metadata lifetime, and reads in ranges.
        byte[] other = random(5 * 1024 * 1024 + 123, 8);
        putObject("team-data/from-s3/other.bin", other);
        putObject("team-data/from-s3/hello.txt", "changed by another client\n".getBytes(StandardCharsets.UTF_8));
        eventually("the new object appears", () -> Files.exists(ext().resolve("from-s3/other.bin")));
        assertThat(Files.readAllBytes(ext().resolve("from-s3/other.bin"))).isEqualTo(other);
        eventually(
                "the changed object is read anew",
                () -> Files.readString(ext().resolve("from-s3/hello.txt")).equals("changed by another client\n"));

        // An edit in the middle of a file rewrites the object; a rename moves it; rm deletes it.
        MountProcess.ok(ext(), "printf XYZ | dd of=from-s3/other.bin bs=1 seek=1000 conv=notrunc status=none");
        byte[] edited = other.clone();
        System.arraycopy("XYZ".getBytes(StandardCharsets.US_ASCII), 0, edited, 1000, 3);
        assertThat(object("team-data/from-s3/other.bin")).isEqualTo(edited);
        MountProcess.ok(ext(), "mv made/new.txt made/renamed.txt && mv made moved && rm from-s3/hello.txt");
        assertThat(hasObject("team-data/made/new.txt")).isFalse();
        assertThat(object("team-data/moved/renamed.txt")).isEqualTo("new\n".getBytes(StandardCharsets.UTF_8));
        assertThat(object("team-data/moved/big.bin")).isEqualTo(big);
        assertThat(hasObject("team-data/from-s3/hello.txt")).isFalse();
        assertThat(MountProcess.ok(ext(), "ls moved")).isEqualTo("big.bin\nrenamed.txt\n");
        assertThat(sh(ext(), "mkdir moved").stderr()).contains("File exists");
        assertThat(sh(ext(), "ln -s moved/big.bin link").stderr()).contains("Operation not permitted");
        assertThat(mount.log()).contains("a bucket keeps no symbolic links");

        // Bytes in the bucket are not the team's Coffer storage.
        long used = cofferOk("usage", "--json").json().path("usageBytes").asLong(-1);
        assertThat(used).as("the team's Coffer usage").isBetween(0L, (long) big.length - 1);
    }

    @Test
    @Order(2)
    void a_team_moved_to_free_keeps_the_file_but_cannot_mount_the_bucket() throws Exception {
        Processes.setPlan(server, "default", "free");
        Files.writeString(nb().resolve(SETTINGS), settings("free", ""));
        eventually(
                "the refusal is logged with its line",
                // The settings are read again when the mount is used.
                () -> !Files.exists(ext())
                        && mount.log()
                                .contains(
                                        "settings.yaml:3: error: mount 'ext' (type s3) is not mounted: the team's plan"
                                                + " (Free) does not include external data sources"));
        Processes.setPlan(server, "default", "pro");
        Files.writeString(nb().resolve(SETTINGS), settings("pro again", ""));
        eventually("the bucket comes back", () -> Files.exists(ext().resolve("moved/renamed.txt")));
    }

    @Test
    @Order(3)
    void the_secret_key_is_in_no_argument_environment_config_file_or_log_of_the_cli_and_the_mount() throws Exception {
        Map<String, byte[]> places = new LinkedHashMap<>();
        long pid = mount.process.pid();
        places.put("mount process arguments", Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline")));
        places.put("mount process environment", Files.readAllBytes(Path.of("/proc/" + pid + "/environ")));
        places.put("mount log", Files.readAllBytes(mount.log));
        for (Path dir : List.of(config, tmp.resolve("mount-config"), tmp.resolve("data"))) {
            if (Files.isDirectory(dir)) places.putAll(Leaks.files(dir));
        }
        assertThat(places.keySet()).as("the places looked in").contains("mount process environment");
        List<String> found = Leaks.whereFound(places, s3.secretKey());
        assertThat(found).as("places holding the bucket's secret key").isEmpty();
    }
}
