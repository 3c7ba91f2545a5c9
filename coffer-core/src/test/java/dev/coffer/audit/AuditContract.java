package dev.coffer.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.access.Principal;
import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import dev.coffer.testkit.Backend;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** The audit log's storage on every SQL database: transactions, filters and paging. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class AuditContract {
    @TempDir
    Path tmp;

    Database db;
    Audit audit;

    @Parameter
    Backend backend;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(backend.newDatabase(tmp));
        audit = new Audit(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    static AuditEvent event(String actor, Long team, String action, Outcome outcome) {
        return new AuditEvent(new Actor("user", 7L, actor), team, action, "/t/" + action, outcome, "10.0.0.1", null);
    }

    @Test
    void an_event_recorded_in_a_callers_transaction_commits_or_rolls_back_with_it() {
        db.useWrite(h -> audit.record(h, event("ana", 1L, "kept", Outcome.OK)));
        assertThatThrownBy(() -> db.useWrite(h -> {
                    audit.record(h, event("ana", 1L, "rolled-back", Outcome.OK));
                    throw new CofferException.Conflict("the change failed");
                }))
                .isInstanceOf(CofferException.Conflict.class);
        assertThat(audit.list(AuditQuery.all()).events())
                .extracting(RecordedEvent::action)
                .containsExactly("kept");
    }

    @Test
    void denied_records_who_was_refused_what() {
        audit.denied(
                new Principal(3, "mallory", false),
                5L,
                "files.upload",
                "/teams/x/storage/default/files/a",
                "192.0.2.7");
        RecordedEvent e = audit.list(AuditQuery.all()).events().getFirst();
        assertThat(e.actor()).isEqualTo(new Actor("user", 3L, "mallory"));
        assertThat(e.teamId()).isEqualTo(5L);
        assertThat(e.teamName()).isNull(); // no such team (any more): the event stays
        assertThat(e.outcome()).isEqualTo(Outcome.DENIED);
        assertThat(e.remoteAddr()).isEqualTo("192.0.2.7");
        audit.record(new AuditEvent(Actor.ANONYMOUS, null, "x", "t".repeat(5000), Outcome.DENIED, null, null));
        RecordedEvent anonymous = audit.list(AuditQuery.all()).events().getFirst();
        assertThat(anonymous.actor()).isEqualTo(Actor.ANONYMOUS);
        assertThat(anonymous.target()).hasSize(Audit.MAX_TEXT);
    }

    @Test
    void filters_combine_and_pages_follow_each_other_newest_first() {
        for (int i = 0; i < 7; i++)
            audit.record(event(i % 2 == 0 ? "ana" : "bo", i < 4 ? 1L : 2L, "a" + (i % 3), Outcome.OK));
        audit.record(event("bo", 2L, "a0", Outcome.FAILED));
        assertThat(audit.list(filter(1L, null, null, null, 100)).events()).hasSize(4);
        assertThat(audit.list(filter(null, "bo", null, null, 100)).events()).hasSize(4);
        assertThat(audit.list(filter(2L, "bo", "a0", Outcome.FAILED, 100)).events())
                .hasSize(1);
        long firstAt = audit.list(AuditQuery.all()).events().getLast().at();
        assertThat(audit.list(new AuditQuery(null, null, null, null, firstAt, null, null, 100))
                        .events())
                .hasSize(8);
        assertThat(audit.list(new AuditQuery(null, null, null, null, null, firstAt, null, 100))
                        .events())
                .isEmpty();

        AuditQuery.Page one = audit.list(filter(null, null, null, null, 3));
        AuditQuery.Page two = audit.list(new AuditQuery(null, null, null, null, null, null, one.next(), 3));
        AuditQuery.Page three = audit.list(new AuditQuery(null, null, null, null, null, null, two.next(), 3));
        assertThat(one.events()).hasSize(3);
        assertThat(two.events()).hasSize(3);
        assertThat(three.events()).hasSize(2);
        assertThat(three.next()).isNull();
        assertThat(one.events().getFirst().id())
                .isGreaterThan(one.events().getLast().id());
        assertThat(one.events().getLast().id())
                .isGreaterThan(two.events().getFirst().id());
        assertThatThrownBy(() -> filter(null, null, null, null, 1001)).isInstanceOf(CofferException.Invalid.class);
    }

    static AuditQuery filter(Long team, String actor, String action, Outcome outcome, int limit) {
        return new AuditQuery(team, actor, action, outcome, null, null, null, limit);
    }
}
