package dev.coffer.server.web;

import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.server.http.PageAccess;
import dev.coffer.team.Teams;
import dev.coffer.wire.AuditWire;
import dev.coffer.wire.BillingWire;
import dev.coffer.wire.MemberWire;
import dev.coffer.wire.SecretWire;
import dev.coffer.wire.TokenWire;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.function.Supplier;

/**
 * A team's Admin tab: members and roles, the plan (changed by operators), secrets (names only:
 * set, replace, delete; a value is never sent to a page), your personal API tokens, and the audit
 * log with filters. A section the user may not see says so instead of failing the page.
 */
public final class TeamAdminPage {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private final Services s;
    private final Pages pages;

    TeamAdminPage(Services s, Pages pages) {
        this.s = s;
        this.pages = pages;
    }

    /** A section's content, or why it is not shown. */
    public record Part<T>(T value, String refusal) {
        public boolean shown() {
            return value != null;
        }
    }

    public record AdminView(
            Chrome chrome,
            String api,
            boolean operator,
            Part<MemberWire.MemberList> members,
            Part<BillingWire.PlanAssignment> plan,
            BillingWire.PlanList plans,
            Part<SecretWire.SecretList> secrets,
            TokenWire.TokenList tokens,
            Part<AuditWire.AuditPage> audit,
            Filters filters) {
        public static String time(Long millis) {
            return millis == null ? "" : TIME.format(Instant.ofEpochMilli(millis));
        }

        /** The next (older) page of the log, with the same filters. */
        public String olderUrl() {
            if (!audit.shown() || audit.value().next() == null) return null;
            return chrome.current().url() + "/admin?" + filters.query() + "before="
                    + audit.value().next() + "#audit";
        }
    }

    /** The audit log's filters as the page's form sent them. */
    public record Filters(String actor, String action, String outcome, String since, String until) {
        /** The filters that are set, as a query string without '?' ("" when none is). */
        String query() {
            StringBuilder q = new StringBuilder();
            add(q, "actor", actor);
            add(q, "action", action);
            add(q, "outcome", outcome);
            add(q, "since", since);
            add(q, "until", until);
            return q.isEmpty() ? "" : q.substring(0, q.length() - 1);
        }

        private static void add(StringBuilder q, String name, String value) {
            if (value != null && !value.isBlank())
                q.append(name).append('=').append(WebUi.encode(value)).append('&');
        }
    }

    void show(Context ctx, WebUi.Visitor v) {
        Teams.Team team = PageAccess.team(s, ctx, PageAccess.name(ctx.pathParam("team")));
        Filters filters = new Filters(
                ctx.queryParam("actor"),
                ctx.queryParam("action"),
                ctx.queryParam("outcome"),
                ctx.queryParam("since"),
                ctx.queryParam("until"));
        // The filter form sends its empty fields too; the log's query reads an empty one as a mistake.
        boolean empties = ctx.queryParamMap().entrySet().stream()
                .anyMatch(e -> e.getKey().isBlank() || e.getValue().stream().anyMatch(String::isBlank));
        if (empties) {
            String q = filters.query();
            ctx.redirect(WebUi.teamUrl(team.name()) + "/admin" + (q.isEmpty() ? "" : "?" + q) + "#audit");
            return;
        }
        pages.render(
                ctx,
                200,
                "admin.jte",
                new AdminView(
                        v.chrome(team.name()),
                        "/api/v1/teams/" + WebUi.encode(team.name()),
                        v.who().admin(),
                        part(() -> PageAccess.members(s, ctx, team.name())),
                        part(() -> PageAccess.plan(s, ctx, team.name())),
                        PageAccess.plans(s),
                        part(() -> PageAccess.secrets(s, ctx)),
                        PageAccess.tokens(s, ctx),
                        part(() -> PageAccess.audit(s, ctx, team.name())),
                        filters));
    }

    /** A section, or the sentence of its refusal (not allowed, or a filter the log refuses). */
    private static <T> Part<T> part(Supplier<T> load) {
        try {
            return new Part<>(load.get(), null);
        } catch (CofferException.Forbidden | CofferException.Invalid e) {
            return new Part<>(null, e.getMessage());
        }
    }
}
