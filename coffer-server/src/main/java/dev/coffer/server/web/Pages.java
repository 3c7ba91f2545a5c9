package dev.coffer.server.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.javalin.http.Context;

/** Renders a page from its template, with the headers every page carries. */
final class Pages {
    /**
     * Scripts, styles and images only from this server, no inline script or style, no frames,
     * no forms to other sites: an injected tag can neither run nor send anything away.
     */
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** For the data a page's script reads from an attribute (a chart's points). */
    static final ObjectMapper JSON = new ObjectMapper();

    private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

    /** Renders {@code template} (a single {@code @param}) with {@code model}. */
    void render(Context ctx, int status, String template, Object model) {
        StringOutput out = new StringOutput();
        engine.render(template, model, out);
        secure(ctx);
        ctx.status(status).contentType("text/html; charset=utf-8").result(out.toString());
    }

    static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.header("X-Frame-Options", "DENY");
        // A page shows one user's files: never kept by a shared cache, nor by the browser's back button.
        ctx.header("Cache-Control", "no-store");
    }
}
