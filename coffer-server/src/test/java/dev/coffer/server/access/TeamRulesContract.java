package dev.coffer.server.access;

import static dev.coffer.server.access.AccessMatrixContract.body;
import static dev.coffer.server.access.AccessMatrixContract.json;
import static dev.coffer.server.access.AccessMatrixContract.ok;
import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.server.TestServer;
import dev.coffer.testkit.Backend;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Membership rules over the real API: owners are kept, roles bind at once, Private Workspaces stay private. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class TeamRulesContract {
    static final String TEAM = "/api/v1/teams/acme";

    @TempDir
    Path data;

    @Parameter
    Backend backend;

    @Test
    void a_removed_member_loses_access_at_once_tokens_included() throws Exception {
        try (TestServer s = TestServer.start(data, backend)) {
            String owner = s.addUser("olga");
            String bob = s.addUser("bob");
            ok(s.as(owner, "POST", "/api/v1/teams", json("{'name':'acme'}")), 201);
            ok(s.as(owner, "POST", TEAM + "/members", json("{'user':'bob','role':'member'}")), 201);
            ok(s.as(bob, "PUT", TEAM + "/storage/default/files/bob.txt", new byte[] {7}), 201);
            ok(s.as(bob, "GET", TEAM + "/storage/default/files/bob.txt", null), 200);

            ok(s.as(owner, "PUT", TEAM + "/members/bob", json("{'role':'viewer'}")), 200);
            ok(s.as(bob, "PUT", TEAM + "/storage/default/files/bob2.txt", new byte[] {7}), 403);
            ok(s.as(bob, "GET", TEAM + "/storage/default/files/bob.txt", null), 200);

            ok(s.as(owner, "DELETE", TEAM + "/members/bob", null), 204);
            ok(s.as(bob, "GET", TEAM + "/storage/default/files/bob.txt", null), 404);
            ok(s.as(bob, "GET", TEAM + "/members", null), 404);
            assertThat(body(s.as(bob, "GET", "/api/v1/teams", null))).doesNotContain("acme");
            // The file a removed member wrote stays with the team.
            ok(s.as(owner, "GET", TEAM + "/storage/default/files/bob.txt", null), 200);
        }
    }

    @Test
    void a_team_keeps_an_owner_and_only_owners_touch_owners() throws Exception {
        try (TestServer s = TestServer.start(data, backend)) {
            String owner = s.addUser("olga");
            String admin = s.addUser("adam");
            s.addUser("carl");
            ok(s.as(owner, "POST", "/api/v1/teams", json("{'name':'acme'}")), 201);
            ok(s.as(owner, "POST", TEAM + "/members", json("{'user':'adam','role':'admin'}")), 201);

            ok(s.as(owner, "DELETE", TEAM + "/members/olga", null), 409);
            ok(s.as(owner, "PUT", TEAM + "/members/olga", json("{'role':'admin'}")), 409);
            ok(s.as(admin, "POST", TEAM + "/members", json("{'user':'carl','role':'owner'}")), 403);
            ok(s.as(admin, "PUT", TEAM + "/members/olga", json("{'role':'viewer'}")), 403);
            ok(s.as(admin, "DELETE", TEAM + "/members/olga", null), 403);
            ok(s.as(admin, "POST", TEAM + "/members", json("{'user':'carl','role':'viewer'}")), 201);
            ok(s.as(admin, "POST", TEAM + "/members", json("{'user':'carl','role':'viewer'}")), 409);
            ok(s.as(admin, "POST", TEAM + "/members", json("{'user':'nobody','role':'viewer'}")), 404);
            ok(s.as(admin, "POST", TEAM + "/members", json("{'user':'carl','role':'emperor'}")), 400);
            ok(s.as(admin, "DELETE", TEAM + "/teams", null), 404);
            ok(s.as(admin, "DELETE", TEAM, null), 403);

            // Ownership can be handed over, then the old owner may step down.
            ok(s.as(owner, "PUT", TEAM + "/members/adam", json("{'role':'owner'}")), 200);
            ok(s.as(owner, "PUT", TEAM + "/members/olga", json("{'role':'member'}")), 200);
            assertThat(body(s.as(admin, "GET", TEAM + "/members", null)))
                    .contains("{\"user\":\"olga\",\"role\":\"member\"}")
                    .contains("{\"user\":\"adam\",\"role\":\"owner\"}");
            ok(s.as(owner, "DELETE", TEAM, null), 403);
            ok(s.as(admin, "DELETE", TEAM, null), 204);
            ok(s.as(admin, "GET", TEAM + "/members", null), 404);
        }
    }

    @Test
    void team_names_are_checked_and_unique() throws Exception {
        try (TestServer s = TestServer.start(data, backend)) {
            String owner = s.addUser("olga");
            ok(s.as(owner, "POST", "/api/v1/teams", json("{'name':'acme'}")), 201);
            ok(s.as(owner, "POST", "/api/v1/teams", json("{'name':'acme'}")), 409);
            ok(s.as(owner, "POST", "/api/v1/teams", json("{'name':'~acme'}")), 400);
            ok(s.as(owner, "POST", "/api/v1/teams", json("{'name':'a/b'}")), 400);
            ok(s.as(owner, "POST", "/api/v1/teams", json("{'name':'..'}")), 400);
            ok(s.as(owner, "POST", "/api/v1/teams", json("{}")), 400);
            ok(s.as(owner, "POST", "/api/v1/teams", json("{'name':7}")), 400);
            assertThat(body(s.as(owner, "GET", "/api/v1/teams", null)))
                    .contains("\"acme\"")
                    .doesNotContain("~acme");
        }
    }
}
