package dev.coffer.server.web;

import dev.coffer.access.Caller;
import dev.coffer.access.Principal;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.server.http.PageAccess;
import dev.coffer.server.http.WebJars;
import dev.coffer.team.PrivateWorkspaces;
import dev.coffer.team.Teams;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The web UI's routes: sign-in, a team's page, the file manager, and the script and styles they use. */
public final class WebUi {
    static final String PREFIX = "/ui";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WebUi.class);

    private WebUi() {}

    /** A page for a signed-in user: it gets the user, and the chrome to wrap its content in. */
    interface SignedInPage {
        void handle(Context ctx, Visitor visitor) throws Exception;
    }

    /** The signed-in user of a page request. */
    record Visitor(Principal who, String csrf, List<Teams.Team> teams, String htmx) {
        Chrome chrome(String currentTeam) {
            String own = PrivateWorkspaces.nameFor(who.name());
            return new Chrome(
                    who.name(),
                    who.admin(),
                    csrf,
                    teams.stream()
                            .map(t -> new Chrome.TeamLink(
                                    t.name(),
                                    t.name().equals(own) ? "Private Workspace" : t.name(),
                                    teamUrl(t.name()),
                                    t.name().equals(currentTeam)))
                            .toList(),
                    htmx);
        }
    }

    public static void register(JavalinConfig c, Services s) {
        c.staticFiles.add(files -> {
            files.hostedPath = PREFIX + "/assets";
            files.directory = "/web";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Cache-Control", "no-cache", "X-Content-Type-Options", "nosniff");
        });
        Pages pages = new Pages();
        SignInPage signIn = new SignInPage(pages);
        TeamPage team = new TeamPage(s, pages);
        FilesPage files = new FilesPage(s, pages);
        UsagePages usage = new UsagePages(s, pages);
        DatasetPages datasets = new DatasetPages(s, pages);
        NotebookPage notebook = new NotebookPage(s, pages);
        TeamAdminPage admin = new TeamAdminPage(s, pages);
        c.routes.get("/", ctx -> home(s, ctx));
        c.routes.get("/login", signIn::show);
        c.routes.get(PREFIX + "/teams/{team}", signedIn(s, pages, team::show));
        c.routes.get(PREFIX + "/teams/{team}/storage", signedIn(s, pages, usage::storage));
        c.routes.get(PREFIX + "/teams/{team}/utilization", signedIn(s, pages, usage::utilization));
        c.routes.get(PREFIX + "/teams/{team}/datasets", signedIn(s, pages, datasets::list));
        c.routes.get(PREFIX + "/teams/{team}/admin", signedIn(s, pages, admin::show));
        c.routes.get(PREFIX + "/teams/{team}/notebooks/{name}", signedIn(s, pages, notebook::show));
        c.routes.get(
                PREFIX + "/teams/{team}/datasets/{name}", signedIn(s, pages, (ctx, v) -> datasets.show(ctx, v, false)));
        c.routes.get(
                PREFIX + "/teams/{team}/public-datasets/{name}",
                signedIn(s, pages, (ctx, v) -> datasets.show(ctx, v, true)));
        for (String suffix : new String[] {"", "/<path>"})
            c.routes.get(PREFIX + "/teams/{team}/{kind}/{volume}/files" + suffix, signedIn(s, pages, files::show));
    }

    /** Signed in: the first team's page (a team before the Private Workspace); otherwise the sign-in page. */
    private static void home(Services s, Context ctx) {
        Principal who = PageAccess.signedIn(s, ctx);
        if (who == null) {
            ctx.redirect("/login");
            return;
        }
        List<Teams.Team> teams = s.teams().teamsOf(who);
        String own = PrivateWorkspaces.nameFor(who.name());
        String first = teams.stream()
                .map(Teams.Team::name)
                .filter(n -> !n.equals(own))
                .findFirst()
                .orElse(own);
        ctx.redirect(teamUrl(first));
    }

    static String teamUrl(String team) {
        return PREFIX + "/teams/" + encode(team);
    }

    static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Runs {@code page} for the session's user, or sends the browser to sign in first. A refusal
     * becomes a page that says it in a sentence, with the API's status (another team's objects:
     * "not found", as in the API).
     */
    private static io.javalin.http.Handler signedIn(Services s, Pages pages, SignedInPage page) {
        return ctx -> {
            Principal who = PageAccess.signedIn(s, ctx);
            if (who == null) {
                String next = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
                ctx.redirect("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
                return;
            }
            Visitor visitor =
                    new Visitor(who, PageAccess.csrfToken(ctx), s.teams().teamsOf(who), WebJars.htmx());
            try {
                ScopedValue.where(Caller.CURRENT, who).call(() -> {
                    page.handle(ctx, visitor);
                    return null;
                });
            } catch (CofferException e) {
                int status = PageAccess.status(e);
                pages.render(
                        ctx,
                        status,
                        "error.jte",
                        new ErrorView(visitor.chrome(ctx.pathParamMap().get("team")), status, e.getMessage()));
            } catch (RuntimeException e) {
                LOG.error("page {} failed", ctx.path(), e);
                pages.render(
                        ctx,
                        500,
                        "error.jte",
                        new ErrorView(
                                visitor.chrome(ctx.pathParamMap().get("team")),
                                500,
                                "This page could not be shown; the server log has the details."));
            }
        };
    }

    /** A refusal or a failure, as a page. */
    public record ErrorView(Chrome chrome, int status, String message) {
        public String title() {
            return switch (status) {
                case 404 -> "Not found";
                case 403 -> "Not allowed";
                case 400, 422 -> "Cannot do that";
                case 409 -> "Not available now";
                default -> "Something went wrong";
            };
        }
    }
}
