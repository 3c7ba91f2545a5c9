package dev.coffer.bench.scenario;

import dev.coffer.bench.data.Scratch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folders of one round of a versions scenario, in the round's scratch folder: Coffer's data
 * folder and cache (its local index), restic's repository, and where each tool writes its copy back.
 */
record RoundFolders(Path data, Path cache, Path repo, Path pulled, Path restored) {
    static RoundFolders in(Path work) throws IOException {
        return new RoundFolders(
                work.resolve("coffer-data"),
                Files.createDirectories(work.resolve("coffer-cache")),
                work.resolve("restic-repo"),
                work.resolve("pulled"),
                work.resolve("restored"));
    }

    /** Removes all of them, so that the next round starts from nothing. */
    void delete() {
        for (Path p : new Path[] {data, cache, repo, pulled, restored}) Scratch.deleteTree(p);
    }
}
