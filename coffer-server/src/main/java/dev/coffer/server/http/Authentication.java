package dev.coffer.server.http;

import dev.coffer.access.Principal;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.user.Sessions;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Who sends a request: a bearer token ({@code Authorization: Bearer TOKEN}, personal or
 * platform) or the web session cookie. Both are looked up in the database on every request, so
 * a revoked token, an ended session or a deleted user is refused at once.
 *
 * <p>Why the CSRF rule: a browser attaches the session cookie to every request to this server,
 * also to one that another web site makes it send (a hidden form, a script). SameSite=Strict
 * already keeps the cookie off most of those; as a second, independent guard, a request that is
 * signed in by the cookie and changes something (any method but GET and HEAD) must carry the
 * header {@code X-Coffer-CSRF} with the session's token: a value derived from the session's
 * secret, which only this server's pages (and the sign-in answer) hand out. Another site can
 * neither read it nor set a header without a CORS preflight that this server never approves; a
 * plain form post carries no header at all. Bearer tokens need no such guard: a browser never
 * adds them by itself.
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
        String sent = ctx.header(CSRF_HEADER);
        String expected = csrfToken(ctx.cookie(COOKIE));
        if (sent != null
                && MessageDigest.isEqual(
                        sent.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8))) return;
        throw new CofferException.Forbidden("a request signed in by the session cookie that changes something must send"
                + " the header '" + CSRF_HEADER + "' with the session's token (the sign-in answer's csrfToken, or the"
                + " page's); this keeps other web sites from acting in your name");
    }

    /**
     * The CSRF token of a session: a hash of its secret under a label of its own, so it opens
     * nothing by itself (the session is looked up by another hash of the secret).
     */
    static String csrfToken(String sessionSecret) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256")
                    .digest(("coffer-csrf\0" + sessionSecret).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
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
