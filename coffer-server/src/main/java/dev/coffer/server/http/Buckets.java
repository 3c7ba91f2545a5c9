package dev.coffer.server.http;

import com.fasterxml.jackson.core.JacksonException;
import dev.coffer.access.TeamAction;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.source.Bucket;
import dev.coffer.source.DataSource;
import dev.coffer.source.SourceSpec;
import dev.coffer.team.Teams;
import dev.coffer.wire.SourceWire;
import io.javalin.http.Context;

/**
 * Opens a team's data source for one request: the caller must be a member (viewers read,
 * members write), the team's plan must include data sources, and the secret key is read from
 * the team secret here, into the bucket's client, and nowhere else (clients are shared between
 * requests, found by a hash of the key: a changed secret gets a new one). The caller closes the
 * bucket.
 *
 * <p>A request may define its source on the fly instead, with the header {@value #ON_THE_FLY}
 * holding the JSON of a source ({@code url}, {@code accessKeyId}, {@code secretAccessKey:
 * secret:NAME}, {@code region} or {@code endpoint}): what a notebook's settings file declares
 * for a {@code type: s3} mount. Nothing is stored; the same checks apply as to a registered one.
 */
final class Buckets {
    static final String ON_THE_FLY = "Coffer-Source";
    private static final int MAX_SPEC = 4096;
    private static final String SHAPE =
            "{\"url\": \"s3://BUCKET/PREFIX\", \"accessKeyId\": ..., \"secretAccessKey\": \"secret:NAME\","
                    + " \"region\" or \"endpoint\": ...}";

    private final Services s;

    Buckets(Services s) {
        this.s = s;
    }

    Bucket open(Context ctx, String teamName, String name, boolean write) {
        Teams.Team team = TeamRoutes.team(s, ctx, teamName, write ? TeamAction.WRITE_SOURCES : TeamAction.VIEW);
        String header = ctx.header(ON_THE_FLY);
        DataSource source = header == null
                ? s.sources().usable(team.id(), name)
                : s.sources().onTheFly(team.id(), name, spec(header));
        String secret;
        try {
            secret = s.secrets().reveal(team.id(), source.secretName());
        } catch (CofferException.NotFound e) {
            throw new CofferException.Conflict("data source '" + name + "' names the team secret '"
                    + source.secretName() + "', which no longer exists: set it again (coffer secrets set "
                    + source.secretName() + ") or point the source at another one");
        }
        return s.sources().open(source, secret);
    }

    /** The header's source; a refusal never quotes it (a secret key may have been pasted into it). */
    private static SourceSpec spec(String header) {
        if (header.length() > MAX_SPEC)
            throw new CofferException.Invalid("header " + ON_THE_FLY + " is longer than " + MAX_SPEC + " characters");
        SourceWire.SourceSpec w;
        try {
            w = Json.MAPPER.readValue(header, SourceWire.SourceSpec.class);
        } catch (JacksonException e) {
            throw new CofferException.Invalid("header " + ON_THE_FLY + " is not JSON of the form " + SHAPE);
        }
        if (w == null) throw new CofferException.Invalid("header " + ON_THE_FLY + " must be of the form " + SHAPE);
        return new SourceSpec(w.url(), w.accessKeyId(), w.secretAccessKey(), w.region(), w.endpoint(), w.pathStyle());
    }
}
