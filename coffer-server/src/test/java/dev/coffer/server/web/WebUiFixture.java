package dev.coffer.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.server.TestServer;
import dev.coffer.testkit.Browser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Users with passwords and sign-in, for the web UI's tests. */
final class WebUiFixture {
    static final String PASSWORD = "correct horse battery";
    static final ObjectMapper JSON = new ObjectMapper();

    private WebUiFixture() {}

    /** A user with {@link #PASSWORD}, a member of {@code team} with {@code role} (null: of no team but their own). */
    static void user(TestServer s, String name, String team, String role) {
        ok(s.post("/api/v1/users", "{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}"), 201);
        if (team != null)
            ok(
                    s.post(
                            "/api/v1/teams/" + team + "/members",
                            "{\"user\":\"" + name + "\",\"role\":\"" + role + "\"}"),
                    201);
    }

    /** Signs in through the sign-in page, as a person would. */
    static void signIn(Browser b, TestServer s, String name) {
        b.signIn(s.url(), name, PASSWORD);
    }

    /** A session signed in over the API: {cookie, csrf token}. */
    static String[] session(TestServer s, String name) {
        HttpResponse<byte[]> r = s.send(
                "POST",
                "/api/v1/login",
                ("{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}").getBytes(StandardCharsets.UTF_8),
                "Authorization",
                null,
                "Content-Type",
                "application/json");
        ok(r, 200);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
        return new String[] {cookie, json(r).path("csrfToken").asText()};
    }

    /** A file's digest as the CLI computes it: FastCDC chunks, their SHA-256, the hash of those in order. */
    static String digestOf(java.nio.file.Path file) throws IOException {
        java.util.List<dev.coffer.content.ChunkRef> refs = new java.util.ArrayList<>();
        try (var in = java.nio.file.Files.newInputStream(file)) {
            dev.coffer.chunk.Chunker chunker = new dev.coffer.chunk.Chunker(in);
            for (byte[] c; (c = chunker.next()) != null; )
                refs.add(new dev.coffer.content.ChunkRef(dev.coffer.chunk.ChunkId.of(c), c.length));
        }
        return new dev.coffer.content.Manifest(refs).digest();
    }

    static HttpResponse<byte[]> ok(HttpResponse<byte[]> r, int status) {
        assertThat(r.statusCode())
                .as(new String(r.body(), StandardCharsets.UTF_8))
                .isEqualTo(status);
        return r;
    }

    static JsonNode json(HttpResponse<byte[]> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }
}
