package dev.coffer.server.access;

import static dev.coffer.server.access.AccessMatrixContract.body;
import static dev.coffer.server.access.AccessMatrixContract.json;
import static dev.coffer.server.access.AccessMatrixContract.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.server.TestServer;
import dev.coffer.testkit.Backend;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Storage isolation: a notebook on cluster A cannot reach storage on cluster B by any path or id;
 * a Private Workspace cannot be given a second member; a removed member's tokens stop at once.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class IsolationContract {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String T = "/api/v1/teams/acme";

    @TempDir
    Path data;

    @Parameter
    Backend backend;

    static String notebookToken(TestServer s, String owner, String notebook) throws Exception {
        var r = s.as(owner, "POST", T + "/notebooks/" + notebook + "/tokens", json("{}"));
        ok(r, 201);
        String token = JSON.readTree(r.body()).path("token").asText();
        assertThat(token).startsWith("cofn_");
        return token;
    }

    @Test
    void a_notebook_on_cluster_a_reaches_its_files_and_storage_on_a_and_nothing_on_cluster_b() throws Exception {
        try (TestServer s = TestServer.start(data, backend)) {
            String owner = s.addUser("olga");
            ok(s.post("/api/v1/clusters", "{\"name\":\"a\"}"), 201);
            ok(s.post("/api/v1/clusters", "{\"name\":\"b\"}"), 201);
            ok(s.as(owner, "POST", "/api/v1/teams", json("{'name':'acme'}")), 201);
            ok(s.as(owner, "POST", T + "/notebooks", json("{'name':'lab','cluster':'a'}")), 201);
            ok(s.as(owner, "POST", T + "/notebooks", json("{'name':'far','cluster':'b'}")), 201);
            ok(s.as(owner, "PUT", T + "/storage/a/files/on-a.txt", "A".getBytes()), 201);
            ok(s.as(owner, "PUT", T + "/storage/b/files/on-b.txt", "B".getBytes()), 201);
            ok(s.as(owner, "PUT", T + "/notebooks/far/files/far.txt", "F".getBytes()), 201);
            String lab = notebookToken(s, owner, "lab");

            ok(s.as(lab, "PUT", T + "/notebooks/lab/files/mine.txt", "M".getBytes()), 201);
            assertThat(s.as(lab, "GET", T + "/storage/a/files/on-a.txt", null).body())
                    .isEqualTo("A".getBytes());
            ok(s.as(lab, "PUT", T + "/storage/a/files/from-lab.txt", "L".getBytes()), 201);

            String[][] outOfReach = {
                {"GET", T + "/storage/b/files/on-b.txt"},
                {"GET", T + "/storage/b/list/"},
                {"GET", T + "/storage/b/stat/on-b.txt"},
                {"PUT", T + "/storage/b/files/planted.txt"},
                {"DELETE", T + "/storage/b/files/on-b.txt"},
                {"POST", T + "/storage/b/mkdir/x"},
                {"GET", T + "/storage/b/files/?archive=zip"},
                {"GET", T + "/notebooks/far/files/far.txt"},
                {"GET", T + "/notebooks/far/list/"},
                {"GET", T + "/storage/b/usage/"},
                {"GET", T + "/storage/b/manifest/on-b.txt"},
            };
            for (String[] req : outOfReach) {
                var r = s.as(lab, req[0], req[1], req[0].equals("PUT") ? "X".getBytes() : null);
                assertThat(r.statusCode()).as(req[0] + " " + req[1]).isEqualTo(404);
                assertThat(JSON.readTree(r.body()).path("detail").asText())
                        .as("the answer tells nothing of what is there")
                        .isEqualTo("no such volume");
            }
            for (String sneaky : new String[] {
                T + "/storage/a/files/../../storage/b/files/on-b.txt",
                T + "/storage/a/files/%2e%2e/b/on-b.txt",
                T + "/storage/a%2F..%2Fb/files/on-b.txt",
                "/api/v1/teams/acme/storage/b%00/files/on-b.txt"
            }) {
                HttpResponse<byte[]> r;
                try {
                    r = s.as(lab, "GET", sneaky, null);
                } catch (UncheckedIOException closed) {
                    // The HTTP layer may drop a connection that sent such a path: nothing was served.
                    continue;
                }
                assertThat(r.statusCode()).as(sneaky).isIn(400, 404);
                assertThat(r.body()).isNotEqualTo("B".getBytes());
            }
            var imported = s.as(
                    lab,
                    "POST",
                    T + "/imports",
                    json("{'url':'https://example.com/x','volume':{'kind':'storage','name':'b'}}"));
            assertThat(imported.statusCode()).isEqualTo(404);
            ok(s.as(lab, "DELETE", T + "/storage/a", null), 403);
            ok(s.as(lab, "POST", T + "/members", json("{'user':'olga','role':'viewer'}")), 403);

            // Nothing the notebook tried on cluster b happened.
            ok(s.as(owner, "GET", T + "/stat/planted.txt".replace("/stat", "/storage/b/stat"), null), 404);
            assertThat(s.as(owner, "GET", T + "/storage/b/files/on-b.txt", null).body())
                    .isEqualTo("B".getBytes());
            ok(s.as(owner, "GET", T + "/storage/b/stat/x", null), 404);
        }
    }

    @Test
    void a_private_workspace_never_gets_a_second_member_and_a_removed_member_loses_every_token_at_once()
            throws Exception {
        try (TestServer s = TestServer.start(data, backend)) {
            String owner = s.addUser("olga");
            String bob = s.addUser("bob");
            var created = s.post("/api/v1/users", "{\"name\":\"pia\",\"password\":\"correct horse battery\"}");
            ok(created, 201);
            var pia = "/api/v1/teams/" + "~pia";
            ok(s.post(pia + "/members", "{\"user\":\"bob\",\"role\":\"viewer\"}"), 404);
            var login = s.send(
                    "POST",
                    "/api/v1/login",
                    "{\"name\":\"pia\",\"password\":\"correct horse battery\"}".getBytes(),
                    "Authorization",
                    null,
                    "Content-Type",
                    "application/json");
            ok(login, 200);
            String cookie =
                    login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
            String csrf = JSON.readTree(login.body()).path("csrfToken").asText();
            var tokenAnswer = s.send(
                    "POST",
                    "/api/v1/tokens",
                    "{\"name\":\"t\"}".getBytes(),
                    "Authorization",
                    null,
                    "Cookie",
                    cookie,
                    "X-Coffer-CSRF",
                    csrf,
                    "Content-Type",
                    "application/json");
            ok(tokenAnswer, 201);
            String piaToken = JSON.readTree(tokenAnswer.body()).path("token").asText();
            var refused = s.as(piaToken, "POST", pia + "/members", json("{'user':'bob','role':'viewer'}"));
            ok(refused, 409);
            assertThat(body(refused)).contains("Private Workspace");
            assertThat(body(s.as(piaToken, "GET", pia + "/members", null))).doesNotContain("bob");
            ok(s.as(owner, "POST", "/api/v1/teams", json("{'name':'acme'}")), 201);
            ok(s.as(owner, "POST", T + "/members", json("{'user':'bob','role':'member'}")), 201);
            ok(s.as(owner, "POST", T + "/notebooks", json("{'name':'lab'}")), 201);
            String bobsNotebook = notebookToken(s, bob, "lab");
            ok(s.as(bobsNotebook, "PUT", T + "/notebooks/lab/files/b.txt", "b".getBytes()), 201);

            ok(s.as(owner, "DELETE", T + "/members/bob", null), 204);
            ok(s.as(bob, "GET", T + "/notebooks/lab/files/b.txt", null), 404);
            ok(s.as(bobsNotebook, "GET", T + "/notebooks/lab/files/b.txt", null), 404);
            ok(s.as(bobsNotebook, "PUT", T + "/storage/default/files/late.txt", "x".getBytes()), 404);
            ok(s.as(owner, "GET", T + "/storage/default/stat/late.txt", null), 404);
        }
    }
}
