package dev.coffer.server.http;

import dev.coffer.access.Action;
import dev.coffer.access.Principal;
import dev.coffer.billing.Utilization;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.team.Teams;
import dev.coffer.tree.FileTree;
import dev.coffer.tree.VolumePath;
import dev.coffer.user.Sessions;
import dev.coffer.wire.AuditWire;
import dev.coffer.wire.BillingWire;
import dev.coffer.wire.DatasetWire;
import dev.coffer.wire.MemberWire;
import dev.coffer.wire.NotebookWire;
import dev.coffer.wire.SecretWire;
import dev.coffer.wire.TokenWire;
import dev.coffer.wire.UsageWire;
import io.javalin.http.Context;

/**
 * What the web UI's pages may use of the API's access rules, and nothing more: who the session
 * cookie signs in, the CSRF token of that session, and a tree opened under the same checks as the
 * file API (so another team's tree is "not found" on a page exactly as in the API). Pages only
 * read; every change a page makes goes through the API, audited like any other.
 */
public final class PageAccess {
    private PageAccess() {}

    /** The signed-in user of the session cookie, or null when there is none or it has ended. */
    public static Principal signedIn(Services s, Context ctx) {
        String cookie = ctx.cookie(Authentication.COOKIE);
        if (cookie == null || cookie.isEmpty()) return null;
        try {
            Sessions.Current current = s.sessions().authenticate(cookie);
            ctx.attribute(Api.PRINCIPAL, current.principal());
            return current.principal();
        } catch (CofferException.Unauthorized ended) {
            return null;
        }
    }

    /** The token the pages of this session send with every change (see {@link Authentication}). */
    public static String csrfToken(Context ctx) {
        return Authentication.csrfToken(ctx.cookie(Authentication.COOKIE));
    }

    /** Team {@code name} if the signed-in user may see it; otherwise "not found", as in the API. */
    public static Teams.Team team(Services s, Context ctx, String name) {
        return TeamRoutes.team(s, ctx, name, dev.coffer.access.TeamAction.VIEW);
    }

    /** A team's storage on a cluster or a notebook's workspace, if the user may {@code action} it. */
    public static FileTree volumeTree(Services s, Context ctx, String kind, String team, String name, Action action) {
        return new Trees(s).open(ctx, TreeRef.of(kind, team, name), action);
    }

    /** Whether the signed-in user may change files of that tree (the page then offers it). */
    public static boolean mayWrite(Services s, Context ctx, String kind, String team, String name) {
        try {
            new Trees(s).volume(Api.principal(ctx), TreeRef.of(kind, team, name), Action.WRITE);
            return true;
        } catch (CofferException.Forbidden | CofferException.NotFound no) {
            return false;
        }
    }

    /** The HTTP status the API answers {@code e} with; a page answers with the same. */
    public static int status(CofferException e) {
        return Problems.status(e);
    }

    /** A single name (a team, a cluster, a notebook) from a page's URL, decoded and checked as the API does. */
    public static String name(String raw) {
        return VolumeRequest.decodeName(raw);
    }

    /** A folder path from the end of a page's URL, decoded and checked as the API does. */
    public static VolumePath path(String raw) {
        return raw == null || raw.isEmpty() ? VolumePath.ROOT : VolumeRequest.decodePath(raw);
    }

    /** The team's Storage view, exactly as {@code GET /api/v1/teams/T/storage-view} answers it. */
    public static UsageWire.StorageView storageView(Services s, Context ctx, String team) {
        return new StorageViewRoutes(s).view(team(s, ctx, team));
    }

    /** The team's utilization this month, exactly as {@code GET /api/v1/teams/T/utilization} answers it. */
    public static BillingWire.Utilization utilization(Services s, Context ctx, String team) {
        return new BillingRoutes(s).utilization(team(s, ctx, team), s.db().now(), null, null, Utilization.HOUR, true);
    }

    /** Team {@code team}'s datasets (null: the public ones), as the API lists them. */
    public static DatasetWire.DatasetList datasets(Services s, Context ctx, String team) {
        DatasetRoutes routes = new DatasetRoutes(s);
        return routes.list(routes.teamId(ctx, team, Action.LIST), team);
    }

    /** A dataset with its versions and tags, as the API describes it. */
    public static DatasetWire.DatasetDescription dataset(Services s, Context ctx, String team, String name) {
        DatasetRoutes routes = new DatasetRoutes(s);
        return routes.description(routes.dataset(routes.teamId(ctx, team, Action.READ), name));
    }

    /** The changes between two versions, as the API's diff answers (at most {@code limit} listed). */
    public static DatasetWire.Diff diff(
            Services s, Context ctx, String team, String name, String from, String to, int limit) {
        DatasetRoutes routes = new DatasetRoutes(s);
        return routes.diff(routes.dataset(routes.teamId(ctx, team, Action.READ), name), from, to, limit);
    }

    /** Whether the user may write the datasets of {@code team} (null: the public ones). */
    public static boolean mayWriteDatasets(Services s, Context ctx, String team) {
        try {
            new DatasetRoutes(s).teamId(ctx, team, Action.WRITE);
            return true;
        } catch (CofferException.Forbidden | CofferException.NotFound no) {
            return false;
        }
    }

    /** A notebook's mounts as its settings files declare them (the API's answer). */
    public static NotebookWire.MountList notebookMounts(Services s, Context ctx, String team, String notebook)
            throws java.io.IOException {
        NotebookMountRoutes routes = new NotebookMountRoutes(s);
        return routes.mounts(routes.notebook(ctx, team, notebook, Action.READ));
    }

    /** The team's members and roles, as the API lists them. */
    public static MemberWire.MemberList members(Services s, Context ctx, String team) {
        return new MemberRoutes(s).list(team(s, ctx, team));
    }

    /** The team's secrets (names and times, never values); team admins only, as in the API. */
    public static SecretWire.SecretList secrets(Services s, Context ctx) {
        SecretRoutes routes = new SecretRoutes(s);
        return routes.list(routes.managedTeam(ctx));
    }

    /** The signed-in user's personal tokens. */
    public static TokenWire.TokenList tokens(Services s, Context ctx) {
        return new TokenRoutes(s).own(ctx);
    }

    /** A page of the team's audit log, filtered by the page's query (actor, action, outcome, since, until, before). */
    public static AuditWire.AuditPage audit(Services s, Context ctx, String team) {
        return new AuditRoutes(s).page(ctx, team);
    }

    public static BillingWire.PlanAssignment plan(Services s, Context ctx, String team) {
        return new BillingRoutes(s).plan(team(s, ctx, team));
    }

    public static BillingWire.PlanList plans(Services s) {
        return new BillingRoutes(s).plans();
    }
}
