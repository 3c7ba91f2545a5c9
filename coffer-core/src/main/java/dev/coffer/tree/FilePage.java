package dev.coffer.tree;

import java.util.List;

/**
 * One page of a folder listing, sorted by the UTF-8 bytes of the names; {@code next} is the name
 * the following page starts after, null at the end.
 */
public record FilePage(List<FileEntry> entries, String next) {
    public FilePage {
        entries = List.copyOf(entries);
    }
}
