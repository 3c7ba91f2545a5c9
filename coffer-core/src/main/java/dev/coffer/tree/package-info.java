/**
 * The files and folders of mutable volumes ({@code /storage}, {@code /notebooks}).
 * {@link VolumeTree} keeps one row per {@link Entry}, so renaming or moving a whole folder is a
 * one-row change, and makes every change one transaction. {@link VolumePath} is the one place
 * path rules live (which names are refused, how long a name and a path may be, also after a move
 * or copy, whose depth {@link SubtreeDepth} measures in the database).
 */
package dev.coffer.tree;
