package dev.coffer.server.http;

import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.user.Logins;
import dev.coffer.user.Sessions;
import dev.coffer.wire.SessionWire;
import io.javalin.http.Context;
import java.util.Locale;
import java.util.Map;

/** Signing in and out of the web UI with a name and a password (a session cookie). */
final class SessionRoutes {
    private final Services s;

    SessionRoutes(Services s) {
        this.s = s;
    }

    void login(Context ctx) {
        // A JSON content type cannot be sent cross-site without a CORS preflight, which is never
        // approved, so another site cannot sign a visitor in to an account of its choosing.
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new CofferException.Invalid(
                    "send the sign-in as JSON (Content-Type: application/json): {\"name\": …, \"password\": …}");
        }
        SessionWire.LoginRequest req = Json.read(ctx, SessionWire.LoginRequest.class, 8192);
        switch (s.logins().attempt(req.name(), req.password())) {
            case Logins.SignedIn in -> {
                Sessions.Started started = s.sessions().start(in.userId());
                Authentication.setCookie(
                        s,
                        ctx,
                        started.secret(),
                        s.config().login().sessionMaxAge().toSeconds());
                Json.send(
                        ctx,
                        200,
                        new SessionWire.SignedIn(in.name(), in.admin(), Authentication.csrfToken(started.secret())));
            }
            case Logins.Refused r -> throw new CofferException.Unauthorized(Logins.REFUSED);
            case Logins.Locked l -> tooManyAttempts(ctx, l);
        }
    }

    /** Ends the session of the cookie (if any) and clears the cookie. */
    void logout(Context ctx) {
        String cookie = ctx.cookie(Authentication.COOKIE);
        if (cookie != null && !cookie.isEmpty()) {
            Authentication.requireSameOrigin(s, ctx);
            s.sessions().end(cookie);
        }
        Authentication.clearCookie(s, ctx);
        ctx.status(204);
    }

    static void tooManyAttempts(Context ctx, Logins.Locked locked) {
        ctx.header("Retry-After", String.valueOf(locked.retryAfterSeconds()));
        Problems.write(
                ctx,
                429,
                "too-many-attempts",
                Logins.lockedMessage(locked),
                Map.of("retryAfter", locked.retryAfterSeconds()));
    }
}
