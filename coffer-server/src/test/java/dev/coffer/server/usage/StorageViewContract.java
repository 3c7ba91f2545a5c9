package dev.coffer.server.usage;

import static dev.coffer.server.usage.UsageApiContract.JSON;
import static dev.coffer.server.usage.UsageApiContract.ok;
import static dev.coffer.server.usage.UsageApiContract.random;
import static dev.coffer.server.usage.UsageApiContract.usage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.server.TestServer;
import dev.coffer.testkit.Backend;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** "Deleting this frees N": the predicted figure equals the measured drop in usage after the delete and GC. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class StorageViewContract {
    static final String T = "/api/v1/teams/default";
    static final String S = T + "/storage/default";
    static final String NB = T + "/notebooks/lab";

    @TempDir
    Path data;

    @Parameter
    Backend backend;

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
        try (TestServer s = TestServer.start(data, backend)) {
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
            assertThat(a.path("freesBytes").asLong())
                    .as("content also in c/ is not freed")
                    .isEqualTo(onlyA.length);

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

    static JsonNode datasetView(TestServer s, String name) throws Exception {
        for (JsonNode d : JSON.readTree(s.get(T + "/storage-view").body()).path("datasets")) {
            if (d.path("name").asText().equals(name)) return d;
        }
        throw new AssertionError("no dataset " + name + " in the Storage view");
    }

    static long versionFrees(JsonNode dataset, int number) {
        for (JsonNode v : dataset.path("versions"))
            if (v.path("number").asInt() == number) return v.path("freesBytes").asLong();
        throw new AssertionError("no version " + number);
    }

    @Test
    void dataset_versions_that_share_content_count_once_and_what_deleting_them_frees_is_exact() throws Exception {
        byte[] a = random(11, 800_000);
        byte[] b = random(12, 600_000);
        byte[] c = random(13, 400_000);
        String ds = T + "/datasets/photos";
        try (TestServer s = TestServer.start(data, backend)) {
            ok(s.post(T + "/datasets", "{\"name\":\"photos\"}"), 201);
            ok(s.post(ds + "/versions", "{}"), 201);
            ok(s.put(ds + ":1/files/a.bin", a), 201);
            ok(s.put(ds + ":1/files/b.bin", b), 201);
            assertThat(usage(s)).as("a draft counts what it holds").isEqualTo(a.length + b.length);
            ok(s.post(ds + "/versions/1/commit", "{}"), 200);
            ok(s.post(ds + "/versions", "{}"), 201);
            ok(s.send("DELETE", ds + ":2/files/a.bin", null), 204);
            ok(s.put(ds + ":2/files/c.bin", c), 201);
            ok(s.post(ds + "/versions/2/commit", "{}"), 200);
            ok(s.put(S + "/files/c-copy.bin", c), 201);
            assertThat(usage(s))
                    .as("b is shared by both versions, c by version 2 and storage: each counts once")
                    .isEqualTo(a.length + b.length + c.length);

            JsonNode view = datasetView(s, "photos");
            assertThat(versionFrees(view, 1)).as("only version 1 holds a").isEqualTo(a.length);
            assertThat(versionFrees(view, 2))
                    .as("b is in version 1, c in storage")
                    .isZero();
            assertThat(view.path("freesBytes").asLong())
                    .as("the whole dataset: a and b")
                    .isEqualTo(a.length + b.length);

            long predicted = versionFrees(view, 1);
            assertThat(dropAfter(s, ds + "/versions/1")).isEqualTo(predicted);
            long predictedDataset = datasetView(s, "photos").path("freesBytes").asLong();
            assertThat(predictedDataset).isEqualTo(b.length);
            assertThat(dropAfter(s, ds)).isEqualTo(predictedDataset);
            assertThat(usage(s)).isEqualTo(c.length);
        }
    }
}
