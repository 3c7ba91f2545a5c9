package dev.coffer.tree;

import java.util.List;

/** One page of a folder listing, sorted by the UTF-8 bytes of the names; {@code next} is the key of the following page, null at the end. */
public record ListPage(List<Entry> entries, String next) {}
