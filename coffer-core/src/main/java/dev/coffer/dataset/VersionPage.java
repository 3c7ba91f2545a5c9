package dev.coffer.dataset;

import java.util.List;

/** One page of a folder of a version, by UTF-8 byte order of the names; {@code next} is null at the end. */
public record VersionPage(List<VersionEntry> entries, String next) {
    public VersionPage {
        entries = List.copyOf(entries);
    }
}
