package dev.coffer.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.db.Database;
import dev.coffer.db.Dialect;
import dev.coffer.error.CofferException;
import dev.coffer.team.Teams;
import dev.coffer.testkit.Await;
import dev.coffer.testkit.Backend;
import dev.coffer.testkit.TestClock;
import dev.coffer.usage.TeamUsage;
import dev.coffer.volume.Volume;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Authorizer#recheck}: what changed between the start of a request and its commit (a
 * stopped notebook, a revoked token, a lowered or removed role) refuses the commit inside its
 * own transaction, with the refusal a new request would get, and the transaction keeps nothing.
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class RecheckContract {
    @TempDir
    Path tmp;

    final TestClock clock = new TestClock();
    Database db;
    Teams teams;
    Authorizer authorizer;
    NotebookTokens notebookTokens;
    long team;
    long olga;
    long bob;
    Volume storage;
    Volume lab;

    @Parameter
    Backend backend;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(backend.newDatabase(tmp), clock);
        teams = new Teams(db, new TeamUsage(db));
        authorizer = new Authorizer(db);
        notebookTokens = new Tokens(db).notebooks();
        olga = user("olga");
        bob = user("bob");
        team = teams.createTeam("acme", olga).id();
        db.useWrite(h -> h.createUpdate("INSERT INTO team_members (team_id, user_id, role) VALUES (:t, :u, 'member')")
                .bind("t", team)
                .bind("u", bob)
                .execute());
        teams.createCluster("c1");
        teams.createNotebook(team, "lab", "c1");
        lab = teams.notebookVolume(team, "lab");
        storage = teams.storage(team, "c1");
    }

    @AfterEach
    void close() {
        db.close();
    }

    long user(String name) {
        return db.write(
                h -> h.createQuery("INSERT INTO users (name, is_admin, created_at) VALUES (:n, 0, 0) RETURNING id")
                        .bind("n", name)
                        .mapTo(Long.class)
                        .one());
    }

    Principal bobsNotebook() {
        NotebookTokens.Created t = notebookTokens.create(lab.notebookId(), bob, notebookTokens.expiry(null, null));
        return notebookTokens.authenticate(t.token()).orElseThrow();
    }

    /** A commit that writes a row after the recheck; the row tells whether the transaction was kept. */
    void commit(Principal who, Volume v, Action action) {
        db.useWrite(h -> {
            authorizer.recheck(h, who, v, action);
            h.createUpdate("INSERT INTO clusters (name, created_at) VALUES ('committed', 0)")
                    .execute();
        });
    }

    long committed() {
        return db.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM clusters WHERE name = 'committed'")
                .mapTo(Long.class)
                .one());
    }

    /** The refusal {@link Authorizer#check} gives now, to compare with the one the commit got. */
    CofferException refusalOfCheck(Principal who, Volume v, Action action) {
        try {
            authorizer.check(who, v, action);
        } catch (CofferException e) {
            return e;
        }
        throw new AssertionError("check allowed " + action + " on " + v);
    }

    void assertCommitRefusedLikeCheck(Principal who, Volume v, Action action, Class<? extends CofferException> kind) {
        CofferException expected = refusalOfCheck(who, v, action);
        assertThat(expected).isInstanceOf(kind);
        assertThatThrownBy(() -> commit(who, v, action)).isInstanceOf(kind).hasMessage(expected.getMessage());
        assertThat(committed()).as("the refused transaction kept nothing").isZero();
    }

    @Test
    void a_notebook_token_allowed_at_the_start_is_refused_at_commit_once_its_notebook_stopped() {
        Principal nb = bobsNotebook();
        authorizer.check(nb, storage, Action.WRITE);
        teams.setNotebookState(team, "lab", "Stopping");
        assertThatThrownBy(() -> commit(nb, storage, Action.WRITE))
                .isInstanceOf(CofferException.Forbidden.class)
                .hasMessageContaining("'lab' is Stopping")
                .hasMessageContaining("Running");
        assertThatThrownBy(() -> commit(nb, lab, Action.WRITE)).isInstanceOf(CofferException.Forbidden.class);
        assertThat(committed()).isZero();

        teams.setNotebookState(team, "lab", "Stopped");
        teams.setNotebookState(team, "lab", "Starting");
        teams.setNotebookState(team, "lab", "Running");
        commit(nb, storage, Action.WRITE);
        assertThat(committed())
                .as("the same token works again once the notebook runs")
                .isOne();
    }

    @Test
    void a_notebook_token_revoked_or_expired_during_a_request_is_refused_at_commit() {
        Principal nb = bobsNotebook();
        authorizer.check(nb, lab, Action.WRITE);
        notebookTokens.revoke(lab.notebookId(), nb.tokenId());
        assertThatThrownBy(() -> commit(nb, lab, Action.WRITE))
                .isInstanceOf(CofferException.Unauthorized.class)
                .hasMessageContaining("revoked");

        Principal other = bobsNotebook();
        authorizer.check(other, lab, Action.WRITE);
        clock.advance(Duration.ofHours(NotebookTokens.DEFAULT_HOURS).plusMillis(1));
        assertThatThrownBy(() -> commit(other, lab, Action.WRITE))
                .isInstanceOf(CofferException.Unauthorized.class)
                .hasMessageContaining("expired");
        assertThat(committed()).isZero();
    }

    @Test
    void a_member_removed_or_lowered_during_a_request_gets_the_refusal_a_new_request_would_get() {
        Principal member = new Principal(bob, "bob", false);
        authorizer.check(member, storage, Action.WRITE);
        db.useWrite(h -> h.createUpdate("UPDATE team_members SET role = 'viewer' WHERE user_id = :u")
                .bind("u", bob)
                .execute());
        assertCommitRefusedLikeCheck(member, storage, Action.WRITE, CofferException.Forbidden.class);

        db.useWrite(h -> h.createUpdate("DELETE FROM team_members WHERE user_id = :u")
                .bind("u", bob)
                .execute());
        assertCommitRefusedLikeCheck(member, storage, Action.WRITE, CofferException.NotFound.class);
        assertCommitRefusedLikeCheck(bobsNotebookOf(member), storage, Action.WRITE, CofferException.NotFound.class);
    }

    /** A token made while bob was a member, used after he left. */
    Principal bobsNotebookOf(Principal member) {
        return Principal.notebook(
                notebookTokens
                        .create(lab.notebookId(), member.userId(), notebookTokens.expiry(null, null))
                        .id(),
                member.userId(),
                member.name(),
                lab.notebookId(),
                lab.clusterId(),
                lab.teamId());
    }

    @Test
    void a_write_to_notebook_files_is_refused_at_commit_once_the_notebook_is_no_longer_running() {
        Principal owner = new Principal(olga, "olga", false);
        authorizer.check(owner, lab, Action.WRITE);
        teams.setNotebookState(team, "lab", "Stopped");
        assertCommitRefusedLikeCheck(owner, lab, Action.WRITE, CofferException.Conflict.class);
        commit(owner, lab, Action.MANAGE);
        assertThat(committed()).as("deleting a notebook works in any state").isOne();
    }

    @Test
    void dataset_writes_are_rechecked_too() {
        Principal member = new Principal(bob, "bob", false);
        db.useWrite(h -> {
            authorizer.recheckDataset(h, member, team, Action.WRITE);
        });
        Principal nb = bobsNotebook();
        assertThatThrownBy(() -> db.useWrite(h -> authorizer.recheckDataset(h, nb, team, Action.WRITE)))
                .isInstanceOf(CofferException.Forbidden.class)
                .hasMessageContaining("personal token");
        teams.setNotebookState(team, "lab", "Stopping");
        assertThatThrownBy(() -> db.useWrite(h -> authorizer.recheckDataset(h, nb, team, Action.READ)))
                .isInstanceOf(CofferException.Forbidden.class)
                .hasMessageContaining("is Stopping");
        db.useWrite(h -> h.createUpdate("DELETE FROM team_members WHERE user_id = :u")
                .bind("u", bob)
                .execute());
        assertThatThrownBy(() -> db.useWrite(h -> authorizer.recheckDataset(h, member, team, Action.WRITE)))
                .isInstanceOf(CofferException.NotFound.class);
        Principal formerOperator = new Principal(bob, "bob", true);
        assertThatThrownBy(() -> db.useWrite(h -> authorizer.recheckDataset(h, formerOperator, null, Action.WRITE)))
                .isInstanceOf(CofferException.Forbidden.class)
                .hasMessageContaining("operators");
    }

    @Test
    void a_stop_reported_while_a_commit_is_open_waits_for_it_and_the_next_commit_is_refused() throws Exception {
        Principal nb = bobsNotebook();
        CountDownLatch checked = new CountDownLatch(1);
        AtomicLong committedAt = new AtomicLong();
        AtomicLong stoppedAt = new AtomicLong();
        AtomicReference<Thread> stopper = new AtomicReference<>();
        try (var pool = Executors.newFixedThreadPool(2)) {
            var commit = pool.submit(() -> {
                db.useWrite(h -> {
                    authorizer.recheck(h, nb, storage, Action.WRITE);
                    h.createUpdate("INSERT INTO clusters (name, created_at) VALUES ('committed', 0)")
                            .execute();
                    checked.countDown();
                    // The commit stays open until the stop is blocked behind it.
                    Await.until(
                            Duration.ofSeconds(5),
                            "the stop waits for the open commit",
                            () -> waitingForALock(stopper.get()));
                    committedAt.set(System.nanoTime());
                });
                return null;
            });
            assertThat(checked.await(10, TimeUnit.SECONDS)).isTrue();
            var stop = pool.submit(() -> {
                stopper.set(Thread.currentThread());
                teams.setNotebookState(team, "lab", "Stopping");
                stoppedAt.set(System.nanoTime());
            });
            commit.get(10, TimeUnit.SECONDS);
            stop.get(10, TimeUnit.SECONDS);
        }
        assertThat(committed()).isOne();
        assertThat(stoppedAt.get())
                .as("the stop was recorded after the commit that had checked the state")
                .isGreaterThan(committedAt.get());
        assertThatThrownBy(() -> commit(nb, storage, Action.WRITE)).isInstanceOf(CofferException.Forbidden.class);
        assertThat(committed()).isOne();
    }

    /**
     * Whether {@code writer} is blocked by another transaction: on SQLite it is parked on the
     * process's writer lock (its only wait); on PostgreSQL its statement waits for a row lock.
     */
    boolean waitingForALock(Thread writer) {
        if (writer == null) return false;
        if (db.dialect() == Dialect.SQLITE) return writer.getState() == Thread.State.WAITING;
        return db.withHandle(h -> h.createQuery(
                                "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")
                        .mapTo(Long.class)
                        .one())
                > 0;
    }
}
