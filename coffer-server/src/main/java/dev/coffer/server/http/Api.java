package dev.coffer.server.http;

import dev.coffer.access.Caller;
import dev.coffer.access.Principal;
import dev.coffer.server.Services;
import dev.coffer.server.web.WebUi;
import dev.coffer.wire.AdminWire;
import dev.coffer.wire.AuditWire;
import dev.coffer.wire.BillingWire;
import dev.coffer.wire.ChunkWire;
import dev.coffer.wire.JobWire;
import dev.coffer.wire.MemberWire;
import dev.coffer.wire.NotebookWire;
import dev.coffer.wire.SessionWire;
import dev.coffer.wire.TeamWire;
import dev.coffer.wire.TokenWire;
import dev.coffer.wire.UsageWire;
import dev.coffer.wire.UserWire;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.json.JavalinJackson;
import java.util.Map;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.handler.GracefulHandler;

/** Builds the HTTP API: routes split by resource, one error format, one authentication step. */
public final class Api {
    static final String PRINCIPAL = "coffer.principal";
    /** Request headers beyond this size are refused with 431 before any work is done. */
    static final int MAX_HEADER_BYTES = 16 * 1024;

    private Api() {}

    public static Javalin create(Services s) {
        return Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.concurrency.useVirtualThreads = true;
            c.http.compressionStrategy = CompressionStrategy.NONE;
            c.http.maxRequestSize = 1024 * 1024;
            c.jsonMapper(new JavalinJackson(Json.MAPPER, true));
            c.jetty.modifyServer(server -> {
                server.setErrorHandler(new ProblemErrorHandler());
                // Stopping lets the requests in flight finish, for up to shutdown.grace.
                server.setStopTimeout(s.config().shutdown().grace().toMillis());
            });
            c.jetty.modifyHttpConfiguration(hc -> {
                // Paths are decoded and checked by VolumeRequest/VolumePath, which answer with a
                // problem; Jetty's own checks would answer first with a page of HTML.
                hc.setUriCompliance(UriCompliance.UNSAFE);
                hc.setRequestHeaderSize(MAX_HEADER_BYTES);
                hc.setSendServerVersion(false);
            });

            // Bodies and downloads move at the configured pace (GuardedBody); handlers find it in the servlet context.
            c.jetty.modifyServletContextHandler(h -> {
                h.setAttribute(GuardedBody.PACE, s.config().pace());
                // Counts the requests in flight, so that stopping waits for them (and refuses new ones with 503).
                h.insertHandler(new GracefulHandler());
            });
            // First of all: the request's id (for its log lines and its answer) and its clock.
            RequestTelemetry telemetry = new RequestTelemetry(s.metrics());
            c.routes.before(telemetry::before);
            c.routes.exception(Exception.class, (e, ctx) -> Problems.handle(e, ctx));
            c.routes.error(404, ctx -> {
                String type = ctx.res().getContentType();
                // A page's own "not found" (HTML) stays; only a path no route knows gets a problem.
                if (type == null || !(type.startsWith("application/problem+json") || type.startsWith("text/html")))
                    Problems.write(
                            ctx, 404, "not-found", "no such route: " + ctx.method() + " " + ctx.path(), Map.of());
            });
            c.routes.error(
                    405,
                    ctx -> Problems.write(
                            ctx,
                            405,
                            "method-not-allowed",
                            ctx.method() + " is not allowed on " + ctx.path(),
                            Map.of()));

            // Every change and every refusal is recorded here, after the answer is decided.
            AuditTrail trail = new AuditTrail(s);
            c.routes.after(trail::after);
            c.routes.after(telemetry::after);
            s.authorizer().onDenied((who, team, what) -> AuditTrail.markDenied());

            RouteBook book = new RouteBook(c.routes, h -> auth(s, h));
            c.staticFiles.enableWebjars();
            routes(book, s);
            WebUi.register(c, s);
            book.open(
                            HandlerType.GET,
                            "/api/v1/openapi.json",
                            "API",
                            "This document (OpenAPI 3.1)",
                            ctx -> Json.send(ctx, 200, OpenApi.document(book.all(), VERSION)))
                    .returns(Map.class);
            book.open(
                            HandlerType.GET,
                            "/api/docs",
                            "API",
                            "A browsable page of this API",
                            ctx -> ctx.contentType("text/html; charset=utf-8")
                                    .result(OpenApi.page(WebJars.swaggerUi())))
                    .returnsText("text/html", "a page that renders this document with Swagger UI");
        });
    }

    static final String VERSION = "0.1.0";

    /** Every route, by resource; each handler class owns one resource. */
    private static void routes(RouteBook r, Services s) {
        FileRoutes files = new FileRoutes(s);
        ChunkRoutes chunks = new ChunkRoutes(s);
        TeamRoutes teams = new TeamRoutes(s);
        NotebookTokenRoutes notebookTokens = new NotebookTokenRoutes(s);
        MemberRoutes members = new MemberRoutes(s);
        AdminRoutes admin = new AdminRoutes(s);
        ImportRoutes imports = new ImportRoutes(s);
        UserRoutes users = new UserRoutes(s);
        SessionRoutes sessions = new SessionRoutes(s);
        TokenRoutes tokens = new TokenRoutes(s);
        SecretRoutes secrets = new SecretRoutes(s);
        SourceRoutes sources = new SourceRoutes(s);
        AuditRoutes audit = new AuditRoutes(s);
        BillingRoutes billing = new BillingRoutes(s);
        StorageViewRoutes storageView = new StorageViewRoutes(s);

        new HealthRoutes(s).register(r);

        r.open(
                        HandlerType.POST,
                        "/api/v1/login",
                        "Sign-in",
                        "Sign in with name and password; sets the session cookie (web UI)",
                        sessions::login)
                .body(SessionWire.LoginRequest.class)
                .returns(SessionWire.SignedIn.class);
        r.open(HandlerType.POST, "/api/v1/logout", "Sign-in", "End the session of the cookie", sessions::logout)
                .noContent();
        r.get("/api/v1/me", "Teams", "Who the token or session stands for, with their teams", teams::me)
                .returns(SessionWire.Me.class);
        r.put("/api/v1/me/password", "Users", "Change your own password", users::changeOwnPassword)
                .body(UserWire.PasswordChange.class)
                .noContent();
        r.get("/api/v1/users", "Users", "Every user (operators)", users::list).returns(UserWire.UserList.class);
        r.post(
                        "/api/v1/users",
                        "Users",
                        "Create a user with a password and a Private Workspace (operators)",
                        users::create)
                .body(UserWire.CreateUser.class)
                .returns(201, UserWire.User.class);
        r.delete(
                        "/api/v1/users/{name}",
                        "Users",
                        "Delete a user, their tokens, sessions and Private Workspace (operators)",
                        users::delete)
                .noContent();
        r.get("/api/v1/tokens", "Tokens", "Your personal API tokens (operators: ?user=NAME)", tokens::list)
                .query("user", "another user's tokens (operators)")
                .returns(TokenWire.TokenList.class);
        r.post(
                        "/api/v1/tokens",
                        "Tokens",
                        "Create a personal API token; it is shown only in this answer",
                        tokens::create)
                .body(TokenWire.CreateToken.class)
                .returns(201, TokenWire.CreatedToken.class);
        r.delete("/api/v1/tokens/{id}", "Tokens", "Revoke a personal token", tokens::revoke)
                .noContent();
        r.get(
                        "/api/v1/clusters/{cluster}/platform-tokens",
                        "Tokens",
                        "A cluster's platform tokens (operators)",
                        tokens::listPlatform)
                .returns(TokenWire.TokenList.class);
        r.post(
                        "/api/v1/clusters/{cluster}/platform-tokens",
                        "Tokens",
                        "Create a platform token for a notebook platform on this cluster (operators)",
                        tokens::createPlatform)
                .body(TokenWire.CreateToken.class)
                .returns(201, TokenWire.CreatedToken.class);
        r.delete(
                        "/api/v1/clusters/{cluster}/platform-tokens/{id}",
                        "Tokens",
                        "Revoke a platform token (operators)",
                        tokens::revokePlatform)
                .noContent();
        r.get("/api/v1/teams", "Teams", "The teams you belong to (operators: every team)", teams::listTeams)
                .returns(TeamWire.TeamList.class);
        r.post("/api/v1/teams", "Teams", "Create a team; you become its owner", teams::createTeam)
                .body(TeamWire.CreateTeam.class)
                .returns(201, TeamWire.TeamSummary.class);
        r.get("/api/v1/teams/{team}", "Teams", "A team: members, clusters with storage, notebooks", teams::showTeam)
                .returns(TeamWire.Team.class);
        r.delete("/api/v1/teams/{team}", "Teams", "Delete a team with everything in it (owners)", teams::deleteTeam)
                .noContent();
        r.get("/api/v1/teams/{team}/members", "Members", "The team's members and their roles", members::list)
                .returns(MemberWire.MemberList.class);
        r.post(
                        "/api/v1/teams/{team}/members",
                        "Members",
                        "Add a member with a role (admins; owners for owners)",
                        members::add)
                .body(MemberWire.AddMember.class)
                .returns(201, MemberWire.Member.class);
        r.put("/api/v1/teams/{team}/members/{user}", "Members", "Change a member's role", members::setRole)
                .body(MemberWire.RoleChange.class)
                .returns(MemberWire.Member.class);
        r.delete(
                        "/api/v1/teams/{team}/members/{user}",
                        "Members",
                        "Remove a member (or leave the team yourself)",
                        members::remove)
                .noContent();

        r.get("/api/v1/clusters", "Clusters", "The clusters notebooks run on", teams::listClusters)
                .returns(TeamWire.ClusterList.class);
        r.post("/api/v1/clusters", "Clusters", "Register a cluster (operators)", teams::createCluster)
                .body(TeamWire.CreateCluster.class)
                .returns(201, TeamWire.Cluster.class);

        r.get(
                        "/api/v1/teams/{team}/notebooks",
                        "Notebooks",
                        "The team's notebooks with their cluster and state",
                        teams::listNotebooks)
                .returns(NotebookWire.NotebookList.class);
        r.post(
                        "/api/v1/teams/{team}/notebooks",
                        "Notebooks",
                        "Create a notebook on a cluster (state Running)",
                        teams::createNotebook)
                .body(NotebookWire.CreateNotebook.class)
                .returns(201, NotebookWire.Notebook.class);
        r.post(
                        "/api/v1/teams/{team}/notebooks/{name}/state",
                        "Notebooks",
                        "Report a notebook's state (Stopped, Starting, Running, Stopping) along the allowed moves (platform token of its cluster, team admins, operators)",
                        teams::setNotebookState)
                .body(NotebookWire.StateReport.class)
                .returns(NotebookWire.Notebook.class);
        NotebookMountRoutes.register(r, s);
        r.post(
                        "/api/v1/teams/{team}/notebooks/{name}/tokens",
                        "Notebooks",
                        "Make a token for one notebook (shown once): it reaches the notebook's files, its cluster's storage and datasets, only while the notebook is Running",
                        notebookTokens::create)
                .optionalBody(NotebookWire.CreateNotebookToken.class)
                .returns(201, NotebookWire.CreatedNotebookToken.class);
        r.get(
                        "/api/v1/teams/{team}/notebooks/{name}/tokens",
                        "Notebooks",
                        "A notebook's tokens (never their values), revoked and expired ones included",
                        notebookTokens::list)
                .returns(NotebookWire.NotebookTokenList.class);
        r.delete(
                        "/api/v1/teams/{team}/notebooks/{name}/tokens/{id}",
                        "Notebooks",
                        "Revoke a notebook token (its maker, or team admins)",
                        notebookTokens::revoke)
                .noContent();
        r.delete(
                        "/api/v1/teams/{team}/notebooks/{name}",
                        "Notebooks",
                        "Delete a notebook and its files (admins)",
                        teams::deleteNotebook)
                .noContent();
        r.delete(
                        "/api/v1/teams/{team}/storage/{volume}",
                        "Files",
                        "Delete the team's whole storage on a cluster (admins)",
                        teams::deleteStorage)
                .noContent();

        secrets.register(r);
        sources.register(r);
        r.get(
                        "/api/v1/audit",
                        "Audit",
                        "The audit log, newest first (operators; a team's owners and admins with team=NAME)",
                        audit::list)
                .query("team", "a team")
                .query("actor", "a user name")
                .query("action", "an action name")
                .query("outcome", "ok, denied or failed")
                .query("since", "ISO-8601 instant")
                .query("until", "ISO-8601 instant")
                .query("limit", "at most 1000")
                .query("before", "an event id (paging)")
                .returns(AuditWire.AuditPage.class);

        r.get(
                        "/api/v1/teams/{team}/storage-view",
                        "Usage",
                        "Every volume of the team with its size, files and the bytes deleting it would free",
                        storageView::team)
                .returns(UsageWire.StorageView.class);
        r.get("/api/v1/plans", "Billing", "The plans this server offers", billing::listPlans)
                .returns(BillingWire.PlanList.class);
        r.get("/api/v1/teams/{team}/plan", "Billing", "The team's plan and since when", billing::getPlan)
                .returns(BillingWire.PlanAssignment.class);
        r.put(
                        "/api/v1/teams/{team}/plan",
                        "Billing",
                        "Move the team to another plan from now on (operators)",
                        billing::setPlan)
                .body(BillingWire.PlanChange.class)
                .returns(BillingWire.PlanAssignment.class);
        r.get(
                        "/api/v1/teams/{team}/bill",
                        "Billing",
                        "The team's statement for a month (frozen once the month is closed)",
                        billing::bill)
                .query("month", "YYYY-MM; default: this month so far")
                .returns(BillingWire.Statement.class);
        r.get(
                        "/api/v1/teams/{team}/utilization",
                        "Billing",
                        "Usage over time, the included amount, the bill so far and the projected month end",
                        billing::utilization)
                .query("from", "ISO-8601 instant")
                .query("to", "ISO-8601 instant")
                .query("step", "e.g. 1h")
                .query("series", "false to leave out the points")
                .returns(BillingWire.Utilization.class);

        DatasetRoutes.register(r, s);

        r.post(
                        "/api/v1/teams/{team}/imports",
                        "Imports",
                        "Import a URL into a volume folder, in the background (202 with the job)",
                        imports::create)
                .body(JobWire.ImportRequest.class)
                .returns(202, JobWire.Job.class);
        r.get("/api/v1/teams/{team}/jobs", "Imports", "The team's background jobs, newest first", imports::list)
                .query("limit", "at most 1000")
                .returns(JobWire.JobList.class);
        r.get(
                        "/api/v1/teams/{team}/jobs/{id}",
                        "Imports",
                        "A job with its progress (bytes, total when known, rate) or its failure reason",
                        imports::show)
                .returns(JobWire.Job.class);
        r.post("/api/v1/teams/{team}/jobs/{id}/cancel", "Imports", "Cancel a job", imports::cancel)
                .returns(JobWire.Job.class);

        for (String base : new String[] {"/api/v1/teams/{team}/chunks", "/api/v1/public/chunks"}) {
            String whose = base.contains("public") ? "the public datasets (operators)" : "the team";
            r.post(
                            base + "/missing",
                            "Chunks",
                            "Which of these chunks " + whose + " must send: those not stored, or not yet " + whose
                                    + "'s (starts their grace period)",
                            chunks::missing)
                    .body(ChunkWire.MissingRequest.class)
                    .returns(ChunkWire.MissingChunks.class);
            r.put(
                            base + "/{hash}",
                            "Chunks",
                            "Store one chunk for " + whose + "; its bytes must hash to its name",
                            chunks::put)
                    .rawBody("application/octet-stream")
                    .returns(200, ChunkWire.StoredChunk.class)
                    .returns(201, ChunkWire.StoredChunk.class);
            r.post(
                            base + "/batch",
                            "Chunks",
                            "Store many small chunks for " + whose + " in one request",
                            chunks::putBatch)
                    .rawBody("application/octet-stream")
                    .returns(ChunkWire.StoredBatch.class);
        }

        r.get(
                        "/api/v1/admin/status",
                        "Maintenance",
                        "Version, uptime, whether the database and the content store answer, what a collection would remove now, import jobs by state (operators)",
                        admin::status)
                .returns(AdminWire.Status.class);
        r.post(
                        "/api/v1/admin/gc",
                        "Maintenance",
                        "Remove unreferenced content after the grace period (operators)",
                        admin::gc)
                .query("dryRun", "true: only report what would go")
                .query("graceSeconds", "override the grace period")
                .returns(AdminWire.GcReport.class);
        r.get(
                        "/api/v1/admin/traffic",
                        "Maintenance",
                        "Content bytes this server received since it started: what deduplication and resumed uploads did not send (operators)",
                        admin::traffic)
                .returns(AdminWire.Traffic.class);
        r.get(
                        "/api/v1/admin/usage",
                        "Maintenance",
                        "Every team's usage; recount=true compares it with a recount from scratch (operators)",
                        admin::usage)
                .query("recount", "true to count again from the files")
                .returns(AdminWire.UsageReport.class);
        r.post(
                        "/api/v1/admin/usage/repair",
                        "Maintenance",
                        "Rebuild a team's kept usage from its files (operators)",
                        admin::repairUsage)
                .query("team", "the team to repair")
                .returns(AdminWire.UsageRepair.class);
        r.post(
                        "/api/v1/admin/backup-check",
                        "Maintenance",
                        "Whether every blob the database names is in the content store, without reading any (operators): the check for a restored backup",
                        admin::backupCheck)
                .returns(AdminWire.BackupCheck.class);
        r.post(
                        "/api/v1/admin/fsck",
                        "Maintenance",
                        "Re-hash content and check every reference (operators)",
                        admin::fsck)
                .returns(AdminWire.FsckReport.class);

        files.register(r, "/api/v1/teams/{team}/storage/{volume}/", "the team's storage on a cluster");
        files.register(r, "/api/v1/teams/{team}/notebooks/{volume}/", "a notebook's workspace");
        files.register(
                r,
                "/api/v1/teams/{team}/datasets/{ref}/",
                "a version of one of the team's datasets (changes: drafts only)");
        files.register(r, "/api/v1/public/datasets/{ref}/", "a version of a public dataset (changes: drafts only)");
        for (String kind : new String[] {"storage", "notebooks"}) {
            String base = "/api/v1/teams/{team}/" + kind + "/{volume}/";
            String where = kind.equals("storage") ? "the team's storage on a cluster" : "a notebook's workspace";
            for (String suffix : new String[] {"", "/<path>"}) {
                r.get(
                                base + "usage" + suffix,
                                "Usage",
                                "Size, files and the bytes deleting this folder would free, in " + where,
                                storageView::folder)
                        .returns(UsageWire.FolderUsage.class);
            }
        }
    }

    /** Wraps a handler so it runs only for a valid bearer token or session cookie (see {@link Authentication}). */
    static Handler auth(Services s, Handler h) {
        Handler inner = authenticated(s, h);
        return ctx -> AuditTrail.during(ctx, inner);
    }

    private static Handler authenticated(Services s, Handler h) {
        return ctx -> {
            Principal who = Authentication.authenticate(s, ctx);
            ctx.attribute(PRINCIPAL, who);
            s.throttle().admit(who);
            try {
                // Bound for the whole request: write transactions decide again for this caller.
                ScopedValue.where(Caller.CURRENT, who).call(() -> {
                    h.handle(ctx);
                    return null;
                });
            } finally {
                s.throttle().charge(who, ctx);
            }
        };
    }

    static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }
}
