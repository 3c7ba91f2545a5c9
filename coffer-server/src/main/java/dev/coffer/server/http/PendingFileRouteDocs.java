package dev.coffer.server.http;

import dev.coffer.wire.FileWire;
import dev.coffer.wire.UsageWire;
import io.javalin.http.HandlerType;

/**
 * What the file routes answer today, declared from outside their registration (the volume-file
 * loop at the end of {@link Api}'s routes and {@code DatasetFileRoutes.register}), which is being
 * rewritten on another branch. The declarations describe the bodies those routes build as maps
 * now; {@link RouteBook#conforms} checks them against every answer in the tests, so they cannot
 * be wrong silently. Delete this class once the file routes declare their own responses with
 * {@code Route.returns}: a route declared twice, or a path that no longer exists, stops the
 * server at start-up so it cannot be forgotten.
 */
final class PendingFileRouteDocs {
    private static final String[] DOWNLOADS = {"application/octet-stream", "application/zip", "application/x-tar"};

    private PendingFileRouteDocs() {}

    static void declare(RouteBook book) {
        for (String kind : new String[] {"storage", "notebooks"}) {
            String base = "/api/v1/teams/{team}/" + kind + "/{volume}/";
            for (String suffix : new String[] {"", "/<path>"}) {
                files(book, base, suffix);
                book.route(HandlerType.GET, base + "usage" + suffix).returns(UsageWire.FolderUsage.class);
            }
            chunksMoveCopy(book, base);
        }
        for (String datasets : new String[] {"/api/v1/teams/{team}/datasets", "/api/v1/public/datasets"}) {
            String base = datasets + "/{ref}/";
            for (String suffix : new String[] {"", "/<path>"}) {
                files(book, base, suffix);
                book.route(HandlerType.GET, base + "tree" + suffix).returnsNdjson("every file and folder under the folder, depth first: "
                        + "a first line {path, version}, a line {path, type, size, mtime, digest} per entry (path relative to the folder), "
                        + "and a last line {end: true, files, folders}; a stream without that last line was cut");
                book.route(HandlerType.POST, base + "deletions" + suffix).returns(FileWire.DeleteResult.class);
            }
            chunksMoveCopy(book, base);
        }
    }

    private static void files(RouteBook book, String base, String suffix) {
        book.route(HandlerType.GET, base + "files" + suffix)
                .returnsBytes("the file's bytes (206 with a Range), or a folder as a zip or tar archive", DOWNLOADS);
        book.route(HandlerType.HEAD, base + "files" + suffix).returnsHeaders("the file's size (Content-Length) and ETag, without its bytes");
        book.route(HandlerType.PUT, base + "files" + suffix).returns(201, FileWire.FileEntry.class);
        book.route(HandlerType.DELETE, base + "files" + suffix).noContent();
        book.route(HandlerType.GET, base + "list" + suffix).returns(FileWire.FileListing.class);
        book.route(HandlerType.GET, base + "stat" + suffix).returns(FileWire.FileEntry.class);
        book.route(HandlerType.POST, base + "mkdir" + suffix).returns(201, FileWire.FileEntry.class);
        book.route(HandlerType.GET, base + "manifest" + suffix).returns(FileWire.FileManifest.class);
        book.route(HandlerType.POST, base + "manifest" + suffix).returns(201, FileWire.FileEntry.class);
        book.route(HandlerType.POST, base + "manifests" + suffix).returns(201, FileWire.BatchCommitResult.class);
    }

    private static void chunksMoveCopy(RouteBook book, String base) {
        book.route(HandlerType.GET, base + "chunks/{hash}").returnsBytes("the chunk's bytes (immutable: cache them)", "application/octet-stream");
        book.route(HandlerType.POST, base + "move").returns(FileWire.FileEntry.class);
        book.route(HandlerType.POST, base + "copy").returns(201, FileWire.FileEntry.class);
    }
}
