package dev.coffer.server.http;

import dev.coffer.access.TeamAction;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.source.Bucket;
import dev.coffer.source.DataSource;
import dev.coffer.team.Teams;
import io.javalin.http.Context;

/**
 * Opens a team's data source for one request: the caller must be a member (viewers read,
 * members write), the team's plan must include data sources, and the secret key is read from
 * the team secret here, into the bucket's client, and nowhere else. The caller closes the bucket.
 */
final class Buckets {
    private final Services s;

    Buckets(Services s) {
        this.s = s;
    }

    Bucket open(Context ctx, String teamName, String name, boolean write) {
        Teams.Team team = TeamRoutes.team(s, ctx, teamName, write ? TeamAction.WRITE_SOURCES : TeamAction.VIEW);
        DataSource source = s.sources().usable(team.id(), name);
        String secret;
        try {
            secret = s.secrets().reveal(team.id(), source.secretName());
        } catch (CofferException.NotFound e) {
            throw new CofferException.Conflict("data source '" + name + "' names the team secret '"
                    + source.secretName() + "', which no longer exists: set it again (coffer secrets set "
                    + source.secretName() + ") or point the source at another one");
        }
        return Bucket.open(source, secret);
    }
}
