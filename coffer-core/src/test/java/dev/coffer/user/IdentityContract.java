package dev.coffer.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.access.Principal;
import dev.coffer.access.Tokens;
import dev.coffer.db.Database;
import dev.coffer.db.Dialect;
import dev.coffer.error.CofferException;
import dev.coffer.team.PrivateWorkspaces;
import dev.coffer.team.Teams;
import dev.coffer.testkit.Backend;
import dev.coffer.testkit.PostgresServer;
import dev.coffer.usage.TeamUsage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Users, sign-in counting and the identity migration, on every SQL database Coffer supports. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class IdentityContract {
    static final String PASSWORD = "correct horse battery";

    @TempDir
    Path tmp;

    @Parameter
    Backend backend;

    /** Flyway's view of {@code location}, to stop the schema at an older version. */
    Flyway flyway(String location, String target) {
        var config = Flyway.configure().target(target);
        if (!backend.postgres()) {
            return config.dataSource("jdbc:" + location, null, null)
                    .locations(Dialect.SQLITE.migrationLocation())
                    .load();
        }
        PostgresServer pg = PostgresServer.shared();
        String database = URI.create(location).getPath().substring(1);
        return config.dataSource(pg.jdbcUrl(database), pg.user(), pg.password())
                .locations(Dialect.POSTGRESQL.migrationLocation())
                .load();
    }

    @Test
    void upgrading_gives_existing_users_a_private_workspace_and_keeps_their_tokens() throws Exception {
        String location = backend.newDatabase(tmp);
        // A database as the version before identity left it, with a user and a token in it.
        Flyway v2 = flyway(location, "2");
        v2.migrate();
        try (var c = v2.getConfiguration().getDataSource().getConnection();
                var st = c.createStatement()) {
            st.executeUpdate("INSERT INTO users (name, is_admin, created_at) VALUES ('veteran', 0, 1)");
            st.executeUpdate("INSERT INTO api_tokens (user_id, name, token_hash, created_at) SELECT id, 'old', '"
                    + Tokens.hash("cof_old-token-0123456789") + "', 1 FROM users WHERE name = 'veteran'");
        }
        try (Database db = Database.open(location)) {
            Principal who = new Tokens(db).authenticate("cof_old-token-0123456789");
            assertThat(who.name()).isEqualTo("veteran");
            assertThat(who.kind()).isEqualTo(Principal.Kind.USER);
            assertThat(new PrivateWorkspaces(db).of(who.userId()).orElseThrow().name())
                    .isEqualTo("~veteran");
            long team = new PrivateWorkspaces(db).of(who.userId()).orElseThrow().id();
            assertThat(new PrivateWorkspaces(db).isPersonal(team)).isTrue();
            List<String> roles = db.withHandle(h -> h.createQuery("SELECT role FROM team_members WHERE team_id = :t")
                    .bind("t", team)
                    .mapTo(String.class)
                    .list());
            assertThat(roles).containsExactly("owner");
        }
    }

    @Test
    void attempts_sent_at_once_cannot_slip_past_the_limit() throws Exception {
        try (Database db = Database.open(backend.newDatabase(tmp))) {
            Users users = new Users(db);
            users.create("target", PASSWORD, false);
            Logins logins = new Logins(
                    db,
                    users,
                    new LoginPolicy(
                            5,
                            Duration.ofMinutes(15),
                            Duration.ofMinutes(15),
                            Duration.ZERO,
                            Duration.ofHours(1),
                            Duration.ofDays(1)));
            ExecutorService pool = Executors.newFixedThreadPool(10);
            List<Future<Logins.Outcome>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String guess = "wrong guess " + i;
                answers.add(pool.submit(() -> logins.attempt("target", guess)));
            }
            int refused = 0;
            int locked = 0;
            for (Future<Logins.Outcome> f : answers) {
                if (f.get() instanceof Logins.Refused) refused++;
                if (f.get() instanceof Logins.Locked) locked++;
            }
            pool.shutdown();
            assertThat(refused)
                    .as("only the first four are checked and refused")
                    .isEqualTo(4);
            assertThat(locked).isEqualTo(6);
            assertThat(logins.attempt("target", PASSWORD)).isInstanceOf(Logins.Locked.class);
        }
    }

    @Test
    void a_user_without_a_password_cannot_sign_in_and_may_set_a_first_one() throws Exception {
        try (Database db = Database.open(backend.newDatabase(tmp))) {
            new Teams(db, new TeamUsage(db)).bootstrap("first-start-token-0123456789");
            Users users = new Users(db);
            Logins logins = new Logins(db, users, LoginPolicy.DEFAULT);
            assertThat(users.get("admin").hasPassword()).isFalse();
            assertThat(logins.attempt("admin", PASSWORD)).isInstanceOf(Logins.Refused.class);
            assertThat(logins.changePassword("admin", null, PASSWORD)).isInstanceOf(Logins.SignedIn.class);
            assertThat(logins.attempt("admin", PASSWORD)).isInstanceOf(Logins.SignedIn.class);
            assertThatThrownBy(() -> logins.changePassword("admin", null, "another password"))
                    .isInstanceOf(CofferException.Invalid.class)
                    .hasMessageContaining("current");
        }
    }
}
