package dev.coffer.server.usage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.server.TestServer;
import dev.coffer.testkit.Backend;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Usage over the real API: uploads, duplicates, deletes and GC, always equal to a recount. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class UsageApiContract {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String T = "/api/v1/teams/default";

    @TempDir
    Path data;

    @Parameter
    Backend backend;

    static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** The default team's usage, after checking that the recount agrees. */
    static long usage(TestServer s) throws Exception {
        HttpResponse<byte[]> r = s.get("/api/v1/admin/usage?recount=true");
        assertThat(r.statusCode()).isEqualTo(200);
        for (JsonNode t : JSON.readTree(r.body()).path("teams")) {
            assertThat(t.path("agrees").asBoolean()).as(t.toString()).isTrue();
            if (t.path("team").asText().equals("default"))
                return t.path("bytes").asLong();
        }
        throw new AssertionError("no default team in " + new String(r.body()));
    }

    static void ok(HttpResponse<byte[]> r, int status) {
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(status);
    }

    @Test
    void usage_after_uploads_duplicates_deletes_and_gc_equals_a_recount_and_counts_every_cluster() throws Exception {
        byte[] a = random(1, 2_000_000);
        byte[] b = random(2, 600_000);
        try (TestServer s = TestServer.start(data, backend)) {
            ok(s.post("/api/v1/clusters", "{\"name\":\"a\"}"), 201);
            ok(s.post("/api/v1/clusters", "{\"name\":\"b\"}"), 201);
            ok(s.post(T + "/notebooks", "{\"name\":\"lab\",\"cluster\":\"a\"}"), 201);
            assertThat(usage(s)).isZero();

            ok(s.put(T + "/notebooks/lab/files/a.bin", a), 201);
            ok(s.put(T + "/storage/b/files/b.bin", b), 201);
            assertThat(usage(s))
                    .as("a notebook on cluster a and storage on cluster b both count")
                    .isEqualTo(a.length + b.length);

            ok(s.post(T + "/notebooks/lab/copy", "{\"from\":\"a.bin\",\"to\":\"a-copy.bin\"}"), 201);
            ok(s.put(T + "/storage/b/files/a-again.bin", a), 201);
            assertThat(usage(s)).as("duplicates count once").isEqualTo(a.length + b.length);

            ok(s.send("DELETE", T + "/notebooks/lab/files/a.bin", null), 204);
            ok(s.send("DELETE", T + "/notebooks/lab/files/a-copy.bin", null), 204);
            assertThat(usage(s)).as("a.bin is still in storage").isEqualTo(a.length + b.length);
            ok(s.send("DELETE", T + "/storage/b/files/a-again.bin", null), 204);
            assertThat(usage(s)).isEqualTo(b.length);

            ok(s.post("/api/v1/admin/gc?graceSeconds=0", "{}"), 200);
            assertThat(usage(s)).as("GC removes only what nothing uses").isEqualTo(b.length);
            assertThat(s.get(T + "/storage/b/files/b.bin").body()).isEqualTo(b);
        }
    }
}
