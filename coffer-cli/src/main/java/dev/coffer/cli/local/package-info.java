/**
 * The local side of transfers. {@link LocalTree} walks a folder with one stat per file (through
 * {@code statx(2)} where available); {@link LocalIndex} remembers, per local folder, the stat each
 * file had when its digest was taken, so a push reads only files whose stat changed (kept as a
 * base file and a journal; losing them costs a re-read, never a wrong answer); and
 * {@link LocalDestination} checks every local path built from a remote name, so a hostile server
 * cannot make a download write outside its folder. See docs/design/local-index.md.
 */
package dev.coffer.cli.local;
