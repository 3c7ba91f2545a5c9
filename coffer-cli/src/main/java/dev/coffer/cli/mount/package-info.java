/**
 * {@code coffer mount}: a running notebook's {@code /notebooks}, {@code /storage} and
 * {@code /datasets} as real folders through FUSE 3, spoken to through the same file API as the CLI,
 * with a local chunk cache, write spools and a short-lived metadata cache (see
 * {@code docs/design/mount.md}), and the notebook's settings file that declares the datasets.
 */
package dev.coffer.cli.mount;
