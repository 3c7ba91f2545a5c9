package dev.coffer.source;

import dev.coffer.billing.Plan;
import dev.coffer.billing.Plans;
import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;

/**
 * A team's data sources: create, list, show, update, delete. Only teams whose plan includes
 * data sources may add or change one; a team moved to a plan without them keeps its definitions
 * (they can be listed and deleted) but cannot use them until it moves back ({@link #usable}).
 * The secret key stays a team secret named by the source: it must exist when the source is
 * written, and it is read only where a bucket is used, on the server.
 */
public final class DataSources {
    private static final String COLUMNS = "id, team_id, name, bucket, prefix, access_key_id, secret_name, region,"
            + " endpoint, path_style, created_at, updated_at";

    private final Database db;
    private final Plans plans;
    /** Open S3 clients, shared by the requests that use a bucket (their threads are daemons: nothing to close at exit). */
    private final BucketClients clients = new BucketClients();

    public DataSources(Database db, Plans plans) {
        this.db = db;
        this.plans = plans;
    }

    /** Opens {@code source} with its secret key, through a client shared between requests; close it when done. */
    public Bucket open(DataSource source, String secretKey) {
        return clients.open(source, secretKey);
    }

    public DataSource create(long teamId, String name, SourceSpec spec) {
        DataSource checked = checked(teamId, name, spec);
        return db.write(h -> {
            requirePlanWithSources(h, teamId, "add");
            requireSecret(h, teamId, checked.secretName());
            if (find(h, teamId, name) != null) {
                throw new CofferException.Conflict("the team has a data source named '" + name
                        + "' already: change it with an update, or choose another name");
            }
            long now = db.now();
            h.createUpdate("""
                            INSERT INTO data_sources (team_id, name, bucket, prefix, access_key_id, secret_name, region,
                              endpoint, path_style, created_at, updated_at)
                            VALUES (:t, :n, :b, :p, :k, :s, :r, :e, :ps, :now, :now)""")
                    .bind("t", teamId)
                    .bind("n", name)
                    .bind("b", checked.bucket())
                    .bind("p", checked.prefix())
                    .bind("k", checked.accessKeyId())
                    .bind("s", checked.secretName())
                    .bind("r", checked.region())
                    .bind("e", checked.endpoint())
                    .bind("ps", checked.pathStyle())
                    .bind("now", now)
                    .execute();
            return find(h, teamId, name);
        });
    }

    /**
     * A source defined on the fly (a notebook's settings file names a bucket instead of a
     * registered source), with the checks and messages of {@link #create}: the team's plan, the
     * secret that must exist, one of region and endpoint. Nothing is stored; its id is 0.
     */
    public DataSource onTheFly(long teamId, String name, SourceSpec spec) {
        DataSource checked = checked(teamId, name, spec);
        db.withHandle(h -> {
            requirePlanWithSources(h, teamId, "use");
            requireSecret(h, teamId, checked.secretName());
            return null;
        });
        return checked;
    }

    private static DataSource checked(long teamId, String name, SourceSpec spec) {
        SourceSpec.checkName(name);
        SourceSpec.Location where = SourceSpec.location(spec.url());
        String keyId = SourceSpec.accessKeyId(spec.accessKeyId());
        String secret = SourceSpec.secretName(spec.secretAccessKey());
        String region = SourceSpec.region(spec.region());
        String endpoint = SourceSpec.endpoint(spec.endpoint());
        SourceSpec.oneOfRegionAndEndpoint(region, endpoint);
        boolean pathStyle = spec.pathStyle() != null ? spec.pathStyle() : endpoint != null;
        return new DataSource(
                0, teamId, name, where.bucket(), where.prefix(), keyId, secret, region, endpoint, pathStyle, 0, 0);
    }

    /**
     * Changes the fields {@code change} gives (null: keep). Giving {@code endpoint} drops the
     * region and giving {@code region} drops the endpoint, so a source moves between AWS and
     * another host in one step; giving both is refused.
     */
    public DataSource update(long teamId, String name, SourceSpec change) {
        SourceSpec.checkName(name);
        SourceSpec.Location where = change.url() == null ? null : SourceSpec.location(change.url());
        String keyId = change.accessKeyId() == null ? null : SourceSpec.accessKeyId(change.accessKeyId());
        String secret = change.secretAccessKey() == null ? null : SourceSpec.secretName(change.secretAccessKey());
        String region = SourceSpec.region(change.region());
        String endpoint = SourceSpec.endpoint(change.endpoint());
        if (region != null && endpoint != null) SourceSpec.oneOfRegionAndEndpoint(region, endpoint);
        return db.write(h -> {
            DataSource old = find(h, teamId, name);
            if (old == null) throw notFound(name);
            requirePlanWithSources(h, teamId, "change");
            if (secret != null) requireSecret(h, teamId, secret);
            String newRegion = endpoint != null ? null : region != null ? region : old.region();
            String newEndpoint = region != null ? null : endpoint != null ? endpoint : old.endpoint();
            boolean pathStyle = change.pathStyle() != null
                    ? change.pathStyle()
                    : (region != null || endpoint != null) ? newEndpoint != null : old.pathStyle();
            h.createUpdate("""
                            UPDATE data_sources SET bucket = :b, prefix = :p, access_key_id = :k, secret_name = :s,
                              region = :r, endpoint = :e, path_style = :ps, updated_at = :now
                            WHERE id = :id""")
                    .bind("b", where != null ? where.bucket() : old.bucket())
                    .bind("p", where != null ? where.prefix() : old.prefix())
                    .bind("k", keyId != null ? keyId : old.accessKeyId())
                    .bind("s", secret != null ? secret : old.secretName())
                    .bind("r", newRegion)
                    .bind("e", newEndpoint)
                    .bind("ps", pathStyle)
                    .bind("now", db.now())
                    .bind("id", old.id())
                    .execute();
            return find(h, teamId, name);
        });
    }

    public List<DataSource> list(long teamId) {
        return db.withHandle(
                h -> h.createQuery("SELECT " + COLUMNS + " FROM data_sources WHERE team_id = :t ORDER BY name")
                        .bind("t", teamId)
                        .map((rs, ctx) -> row(rs))
                        .list());
    }

    public DataSource get(long teamId, String name) {
        SourceSpec.checkName(name);
        DataSource s = db.withHandle(h -> find(h, teamId, name));
        if (s == null) throw notFound(name);
        return s;
    }

    public void delete(long teamId, String name) {
        SourceSpec.checkName(name);
        db.useWrite(h -> {
            int rows = h.createUpdate("DELETE FROM data_sources WHERE team_id = :t AND name = :n")
                    .bind("t", teamId)
                    .bind("n", name)
                    .execute();
            if (rows == 0) throw notFound(name);
        });
    }

    /**
     * The source, if the team may use it now: its plan includes data sources (a team moved to a
     * plan without them keeps the definition but cannot use it).
     */
    public DataSource usable(long teamId, String name) {
        DataSource s = get(teamId, name);
        db.withHandle(h -> {
            requirePlanWithSources(h, teamId, "use");
            return null;
        });
        return s;
    }

    private void requirePlanWithSources(Handle h, long teamId, String verb) {
        Plan plan = plans.planOf(h, teamId);
        if (plan.dataSources()) return;
        String allowing = plans.catalog().plans().stream()
                .filter(Plan::dataSources)
                .map(Plan::displayName)
                .collect(Collectors.joining(", "));
        throw new CofferException.Forbidden(
                "the team's plan (" + plan.displayName() + ") does not include external data"
                        + " sources, so it cannot " + verb + " one"
                        + (allowing.isEmpty() ? "" : "; they come with " + allowing)
                        + ". A server admin changes a team's plan (PUT /api/v1/teams/TEAM/plan)");
    }

    private static void requireSecret(Handle h, long teamId, String secret) {
        boolean exists = h.createQuery("SELECT COUNT(*) FROM secrets WHERE team_id = :t AND name = :n")
                        .bind("t", teamId)
                        .bind("n", secret)
                        .mapTo(Long.class)
                        .one()
                > 0;
        if (!exists) {
            throw new CofferException.Invalid("field 'secretAccessKey' names the team secret '" + secret
                    + "', which does not exist: set it first (coffer secrets set " + secret + ")");
        }
    }

    private static DataSource find(Handle h, long teamId, String name) {
        return h.createQuery("SELECT " + COLUMNS + " FROM data_sources WHERE team_id = :t AND name = :n")
                .bind("t", teamId)
                .bind("n", name)
                .map((rs, ctx) -> row(rs))
                .findOne()
                .orElse(null);
    }

    private static CofferException.NotFound notFound(String name) {
        return new CofferException.NotFound("the team has no data source named '" + name + "'");
    }

    private static DataSource row(ResultSet rs) throws SQLException {
        return new DataSource(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getString(9),
                rs.getBoolean(10),
                rs.getLong(11),
                rs.getLong(12));
    }
}
