package dev.coffer.dataset;

import java.util.List;

/**
 * An immutable tree node: level 0 holds files and folders, higher levels hold {@code PART}
 * entries of a wide folder. {@code files} and {@code size} add up everything below it.
 */
record Node(String hash, int level, List<TreeEntry> entries, long files, long size) {
    Node {
        entries = List.copyOf(entries);
    }

    String firstName() {
        return entries.isEmpty() ? "" : entries.getFirst().name();
    }

    /** The index of the last entry whose name is at most {@code name} (0 when none is). */
    int floor(String name) {
        int lo = 0;
        int hi = entries.size() - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (Names.compare(entries.get(mid).name(), name) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** The entry named {@code name} of a level-0 node, or null. */
    TreeEntry find(String name) {
        int lo = 0;
        int hi = entries.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int c = Names.compare(entries.get(mid).name(), name);
            if (c == 0) return entries.get(mid);
            if (c < 0) lo = mid + 1;
            else hi = mid - 1;
        }
        return null;
    }
}
