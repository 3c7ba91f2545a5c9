package dev.coffer.server;

import dev.coffer.access.Authorizer;
import dev.coffer.access.Tokens;
import dev.coffer.blob.BlobStore;
import dev.coffer.content.ContentStore;
import dev.coffer.db.Database;
import dev.coffer.server.config.CofferConfig;
import dev.coffer.team.Teams;
import dev.coffer.tree.VolumeTree;

/** The engine parts the HTTP layer uses, wired once at start-up. */
public record Services(Database db, BlobStore blobs, ContentStore content, VolumeTree tree, Teams teams,
                       Tokens tokens, Authorizer authorizer, CofferConfig config, DatasetServices datasets) {}
