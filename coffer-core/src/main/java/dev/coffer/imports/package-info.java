/**
 * Imports from a URL into a volume folder or a dataset draft, run in the background by the
 * server. {@link ImportJobs} stores the jobs and their checkpoints; {@link UrlImporter} streams
 * each source through the chunker, resumes after a restart and gives each team a bounded share of
 * the workers; {@link UrlGuard} decides which addresses may be fetched at all (no server-side
 * request forgery); {@link ImportUrls} keeps credentials in URLs out of answers and logs. See
 * docs/design/imports.md.
 */
package dev.coffer.imports;
