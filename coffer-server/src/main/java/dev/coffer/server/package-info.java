/**
 * The Coffer server. {@link CofferServer} builds the engine from its configuration (database,
 * content store, and the parts the HTTP layer uses, {@link Services} and
 * {@link DatasetServices}), starts the HTTP API and the background work: URL imports, the
 * collector on a schedule, closing last month's statements, and audit and sign-in housekeeping
 * ({@link Housekeeping}). A server keeps no state beyond the database and the store, so several
 * can share one PostgreSQL and one bucket; each periodic job is safe to run on all of them at once.
 */
package dev.coffer.server;
