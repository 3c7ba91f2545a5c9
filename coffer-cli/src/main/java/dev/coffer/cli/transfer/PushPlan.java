package dev.coffer.cli.transfer;

import dev.coffer.cli.client.TreeListing;
import dev.coffer.cli.local.LocalTree;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What a push must remove from the parent and whether anything besides files changed. */
public final class PushPlan {
    private PushPlan() {}

    /**
     * The parent's paths to delete: its files and links that are gone locally (or are now
     * folders), and its folders that are gone locally (or are now files), each gone folder named
     * once, at its top, and nothing below it (one recursive deletion takes it all).
     */
    public static List<String> deletions(LocalTree.Scan local, TreeListing remote) {
        Set<String> remoteFolders = new HashSet<>(remote.folders().keySet());
        for (String path : TreeShape.entries(remote)) addParents(path, remoteFolders);
        Set<String> goneFolders = new HashSet<>();
        for (String folder : remoteFolders) if (!local.folders().containsKey(folder)) goneFolders.add(folder);
        List<String> out = new ArrayList<>();
        for (String folder : goneFolders) if (!below(folder, goneFolders)) out.add(folder);
        for (String path : TreeShape.entries(remote)) {
            if (local.files().containsKey(path) || local.links().containsKey(path)) continue;
            if (!below(path, goneFolders)) out.add(path);
        }
        out.sort(null);
        return out;
    }

    /** True when some folder above {@code path} is in {@code folders}. */
    private static boolean below(String path, Set<String> folders) {
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            if (folders.contains(path.substring(0, slash))) return true;
        }
        return false;
    }

    private static void addParents(String path, Set<String> out) {
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1))
            out.add(path.substring(0, slash));
    }
}
