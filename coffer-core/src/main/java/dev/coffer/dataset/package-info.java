/**
 * Versioned datasets.
 *
 * <dl>
 * <dt>Dataset</dt><dd>a named collection of versions owned by a team, or public ({@code team_id}
 * NULL: readable by every team, written by operators). Names are unique per team, and among
 * public datasets.</dd>
 * <dt>Version</dt><dd>numbered 1, 2, 3… per dataset. It starts as a <em>draft</em> over a parent
 * and becomes <em>committed</em> (immutable) with a root tree hash, a file count, a logical size
 * and the new bytes it added to the store. {@code latest} is the most recently committed.</dd>
 * <dt>Tree node</dt><dd>an immutable, content-addressed row of {@code dataset_trees} with its
 * entries. A folder is one node, or (when wide) a small tree of nodes cut at name-defined
 * boundaries, so a change rewrites a few small nodes instead of the whole folder. Versions share
 * every node they have in common.</dd>
 * <dt>Overlay</dt><dd>a draft's changes over its parent's root, one row per changed path; commit
 * turns them into new nodes for the changed folders only.</dd>
 * <dt>Reference</dt><dd>{@code NAME} (latest), {@code NAME:N} (version number, drafts too),
 * {@code NAME:TAG}, {@code NAME:latest}.</dd>
 * </dl>
 *
 * See docs/design/dataset-versions.md for the structure and its costs.
 */
package dev.coffer.dataset;
