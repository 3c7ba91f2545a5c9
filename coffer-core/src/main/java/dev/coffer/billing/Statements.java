package dev.coffer.billing;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Monthly statements: computed live from the events while a month runs, frozen when it is closed.
 *
 * <p>A frozen statement is the record of what was billed: it is never recomputed or changed,
 * whatever events or plan settings change later. Closing is idempotent, one team per
 * transaction, so an interrupted close is finished by running it again.
 */
public final class Statements {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final TypeReference<List<Statement.Line>> LINES = new TypeReference<>() {};

    private final Database db;
    private final PlanCatalog catalog;

    public Statements(Database db, PlanCatalog catalog) {
        this.db = db;
        this.catalog = catalog;
    }

    /** The current month for the team: amount so far, usage now, projected month-end amount. */
    public CurrentBill current(long teamId, long nowMillis) {
        YearMonth month = Months.of(nowMillis);
        long start = Months.start(month);
        return db.read(h -> {
            Plans.requireTeam(h, teamId);
            // Events up to now only: the projection holds the level of now until the month ends.
            Timeline timeline = EventLog.timeline(
                    h, teamId, start, nowMillis + 1, catalog.defaultPlan().name());
            Bill soFar = Metering.bill(catalog, timeline, start, nowMillis);
            Bill projected = Metering.bill(catalog, timeline, start, Months.end(month));
            Bill.Piece last = projected.pieces().getLast();
            return new CurrentBill(
                    month,
                    nowMillis,
                    last.plan(),
                    last.usageBytes(),
                    last.plan().overageBytes(last.usageBytes()),
                    Statement.of(teamId, month, soFar, null),
                    Statement.of(teamId, month, projected, null));
        });
    }

    public CurrentBill current(long teamId) {
        return current(teamId, db.now());
    }

    /**
     * The team's statement for {@code month}: the frozen one if the month is closed, otherwise
     * one computed now from the events (the month so far, for the current month).
     *
     * @throws CofferException.Invalid for a month that has not started
     */
    public Statement statement(long teamId, YearMonth month, long nowMillis) {
        long start = Months.start(month);
        if (nowMillis < start) {
            throw new CofferException.Invalid(
                    "month " + month + " has not started; ask for " + Months.of(nowMillis) + " or an earlier month");
        }
        return db.read(h -> {
            Plans.requireTeam(h, teamId);
            Optional<Statement> frozen = frozen(h, teamId, month);
            if (frozen.isPresent()) return frozen.get();
            long end = Math.min(Months.end(month), nowMillis);
            return Statement.of(teamId, month, compute(h, teamId, start, end), null);
        });
    }

    public Statement statement(long teamId, YearMonth month) {
        return statement(teamId, month, db.now());
    }

    public record CloseResult(YearMonth month, int frozen, int alreadyFrozen) {}

    /**
     * Freezes the statement of every team for {@code month}, which must have ended. Statements
     * frozen before are left exactly as they are.
     *
     * @throws CofferException.Conflict when the month has not ended yet
     */
    public CloseResult close(YearMonth month, long nowMillis) {
        long end = Months.end(month);
        if (nowMillis < end) {
            throw new CofferException.Conflict(
                    "month " + month + " has not ended; it can be closed from " + Instant.ofEpochMilli(end) + " on");
        }
        List<Long> teams = db.withHandle(h -> h.createQuery("SELECT id FROM teams WHERE created_at < :end ORDER BY id")
                .bind("end", end)
                .mapTo(Long.class)
                .list());
        int frozen = 0;
        for (long team : teams) {
            boolean added = db.write(h -> {
                if (frozen(h, team, month).isPresent()) return false;
                Statement s = Statement.of(team, month, compute(h, team, Months.start(month), end), nowMillis);
                // DO NOTHING: another server closing the same month at the same time froze it first.
                return h.createUpdate("""
                                INSERT INTO statements (team_id, month, plan, overage_gb_months, amount_exact, amount_cents, lines, frozen_at)
                                VALUES (:t, :m, :p, :gbm, :exact, :cents, :lines, :at)
                                ON CONFLICT (team_id, month) DO NOTHING""")
                                .bind("t", team)
                                .bind("m", month.toString())
                                .bind("p", s.plan())
                                .bind("gbm", s.overageGbMonths().toPlainString())
                                .bind("exact", s.amountExact().toPlainString())
                                .bind("cents", s.amountCents())
                                .bind("lines", toJson(s.lines()))
                                .bind("at", nowMillis)
                                .execute()
                        == 1;
            });
            if (added) frozen++;
        }
        return new CloseResult(month, frozen, teams.size() - frozen);
    }

    public CloseResult close(YearMonth month) {
        return close(month, db.now());
    }

    private Bill compute(Handle h, long teamId, long from, long to) {
        Timeline timeline =
                EventLog.timeline(h, teamId, from, to, catalog.defaultPlan().name());
        return Metering.bill(catalog, timeline, from, to);
    }

    private static Optional<Statement> frozen(Handle h, long teamId, YearMonth month) {
        return h.createQuery("""
                        SELECT plan, overage_gb_months, amount_exact, amount_cents, lines, frozen_at
                        FROM statements WHERE team_id = :t AND month = :m""")
                .bind("t", teamId)
                .bind("m", month.toString())
                .map((rs, ctx) -> new Statement(
                        teamId,
                        month,
                        rs.getString(1),
                        new BigDecimal(rs.getString(2)),
                        new BigDecimal(rs.getString(3)),
                        rs.getLong(4),
                        fromJson(rs.getString(5)),
                        rs.getLong(6)))
                .findOne();
    }

    private static String toJson(List<Statement.Line> lines) {
        try {
            return JSON.writeValueAsString(lines);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("statement lines did not serialise", e);
        }
    }

    private static List<Statement.Line> fromJson(String json) {
        try {
            return List.copyOf(JSON.readValue(json, LINES));
        } catch (JsonProcessingException e) {
            throw new CofferException.Corrupt("a frozen statement's lines are not readable: " + e.getOriginalMessage());
        }
    }
}
