package dev.coffer.tree;

import java.util.List;

/** Sees each entry of a walk with its path relative to where the walk started. */
@FunctionalInterface
public interface TreeVisitor {
    void visit(FileEntry entry, List<String> relativePath) throws Exception;
}
