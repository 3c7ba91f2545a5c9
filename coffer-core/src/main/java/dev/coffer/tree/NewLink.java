package dev.coffer.tree;

/** A symbolic link to make: its target, kept as text and never followed, and its modification time. */
public record NewLink(String target, long mtime) {}
