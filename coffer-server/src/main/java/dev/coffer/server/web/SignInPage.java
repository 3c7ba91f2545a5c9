package dev.coffer.server.web;

import dev.coffer.server.http.WebJars;
import io.javalin.http.Context;

/** The sign-in page; its script posts the name and password to the API's sign-in as JSON. */
public final class SignInPage {
    private final Pages pages;

    SignInPage(Pages pages) {
        this.pages = pages;
    }

    /** Where to go after signing in, with {@code next}: a path of this server, never another site. */
    public record LoginView(String next, String htmx) {}

    void show(Context ctx) {
        pages.render(ctx, 200, "login.jte", new LoginView(localPath(ctx.queryParam("next")), WebJars.htmx()));
    }

    /** {@code next} if it is a path on this server ("/x", not "//host" or "/\host"); otherwise the home page. */
    static String localPath(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
        for (int i = 0; i < next.length(); i++) if (Character.isISOControl(next.charAt(i))) return "/";
        return next;
    }
}
