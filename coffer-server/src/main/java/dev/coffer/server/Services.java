package dev.coffer.server;

import dev.coffer.access.Authorizer;
import dev.coffer.access.Tokens;
import dev.coffer.audit.Audit;
import dev.coffer.blob.BlobStore;
import dev.coffer.content.ContentStore;
import dev.coffer.db.Database;
import dev.coffer.imports.ImportJobs;
import dev.coffer.imports.UrlImporter;
import dev.coffer.secret.Secrets;
import dev.coffer.server.config.CofferConfig;
import dev.coffer.server.http.CallerThrottle;
import dev.coffer.server.metrics.ServerMetrics;
import dev.coffer.source.DataSources;
import dev.coffer.team.Members;
import dev.coffer.team.Teams;
import dev.coffer.tree.VolumeTree;
import dev.coffer.usage.TeamUsage;
import dev.coffer.user.Logins;
import dev.coffer.user.Sessions;
import dev.coffer.user.Users;

/** The engine parts the HTTP layer uses, wired once at start-up. */
public record Services(
        Database db,
        BlobStore blobs,
        ContentStore content,
        VolumeTree tree,
        Teams teams,
        Members members,
        TeamUsage usage,
        Tokens tokens,
        Authorizer authorizer,
        ImportJobs imports,
        UrlImporter importer,
        Secrets secrets,
        DataSources sources,
        Audit audit,
        CofferConfig config,
        Users users,
        Sessions sessions,
        Logins logins,
        DatasetServices datasets,
        Traffic traffic,
        ServerMetrics metrics,
        Readiness readiness,
        CallerThrottle throttle) {}
