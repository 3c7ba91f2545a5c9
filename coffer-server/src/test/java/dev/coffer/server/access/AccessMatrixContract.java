package dev.coffer.server.access;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.access.Action;
import dev.coffer.server.TestServer;
import dev.coffer.testkit.Backend;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The authorization matrix over the real HTTP API: every kind of caller × every volume kind ×
 * every action gets the answer documented in docs/user-guide.md ("Roles"), and a refused change
 * changes nothing while an allowed one really happens.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class AccessMatrixContract {
    enum Who {
        OWNER,
        ADMIN,
        MEMBER,
        VIEWER,
        OUTSIDER,
        OPERATOR,
        PLATFORM,
        ANONYMOUS,
        /** The member's notebook token for notebook lab (Running), on cluster default. */
        NOTEBOOK,
        /** The member's notebook token for notebook idle, which is Stopped. */
        NOTEBOOK_STOPPED;

        /** The user's name (and, for team members, the role's name is {@link #role()}). */
        String user() {
            return "u-" + name().toLowerCase();
        }

        String role() {
            return name().toLowerCase();
        }
    }

    enum Kind {
        NOTEBOOK,
        STORAGE,
        TEAM_DATASET,
        PUBLIC_DATASET
    }

    static final String TEAM = "/api/v1/teams/acme";

    @TempDir
    Path data;

    @Parameter
    Backend backend;

    /** The documented answer: the HTTP status of each cell. */
    static int expected(Who who, Kind kind, Action action) {
        // A platform token only reports notebook states: to it, every volume and dataset is unknown.
        if (who == Who.PLATFORM) return 404;
        // A notebook token of a notebook that is not Running is refused whatever it asks.
        if (who == Who.NOTEBOOK_STOPPED) return 403;
        if (who == Who.NOTEBOOK) {
            return switch (kind) {
                // Its own notebook and its cluster's storage; the volumes MANAGE targets are other ones.
                case NOTEBOOK, STORAGE -> action == Action.MANAGE ? 404 : success(action);
                case TEAM_DATASET, PUBLIC_DATASET -> action == Action.LIST || action == Action.READ ? 200 : 403;
            };
        }
        if (kind == Kind.PUBLIC_DATASET) {
            if (who == Who.ANONYMOUS) return 401;
            if (who == Who.OPERATOR) return success(action);
            return action == Action.LIST || action == Action.READ ? 200 : 403;
        }
        return switch (who) {
            case OWNER, ADMIN -> success(action);
            case MEMBER -> action == Action.MANAGE ? 403 : success(action);
            case VIEWER -> action == Action.LIST || action == Action.READ ? 200 : 403;
            case OUTSIDER, OPERATOR, PLATFORM -> 404;
            case ANONYMOUS -> 401;
            case NOTEBOOK, NOTEBOOK_STOPPED -> throw new IllegalStateException("decided above");
        };
    }

    static int success(Action action) {
        return switch (action) {
            case LIST, READ -> 200;
            case WRITE -> 201;
            case DELETE, MANAGE -> 204;
        };
    }

    @Test
    void every_caller_gets_the_documented_answer_for_every_volume_kind_and_action() throws Exception {
        try (TestServer s = TestServer.start(data, backend)) {
            Map<Who, String> tokens = new EnumMap<>(Who.class);
            tokens.put(Who.OPERATOR, TestServer.TOKEN);
            tokens.put(Who.ANONYMOUS, null);
            var platform = s.post("/api/v1/clusters/default/platform-tokens", "{\"name\":\"scheduler\"}");
            ok(platform, 201);
            tokens.put(
                    Who.PLATFORM, JSON.readTree(platform.body()).path("token").asText());
            for (Who w : List.of(Who.OWNER, Who.ADMIN, Who.MEMBER, Who.VIEWER, Who.OUTSIDER))
                tokens.put(w, s.addUser(w.user()));
            String owner = tokens.get(Who.OWNER);
            ok(s.as(owner, "POST", "/api/v1/teams", json("{'name':'acme'}")), 201);
            for (Who w : List.of(Who.ADMIN, Who.MEMBER, Who.VIEWER)) {
                ok(
                        s.as(
                                owner,
                                "POST",
                                TEAM + "/members",
                                json("{'user':'" + w.user() + "','role':'" + w.role() + "'}")),
                        201);
            }
            ok(s.as(tokens.get(Who.OUTSIDER), "POST", "/api/v1/teams", json("{'name':'other'}")), 201);
            ok(s.as(owner, "POST", TEAM + "/notebooks", json("{'name':'lab'}")), 201);
            ok(s.as(owner, "POST", TEAM + "/notebooks", json("{'name':'idle'}")), 201);
            tokens.put(Who.NOTEBOOK, notebookToken(s, tokens.get(Who.MEMBER), "lab"));
            tokens.put(Who.NOTEBOOK_STOPPED, notebookToken(s, tokens.get(Who.MEMBER), "idle"));
            ok(s.as(owner, "POST", TEAM + "/notebooks/idle/state", json("{'state':'Stopped'}")), 200);
            byte[] secret = "acme's data".getBytes(StandardCharsets.UTF_8);
            for (Kind k : List.of(Kind.NOTEBOOK, Kind.STORAGE))
                ok(s.as(owner, "PUT", base(k) + "/files/read.txt", secret), 201);
            // Each dataset has a committed version 1 holding read.txt.
            ok(s.as(owner, "POST", TEAM + "/datasets", json("{'name':'ds'}")), 201);
            ok(s.post(PUBLIC, "{\"name\":\"ds\"}"), 201);
            for (Kind k : List.of(Kind.TEAM_DATASET, Kind.PUBLIC_DATASET)) {
                String maker = k == Kind.TEAM_DATASET ? owner : TestServer.TOKEN;
                ok(s.as(maker, "POST", datasets(k) + "/ds/versions", json("{}")), 201);
                ok(s.as(maker, "PUT", datasets(k) + "/ds:1/files/read.txt", secret), 201);
                ok(s.as(maker, "POST", datasets(k) + "/ds/versions/1/commit", json("{}")), 200);
            }

            List<String> wrong = new ArrayList<>();
            int cells = 0;
            for (Who who : Who.values()) {
                for (Kind kind : Kind.values()) {
                    for (Action action : Action.values()) {
                        int want = expected(who, kind, action);
                        int got = attempt(s, owner, tokens.get(who), who, kind, action, want, secret);
                        cells++;
                        if (got != want)
                            wrong.add(who + " × " + kind + " × " + action + ": expected " + want + ", got " + got);
                    }
                }
            }
            assertThat(wrong).as("cells that differ from the documented matrix").isEmpty();
            assertThat(cells).isEqualTo(Who.values().length * Kind.values().length * Action.values().length);
        }
    }

    static final String PUBLIC = "/api/v1/public/datasets";

    static String notebookToken(TestServer s, String maker, String notebook) throws Exception {
        HttpResponse<byte[]> r = s.as(maker, "POST", TEAM + "/notebooks/" + notebook + "/tokens", json("{}"));
        ok(r, 201);
        return JSON.readTree(r.body()).path("token").asText();
    }

    static String base(Kind kind) {
        return switch (kind) {
            case NOTEBOOK -> TEAM + "/notebooks/lab";
            case STORAGE -> TEAM + "/storage/default";
            case TEAM_DATASET, PUBLIC_DATASET -> datasets(kind) + "/ds";
        };
    }

    static String datasets(Kind kind) {
        return kind == Kind.PUBLIC_DATASET ? PUBLIC : TEAM + "/datasets";
    }

    /** Makes the request of one cell and checks its effect; returns the status it got. */
    private int attempt(
            TestServer s, String owner, String token, Who who, Kind kind, Action action, int want, byte[] secret)
            throws Exception {
        if (kind == Kind.TEAM_DATASET || kind == Kind.PUBLIC_DATASET) {
            return attemptDataset(s, kind == Kind.TEAM_DATASET ? owner : TestServer.TOKEN, token, kind, action, secret);
        }
        String name = who.name().toLowerCase();
        return switch (action) {
            case LIST -> {
                HttpResponse<byte[]> r = s.as(token, "GET", base(kind) + "/list/", null);
                if (r.statusCode() == 200) assertThat(body(r)).contains("read.txt");
                else assertThat(body(r)).doesNotContain("read.txt");
                yield r.statusCode();
            }
            case READ -> {
                HttpResponse<byte[]> r = s.as(token, "GET", base(kind) + "/files/read.txt", null);
                if (r.statusCode() == 200) assertThat(r.body()).isEqualTo(secret);
                else assertThat(body(r)).doesNotContain("acme's data");
                yield r.statusCode();
            }
            case WRITE -> {
                HttpResponse<byte[]> r = s.as(token, "PUT", base(kind) + "/files/w-" + name + ".txt", secret);
                int exists = s.as(owner, "GET", base(kind) + "/stat/w-" + name + ".txt", null)
                        .statusCode();
                assertThat(exists)
                        .as(who + " write to " + kind + " took effect")
                        .isEqualTo(r.statusCode() == 201 ? 200 : 404);
                yield r.statusCode();
            }
            case DELETE -> {
                ok(s.as(owner, "PUT", base(kind) + "/files/d-" + name + ".txt", secret), 201);
                HttpResponse<byte[]> r = s.as(token, "DELETE", base(kind) + "/files/d-" + name + ".txt", null);
                int exists = s.as(owner, "GET", base(kind) + "/stat/d-" + name + ".txt", null)
                        .statusCode();
                assertThat(exists)
                        .as(who + " delete in " + kind + " took effect")
                        .isEqualTo(r.statusCode() == 204 ? 404 : 200);
                yield r.statusCode();
            }
            case MANAGE ->
                kind == Kind.NOTEBOOK ? manageNotebook(s, owner, token, name) : manageStorage(s, owner, token, name);
        };
    }

    /**
     * Datasets: list and read the latest version; write = start a draft; delete = delete a file
     * from a draft; manage = delete a committed version. {@code maker} prepares what each cell needs.
     */
    private int attemptDataset(TestServer s, String maker, String token, Kind kind, Action action, byte[] secret)
            throws Exception {
        String ds = datasets(kind) + "/ds";
        return switch (action) {
            case LIST -> {
                HttpResponse<byte[]> r = s.as(token, "GET", ds + "/list/", null);
                if (r.statusCode() == 200) assertThat(body(r)).contains("read.txt");
                yield r.statusCode();
            }
            case READ -> {
                HttpResponse<byte[]> r = s.as(token, "GET", ds + "/files/read.txt", null);
                if (r.statusCode() == 200) assertThat(r.body()).isEqualTo(secret);
                else assertThat(body(r)).doesNotContain("acme's data");
                yield r.statusCode();
            }
            case WRITE -> {
                int before = versions(s, maker, ds);
                HttpResponse<byte[]> r = s.as(token, "POST", ds + "/versions", json("{}"));
                assertThat(versions(s, maker, ds))
                        .as("a draft was started")
                        .isEqualTo(r.statusCode() == 201 ? before + 1 : before);
                yield r.statusCode();
            }
            case DELETE -> {
                int n = newVersion(s, maker, ds, secret, false);
                HttpResponse<byte[]> r = s.as(token, "DELETE", ds + ":" + n + "/files/d.txt", null);
                int after =
                        s.as(maker, "GET", ds + ":" + n + "/stat/d.txt", null).statusCode();
                assertThat(after).as("file deleted from the draft").isEqualTo(r.statusCode() == 204 ? 404 : 200);
                yield r.statusCode();
            }
            case MANAGE -> {
                int n = newVersion(s, maker, ds, secret, true);
                HttpResponse<byte[]> r = s.as(token, "DELETE", ds + "/versions/" + n, null);
                int after = s.as(maker, "GET", ds + "/versions/" + n, null).statusCode();
                assertThat(after).as("version deleted").isEqualTo(r.statusCode() == 204 ? 404 : 200);
                yield r.statusCode();
            }
        };
    }

    private static int versions(TestServer s, String maker, String ds) throws Exception {
        return AccessMatrixContract.JSON
                .readTree(s.as(maker, "GET", ds + "/versions", null).body())
                .path("versions")
                .size();
    }

    /** A new version holding d.txt: a draft, or committed. Returns its number. */
    private static int newVersion(TestServer s, String maker, String ds, byte[] secret, boolean commit)
            throws Exception {
        HttpResponse<byte[]> draft = s.as(maker, "POST", ds + "/versions", json("{}"));
        ok(draft, 201);
        int n = AccessMatrixContract.JSON.readTree(draft.body()).path("number").asInt();
        ok(s.as(maker, "PUT", ds + ":" + n + "/files/d.txt", secret), 201);
        if (commit) ok(s.as(maker, "POST", ds + "/versions/" + n + "/commit", json("{}")), 200);
        return n;
    }

    /** Managing a notebook volume: deleting the notebook with its files. */
    private int manageNotebook(TestServer s, String owner, String token, String name) {
        ok(s.as(owner, "POST", TEAM + "/notebooks", json("{'name':'m-" + name + "'}")), 201);
        ok(s.as(owner, "PUT", TEAM + "/notebooks/m-" + name + "/files/keep.txt", new byte[] {1}), 201);
        HttpResponse<byte[]> r = s.as(token, "DELETE", TEAM + "/notebooks/m-" + name, null);
        int after = s.as(owner, "GET", TEAM + "/notebooks/m-" + name + "/stat/keep.txt", null)
                .statusCode();
        assertThat(after).as("notebook m-" + name + " deleted").isEqualTo(r.statusCode() == 204 ? 404 : 200);
        return r.statusCode();
    }

    /** Managing a storage volume: deleting the team's whole storage on a cluster. */
    private int manageStorage(TestServer s, String owner, String token, String name) {
        ok(s.post("/api/v1/clusters", "{\"name\":\"c-" + name + "\"}"), 201);
        ok(s.as(owner, "PUT", TEAM + "/storage/c-" + name + "/files/keep.txt", new byte[] {1}), 201);
        HttpResponse<byte[]> r = s.as(token, "DELETE", TEAM + "/storage/c-" + name, null);
        int after = s.as(owner, "GET", TEAM + "/storage/c-" + name + "/stat/keep.txt", null)
                .statusCode();
        assertThat(after).as("storage on c-" + name + " deleted").isEqualTo(r.statusCode() == 204 ? 404 : 200);
        return r.statusCode();
    }

    static final ObjectMapper JSON = new ObjectMapper();

    static void ok(HttpResponse<byte[]> r, int status) {
        assertThat(r.statusCode()).as(body(r)).isEqualTo(status);
    }

    static String body(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    static byte[] json(String singleQuoted) {
        return singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }
}
