package dev.coffer.server.http;

import dev.coffer.access.Principal;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.user.Sessions;
import io.javalin.http.Context;
import java.net.URI;

/**
 * Who sends a request: a bearer token ({@code Authorization: Bearer TOKEN}, personal or
 * platform) or the web session cookie. Both are looked up in the database on every request, so
 * a revoked token, an ended session or a deleted user is refused at once.
 *
 * <p>Why the CSRF rule: a browser attaches the session cookie to every request to this server,
 * also to one that another web site makes it send (a hidden form, a script). SameSite=Strict
 * already keeps the cookie off most of those; as a second, independent guard, a request that is
 * signed in by the cookie and changes something (any method but GET and HEAD) must carry the
 * header {@code X-Coffer-CSRF: 1}, which a plain cross-site form cannot set and a cross-site
 * script may only set after a CORS preflight that this server never approves, or an
 * {@code Origin} header equal to this server's own. Bearer tokens need no such guard: a browser
 * never adds them by itself.
 */
final class Authentication {
    static final String COOKIE = "coffer_session";
    static final String CSRF_HEADER = "X-Coffer-CSRF";
    /** Request attribute: the id of the session a cookie-authenticated request belongs to. */
    static final String SESSION_ID = "coffer.session";

    private Authentication() {}

    static Principal authenticate(Services s, Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null) {
            String token = header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? header.substring(7).strip()
                    : null;
            if (token == null) throw new CofferException.Unauthorized("use 'Authorization: Bearer TOKEN'");
            return s.tokens().authenticate(token);
        }
        String cookie = ctx.cookie(COOKIE);
        if (cookie != null && !cookie.isEmpty()) {
            Sessions.Current current = s.sessions().authenticate(cookie);
            requireSameOrigin(s, ctx);
            ctx.attribute(SESSION_ID, current.sessionId());
            return current.principal();
        }
        throw new CofferException.Unauthorized(
                "sign in first: send 'Authorization: Bearer TOKEN', or sign in with POST /api/v1/login");
    }

    /** The CSRF rule above, for a request that the session cookie signs in. */
    static void requireSameOrigin(Services s, Context ctx) {
        String method = ctx.req().getMethod();
        if (method.equals("GET") || method.equals("HEAD")) return;
        if ("1".equals(ctx.header(CSRF_HEADER))) return;
        String origin = ctx.header("Origin");
        if (origin != null && (origin.equals(ctx.scheme() + "://" + ctx.host()) || origin.equals(publicOrigin(s))))
            return;
        throw new CofferException.Forbidden(
                "a request signed in by the session cookie that changes something must send the header '" + CSRF_HEADER
                        + ": 1' (or come from this server's own pages); this keeps other web sites from acting in your name");
    }

    private static String publicOrigin(Services s) {
        String url = s.config().publicUrl();
        if (url == null) return null;
        URI u = URI.create(url);
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
    }

    /** Sets the session cookie: readable by no script, sent to this site only, for the whole API and UI. */
    static void setCookie(Services s, Context ctx, String secret, long maxAgeSeconds) {
        ctx.res()
                .addHeader(
                        "Set-Cookie",
                        COOKIE + "=" + secret + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + maxAgeSeconds
                                + (secure(s, ctx) ? "; Secure" : ""));
    }

    static void clearCookie(Services s, Context ctx) {
        ctx.res()
                .addHeader(
                        "Set-Cookie",
                        COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"
                                + (secure(s, ctx) ? "; Secure" : ""));
    }

    private static boolean secure(Services s, Context ctx) {
        String url = s.config().publicUrl();
        return ctx.scheme().equals("https") || (url != null && url.startsWith("https:"));
    }
}
