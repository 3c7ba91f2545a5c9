/**
 * Usage: the bytes of distinct content a team references, across its notebooks' workspaces, its
 * storage on every cluster and its datasets. Content shared by several of its files or versions
 * counts once; public datasets count against no team.
 *
 * <p>Glossary: a <em>content reference</em> is one file entry (or dataset tree entry) using a
 * content; a content <em>enters</em> a team when its first reference appears and <em>leaves</em>
 * when its last one goes; a chunk counts for the team while at least one of the team's contents
 * uses it. Every change applies its {@link dev.coffer.usage.UsageDelta} inside its own transaction.
 */
package dev.coffer.usage;
