package dev.coffer.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.chunk.ChunkId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The file API over real HTTP, on embedded defaults. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FileApiTest {
    static final String S = "/api/v1/teams/default/storage/default";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path data;

    TestServer server;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start(data);
    }

    @AfterAll
    void stop() {
        server.close();
    }

    static byte[] random(long seed, int size) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    JsonNode json(HttpResponse<byte[]> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void health_and_readiness() throws Exception {
        assertThat(server.get("/healthz", "Authorization", null).statusCode()).isEqualTo(200);
        HttpResponse<byte[]> ready = server.get("/readyz", "Authorization", null);
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).path("database").asText()).isEqualTo("sqlite");
    }

    @Test
    void upload_download_with_etag_and_ranges() throws Exception {
        byte[] data = random(1, 2_500_000);
        HttpResponse<byte[]> put = server.put(S + "/files/dl/a.bin?mtime=1234", data);
        assertThat(put.statusCode()).isEqualTo(201);
        String digest = json(put).path("digest").asText();

        HttpResponse<byte[]> get = server.get(S + "/files/dl/a.bin");
        assertThat(get.statusCode()).isEqualTo(200);
        assertThat(get.body()).isEqualTo(data);
        assertThat(get.headers().firstValue("ETag")).hasValue("\"" + digest + "\"");

        assertThat(server.get(S + "/files/dl/a.bin", "If-None-Match", "\"" + digest + "\"")
                        .statusCode())
                .isEqualTo(304);
        assertThat(server.get(S + "/files/dl/a.bin", "If-None-Match", "\"other\"")
                        .statusCode())
                .isEqualTo(200);

        HttpResponse<byte[]> range = server.get(S + "/files/dl/a.bin", "Range", "bytes=1000000-1999999");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 1000000-1999999/2500000");
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(data, 1_000_000, 2_000_000));

        HttpResponse<byte[]> tail = server.get(S + "/files/dl/a.bin", "Range", "bytes=-10");
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(data, data.length - 10, data.length));

        HttpResponse<byte[]> stat = server.get(S + "/stat/dl/a.bin");
        assertThat(json(stat).path("size").asLong()).isEqualTo(2_500_000);
        assertThat(json(stat).path("mtime").asLong()).isEqualTo(1234);
    }

    @Test
    void names_with_spaces_and_unicode_round_trip() throws Exception {
        byte[] data = "hello".getBytes(StandardCharsets.UTF_8);
        assertThat(server.put(S + "/files/u/caf%C3%A9%20%E4%B8%AD.txt", data).statusCode())
                .isEqualTo(201);
        // NFD on the way in names the same file (clients on macOS send NFD).
        assertThat(server.get(S + "/files/u/cafe%CC%81%20%E4%B8%AD.txt").body()).isEqualTo(data);
        JsonNode list = json(server.get(S + "/list/u"));
        assertThat(list.path("entries").get(0).path("name").asText()).isEqualTo("café 中.txt");
    }

    @Test
    void mkdir_move_copy_delete() throws Exception {
        assertThat(server.post(S + "/mkdir/m/a?parents=true", "{}").statusCode())
                .isEqualTo(201);
        server.put(S + "/files/m/a/f.txt", "one".getBytes(StandardCharsets.UTF_8));
        assertThat(server.post(S + "/move", "{\"from\":\"m/a\",\"to\":\"m/b\"}").statusCode())
                .isEqualTo(200);
        assertThat(server.get(S + "/files/m/b/f.txt").body()).isEqualTo("one".getBytes(StandardCharsets.UTF_8));
        assertThat(server.get(S + "/stat/m/a").statusCode()).isEqualTo(404);
        long chunks =
                server.snapshot().stream().filter(s -> s.startsWith("chunks=")).count();
        assertThat(server.post(S + "/copy", "{\"from\":\"m/b\",\"to\":\"m/c\"}").statusCode())
                .isEqualTo(201);
        assertThat(server.get(S + "/files/m/c/f.txt").body()).isEqualTo("one".getBytes(StandardCharsets.UTF_8));
        assertThat(server.snapshot().stream()
                        .filter(s -> s.startsWith("chunks="))
                        .count())
                .isEqualTo(chunks);
        assertThat(server.send("DELETE", S + "/files/m?recursive=true", null).statusCode())
                .isEqualTo(204);
        assertThat(server.get(S + "/stat/m").statusCode()).isEqualTo(404);
    }

    @Test
    void folder_times_are_set_together_in_one_request_or_not_at_all() throws Exception {
        server.put(S + "/files/t/a/x.txt", "x".getBytes(StandardCharsets.UTF_8));
        assertThat(server.post(S + "/mkdir/t/empty", "{}").statusCode()).isEqualTo(201);
        HttpResponse<byte[]> set =
                server.post(S + "/times/t", "{\"times\":{\"a\":1000,\"empty\":2000,\"a/x.txt\":3000}}");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(json(set).path("changed").asInt()).isEqualTo(3);
        assertThat(json(server.get(S + "/stat/t/a")).path("mtime").asLong()).isEqualTo(1000);
        assertThat(json(server.get(S + "/stat/t/empty")).path("mtime").asLong()).isEqualTo(2000);
        assertThat(json(server.get(S + "/stat/t/a/x.txt")).path("mtime").asLong())
                .isEqualTo(3000);

        HttpResponse<byte[]> missing = server.post(S + "/times/t", "{\"times\":{\"a\":5,\"nope\":6}}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).path("detail").asText()).contains("nope");
        assertThat(json(server.get(S + "/stat/t/a")).path("mtime").asLong())
                .as("nothing changed")
                .isEqualTo(1000);
        HttpResponse<byte[]> noTimes = server.post(S + "/times/t", "{}");
        assertThat(noTimes.statusCode()).isEqualTo(400);
        assertThat(json(noTimes).path("detail").asText()).contains("'times'");
        HttpResponse<byte[]> noTime = server.post(S + "/times/t", "{\"times\":{\"a\":null}}");
        assertThat(noTime.statusCode()).isEqualTo(400);
        assertThat(json(noTime).path("detail").asText()).contains("epoch milliseconds");
    }

    @Test
    void links_are_made_together_in_one_request_or_not_at_all() throws Exception {
        server.put(S + "/files/lk/a/x.txt", "x".getBytes(StandardCharsets.UTF_8));
        HttpResponse<byte[]> made = server.post(
                S + "/links/lk",
                "{\"links\":{\"a/l\":{\"target\":\"x.txt\",\"mtime\":1000},\"b/c/l\":{\"target\":\"../../a\"}}}");
        assertThat(made.statusCode()).isEqualTo(200);
        assertThat(json(made).path("made").asInt()).isEqualTo(2);
        JsonNode l = json(server.get(S + "/stat/lk/a/l"));
        assertThat(l.path("target").asText() + " " + l.path("mtime").asLong()).isEqualTo("x.txt 1000");
        assertThat(json(server.get(S + "/stat/lk/b/c/l")).path("target").asText())
                .isEqualTo("../../a");

        HttpResponse<byte[]> overFolder =
                server.post(S + "/links/lk", "{\"links\":{\"new\":{\"target\":\"x\"},\"b/c\":{\"target\":\"x\"}}}");
        assertThat(overFolder.statusCode()).isEqualTo(409);
        assertThat(server.get(S + "/stat/lk/new").statusCode())
                .as("nothing made")
                .isEqualTo(404);
        HttpResponse<byte[]> noTarget = server.post(S + "/links/lk", "{\"links\":{\"new\":{\"mtime\":5}}}");
        assertThat(noTarget.statusCode()).isEqualTo(400);
        assertThat(json(noTarget).path("detail").asText()).contains("'new'").contains("'target'");
        HttpResponse<byte[]> noLinks = server.post(S + "/links/lk", "{}");
        assertThat(noLinks.statusCode()).isEqualTo(400);
        assertThat(json(noLinks).path("detail").asText()).contains("'links'");
    }

    @Test
    void a_small_files_manifest_carries_its_bytes_when_asked() throws Exception {
        byte[] small = random(7, 3000);
        byte[] big = random(8, 300_000);
        server.put(S + "/files/inline/small.bin", small);
        server.put(S + "/files/inline/big.bin", big);
        JsonNode withBytes = json(server.get(S + "/manifest/inline/small.bin?inline=262144"));
        assertThat(java.util.Base64.getDecoder()
                        .decode(withBytes.path("content").asText()))
                .isEqualTo(small);
        assertThat(withBytes.path("chunks").size()).isEqualTo(1);
        assertThat(json(server.get(S + "/manifest/inline/small.bin")).has("content"))
                .as("only when asked")
                .isFalse();
        assertThat(json(server.get(S + "/manifest/inline/small.bin?inline=2999"))
                        .has("content"))
                .as("only when it fits")
                .isFalse();
        assertThat(json(server.get(S + "/manifest/inline/big.bin?inline=999999999"))
                        .has("content"))
                .as("never above the server's limit (256 KiB)")
                .isFalse();
        assertThat(server.get(S + "/manifest/inline/small.bin?inline=lots").statusCode())
                .isEqualTo(400);
    }

    @Test
    void a_listing_carries_the_bytes_of_its_small_files_when_asked() throws Exception {
        byte[] tiny = random(9, 100);
        byte[] small = random(10, 60_000);
        byte[] big = random(11, 70_000);
        server.put(S + "/files/listed/a.bin", tiny);
        server.put(S + "/files/listed/b.bin", small);
        server.put(S + "/files/listed/c.bin", big);
        server.post(S + "/mkdir/listed/sub", "{}");
        JsonNode listing = json(server.get(S + "/list/listed?inline=999999"));
        assertThat(listing.path("entries").size()).isEqualTo(4);
        JsonNode manifests = listing.path("manifests");
        assertThat(manifests.size())
                .as("the files of at most 64 KiB, whatever was asked")
                .isEqualTo(2);
        assertThat(manifests.get(0).path("name").asText()).isEqualTo("a.bin");
        assertThat(java.util.Base64.getDecoder()
                        .decode(manifests.get(0).path("content").asText()))
                .isEqualTo(tiny);
        assertThat(manifests.get(1).path("name").asText()).isEqualTo("b.bin");
        assertThat(java.util.Base64.getDecoder()
                        .decode(manifests.get(1).path("content").asText()))
                .isEqualTo(small);
        assertThat(manifests.get(1).path("digest").asText())
                .isEqualTo(listing.path("entries").get(1).path("digest").asText());
        assertThat(json(server.get(S + "/list/listed?inline=1000"))
                        .path("manifests")
                        .size())
                .as("only files that fit")
                .isEqualTo(1);
        assertThat(json(server.get(S + "/list/listed")).has("manifests"))
                .as("only when asked")
                .isFalse();
    }

    @Test
    void listing_pages_through_a_folder() throws Exception {
        for (int i = 0; i < 25; i++) server.put(S + "/files/pages/f" + (char) ('a' + i), new byte[] {(byte) i});
        List<String> names = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            JsonNode page = json(server.get(S + "/list/pages?limit=10" + (after == null ? "" : "&after=" + after)));
            page.path("entries").forEach(e -> names.add(e.path("name").asText()));
            after = page.path("next").isTextual() ? page.path("next").asText() : null;
            pages++;
        } while (after != null);
        assertThat(pages).isEqualTo(3);
        assertThat(names).hasSize(25).isSorted();
    }

    @Test
    void a_folder_downloads_as_zip_and_tar_built_on_the_fly() throws Exception {
        byte[] one = random(2, 1_500_000);
        byte[] two = "second".getBytes(StandardCharsets.UTF_8);
        server.put(S + "/files/arch/one.bin", one);
        server.put(S + "/files/arch/sub/two.txt", two);

        Map<String, byte[]> zipped = new HashMap<>();
        try (ZipInputStream zin = new ZipInputStream(new ByteArrayInputStream(
                server.get(S + "/files/arch?archive=zip").body()))) {
            for (ZipEntry e = zin.getNextEntry(); e != null; e = zin.getNextEntry()) {
                if (!e.isDirectory()) zipped.put(e.getName(), zin.readAllBytes());
            }
        }
        assertThat(zipped).containsOnlyKeys("arch/one.bin", "arch/sub/two.txt");
        assertThat(zipped.get("arch/one.bin")).isEqualTo(one);
        assertThat(zipped.get("arch/sub/two.txt")).isEqualTo(two);

        Map<String, byte[]> tarred = new HashMap<>();
        try (TarArchiveInputStream tin = new TarArchiveInputStream(new ByteArrayInputStream(
                server.get(S + "/files/arch?archive=tar").body()))) {
            for (TarArchiveEntry e = tin.getNextEntry(); e != null; e = tin.getNextEntry()) {
                if (!e.isDirectory()) tarred.put(e.getName(), tin.readAllBytes());
            }
        }
        assertThat(tarred.get("arch/one.bin")).isEqualTo(one);
        assertThat(tarred.get("arch/sub/two.txt")).isEqualTo(two);
    }

    @Test
    void an_archive_of_more_files_than_one_group_holds_every_file_exactly() throws Exception {
        // Entries are located 500 at a time: 513 files cross a group boundary, with a file
        // of several chunks, an empty file and the same content under two names among them.
        Map<String, byte[]> expected = new HashMap<>();
        for (int i = 0; i < 510; i++)
            expected.put("many/d" + (i % 7) + "/f" + i, ("file " + i).getBytes(StandardCharsets.UTF_8));
        expected.put("many/big.bin", random(5, 3_000_000));
        expected.put("many/empty", new byte[0]);
        expected.put("many/same-as-f3", "file 3".getBytes(StandardCharsets.UTF_8));
        for (var e : expected.entrySet()) server.put(S + "/files/" + e.getKey(), e.getValue());
        Map<String, byte[]> tarred = new HashMap<>();
        try (TarArchiveInputStream tin = new TarArchiveInputStream(new ByteArrayInputStream(
                server.get(S + "/files/many?archive=tar").body()))) {
            for (TarArchiveEntry e = tin.getNextEntry(); e != null; e = tin.getNextEntry()) {
                if (!e.isDirectory()) tarred.put(e.getName(), tin.readAllBytes());
            }
        }
        assertThat(tarred).containsOnlyKeys(expected.keySet());
        expected.forEach((name, bytes) -> assertThat(tarred.get(name)).as(name).isEqualTo(bytes));
    }

    @Test
    void chunk_protocol_sends_only_what_is_missing_and_commits_a_manifest() throws Exception {
        byte[] a = random(3, 100_000);
        byte[] b = random(4, 50_000);
        String ha = ChunkId.of(a).hex();
        String hb = ChunkId.of(b).hex();
        JsonNode missing = json(
                server.post("/api/v1/teams/default/chunks/missing", "{\"chunks\":[\"" + ha + "\",\"" + hb + "\"]}"));
        assertThat(missing.path("missing")).hasSize(2);
        assertThat(server.put("/api/v1/teams/default/chunks/" + ha, a).statusCode())
                .isEqualTo(201);
        assertThat(server.put("/api/v1/teams/default/chunks/" + ha, a).statusCode())
                .isEqualTo(200);
        assertThat(json(server.post(
                                "/api/v1/teams/default/chunks/missing", "{\"chunks\":[\"" + ha + "\",\"" + hb + "\"]}"))
                        .path("missing")
                        .get(0)
                        .asText())
                .isEqualTo(hb);
        assertThat(server.put("/api/v1/teams/default/chunks/" + hb, b).statusCode())
                .isEqualTo(201);
        String manifest = "{\"chunks\":[{\"id\":\"" + ha + "\",\"size\":100000},{\"id\":\"" + hb
                + "\",\"size\":50000}],\"mtime\":5}";
        assertThat(server.post(S + "/manifest/proto/ab.bin", manifest).statusCode())
                .isEqualTo(201);
        byte[] whole = new byte[150_000];
        System.arraycopy(a, 0, whole, 0, a.length);
        System.arraycopy(b, 0, whole, a.length, b.length);
        assertThat(server.get(S + "/files/proto/ab.bin").body()).isEqualTo(whole);
        JsonNode m = json(server.get(S + "/manifest/proto/ab.bin"));
        assertThat(m.path("chunks").get(1).path("id").asText()).isEqualTo(hb);
        assertThat(server.get(S + "/chunks/" + hb).body()).isEqualTo(b);
    }

    @Test
    void small_files_travel_in_batches_of_chunks_and_commits() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        StringBuilder files = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            byte[] c = random(500 + i, 3000);
            String id = ChunkId.of(c).hex();
            body.writeBytes(BadInputTest.batchRecord(id, c));
            files.append(i == 0 ? "" : ",")
                    .append("{\"path\":\"sub/f")
                    .append(i)
                    .append("\",\"chunks\":[{\"id\":\"")
                    .append(id)
                    .append("\",\"size\":3000}],\"mtime\":")
                    .append(i)
                    .append("}");
        }
        HttpResponse<byte[]> stored = server.send("POST", "/api/v1/teams/default/chunks/batch", body.toByteArray());
        assertThat(json(stored).path("stored").asInt()).isEqualTo(50);
        HttpResponse<byte[]> committed = server.post(S + "/manifests/batched", "{\"files\":[" + files + "]}");
        assertThat(committed.statusCode()).isEqualTo(201);
        assertThat(json(committed).path("digests")).hasSize(50);
        assertThat(server.get(S + "/files/batched/sub/f7").body()).isEqualTo(random(507, 3000));
        assertThat(json(server.get(S + "/stat/batched/sub/f9")).path("mtime").asLong())
                .isEqualTo(9);
    }

    @Test
    void notebook_volumes_reserve_checkpoints() throws Exception {
        assertThat(server.post("/api/v1/teams/default/notebooks", "{\"name\":\"nb1\"}")
                        .statusCode())
                .isEqualTo(201);
        String nb = "/api/v1/teams/default/notebooks/nb1";
        HttpResponse<byte[]> refused = server.post(nb + "/mkdir/checkpoints", "{}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(json(refused).path("detail").asText()).contains("reserved");
        assertThat(server.put(nb + "/files/project/x.txt", new byte[] {1}).statusCode())
                .isEqualTo(201);
        assertThat(server.get(nb + "/files/project/x.txt").body()).isEqualTo(new byte[] {1});
    }
}
