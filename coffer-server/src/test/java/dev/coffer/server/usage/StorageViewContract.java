package dev.coffer.server.usage;

import static dev.coffer.server.usage.UsageApiContract.JSON;
import static dev.coffer.server.usage.UsageApiContract.ok;
import static dev.coffer.server.usage.UsageApiContract.random;
import static dev.coffer.server.usage.UsageApiContract.usage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.Backend;
import dev.coffer.server.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Deleting this frees N": the predicted figure equals the measured drop in usage after the delete and GC. */
abstract class StorageViewContract {
    static final String T = "/api/v1/teams/default";
    static final String S = T + "/storage/default";
    static final String NB = T + "/notebooks/lab";

    @TempDir
    Path data;

    abstract Backend backend();

    static long frees(TestServer s, String usageUrl) throws Exception {
        JsonNode f = JSON.readTree(s.get(usageUrl).body());
        return f.path("freesBytes").asLong();
    }

    /** Deletes with {@code deleteUrl} and returns how much the team's usage dropped (after GC too). */
    static long dropAfter(TestServer s, String deleteUrl) throws Exception {
        long before = usage(s);
        ok(s.send("DELETE", deleteUrl, null), 204);
        ok(s.post("/api/v1/admin/gc?graceSeconds=0", "{}"), 200);
        return before - usage(s);
    }

    @Test
    void what_deleting_frees_is_predicted_exactly_for_folders_and_volumes() throws Exception {
        byte[] onlyA = random(1, 900_000);
        byte[] sharedAC = random(2, 700_000);
        byte[] sharedWithNotebook = random(3, 500_000);
        byte[] onlyNotebook = random(4, 300_000);
        try (TestServer s = TestServer.start(data, backend())) {
            ok(s.post(T + "/notebooks", "{\"name\":\"lab\"}"), 201);
            ok(s.put(S + "/files/a/only.bin", onlyA), 201);
            ok(s.put(S + "/files/a/shared.bin", sharedAC), 201);
            ok(s.put(S + "/files/a/again.bin", onlyA), 201);
            ok(s.put(S + "/files/c/shared.bin", sharedAC), 201);
            ok(s.put(S + "/files/b/nb.bin", sharedWithNotebook), 201);
            ok(s.put(NB + "/files/nb.bin", sharedWithNotebook), 201);
            ok(s.put(NB + "/files/own.bin", onlyNotebook), 201);

            JsonNode a = JSON.readTree(s.get(S + "/usage/a").body());
            assertThat(a.path("logicalBytes").asLong()).isEqualTo(2L * onlyA.length + sharedAC.length);
            assertThat(a.path("files").asLong()).isEqualTo(3);
            assertThat(a.path("freesBytes").asLong()).as("content also in c/ is not freed").isEqualTo(onlyA.length);

            JsonNode view = JSON.readTree(s.get(T + "/storage-view").body());
            assertThat(view.path("usageBytes").asLong()).isEqualTo(usage(s));
            assertThat(view.path("volumes")).hasSize(2);
            for (JsonNode v : view.path("volumes")) {
                if (v.path("kind").asText().equals("notebooks")) {
                    assertThat(v.path("name").asText()).isEqualTo("lab");
                    assertThat(v.path("freesBytes").asLong()).isEqualTo(onlyNotebook.length);
                    assertThat(v.path("files").asLong()).isEqualTo(2);
                } else {
                    assertThat(v.path("cluster").asText()).isEqualTo("default");
                    assertThat(v.path("freesBytes").asLong()).isEqualTo(onlyA.length + sharedAC.length);
                }
            }

            long predictedA = frees(s, S + "/usage/a");
            assertThat(dropAfter(s, S + "/files/a?recursive=true")).isEqualTo(predictedA);
            long predictedC = frees(s, S + "/usage/c");
            assertThat(predictedC).as("c/ now holds the last copy").isEqualTo(sharedAC.length);
            assertThat(dropAfter(s, S + "/files/c?recursive=true")).isEqualTo(predictedC);
            long predictedNotebook = frees(s, NB + "/usage/");
            assertThat(dropAfter(s, NB)).isEqualTo(predictedNotebook);
            long predictedB = frees(s, S + "/usage/b/nb.bin");
            assertThat(predictedB).isEqualTo(sharedWithNotebook.length);
            assertThat(dropAfter(s, S + "/files/b/nb.bin")).isEqualTo(predictedB);
            assertThat(usage(s)).isZero();
        }
    }
}
