package dev.coffer.cli;

import dev.coffer.wire.AuditWire;
import dev.coffer.wire.SessionWire;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "audit",
        mixinStandardHelpOptions = true,
        description = {
            "Show the audit log, newest first: every change and every refused request (who, what, when, from where).",
            "Server admins see every team's events unless --team is given; a team's owners and admins see their team's."
        })
final class AuditCommand extends ClientCommand implements Callable<Integer> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    @Option(names = "--actor", paramLabel = "USER", description = "Only events by this user.")
    String actor;

    @Option(
            names = "--action",
            paramLabel = "ACTION",
            description = "Only this action, e.g. files.upload, secrets.set, files.delete.")
    String action;

    @Option(names = "--outcome", paramLabel = "OUTCOME", description = "Only ok, denied or failed.")
    String outcome;

    @Option(names = "--since", paramLabel = "ISO", description = "From this instant on, e.g. 2026-01-31T00:00:00Z.")
    String since;

    @Option(names = "--until", paramLabel = "ISO", description = "Before this instant.")
    String until;

    @Option(names = "--limit", paramLabel = "N", description = "At most N events (1 to 1000; default 100).")
    Integer limit;

    @Option(names = "--before", paramLabel = "ID", description = "Events older than event ID (the next page).")
    Long before;

    @Override
    public Integer call() {
        AuditWire.AuditPage page = api().get("/api/v1/audit" + query(), AuditWire.AuditPage.class);
        if (json) {
            printJson(page);
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"TIME", "ACTOR", "ACTION", "TARGET", "OUTCOME", "FROM"});
        for (AuditWire.AuditEvent e : page.events()) {
            rows.add(new String[] {
                TIME.format(Instant.ofEpochMilli(e.at())),
                e.actor() == null ? "(" + e.actorKind() + ")" : e.actor(),
                e.action(),
                String.valueOf(e.target()),
                String.valueOf(e.outcome()),
                e.remoteAddr() == null ? "" : e.remoteAddr()
            });
        }
        int[] width = new int[6];
        for (String[] r : rows) for (int i = 0; i < 6; i++) width[i] = Math.max(width[i], r[i].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                line.append(i == 5 ? r[i] : String.format("%-" + width[i] + "s  ", r[i]));
            }
            System.out.println(line.toString().stripTrailing());
        }
        if (page.next() != null) System.out.println("(more: add --before " + page.next() + ")");
        return 0;
    }

    /** Filters as query parameters; without --team, only people who are not server admins are limited to their current team. */
    private String query() {
        List<String> q = new ArrayList<>();
        String teamFilter = team;
        if (teamFilter == null && !api().get("/api/v1/me", SessionWire.Me.class).admin()) teamFilter = team();
        add(q, "team", teamFilter);
        add(q, "actor", actor);
        add(q, "action", action);
        add(q, "outcome", outcome);
        add(q, "since", since);
        add(q, "until", until);
        add(q, "limit", limit == null ? null : limit.toString());
        add(q, "before", before == null ? null : before.toString());
        return q.isEmpty() ? "" : "?" + String.join("&", q);
    }

    private static void add(List<String> q, String name, String value) {
        if (value != null) q.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
