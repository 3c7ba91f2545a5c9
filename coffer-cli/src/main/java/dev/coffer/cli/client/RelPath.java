package dev.coffer.cli.client;

/** A '/'-separated path relative to a tree's root ("" is the root), as the API and the mount name entries. */
public final class RelPath {
    private RelPath() {}

    /** The folder holding {@code rel}: "" for an entry at the root. */
    public static String parent(String rel) {
        int slash = rel.lastIndexOf('/');
        return slash < 0 ? "" : rel.substring(0, slash);
    }

    /** The last name of {@code rel}. */
    public static String name(String rel) {
        return rel.substring(rel.lastIndexOf('/') + 1);
    }
}
