/**
 * Coffer's domain errors: one sealed family, {@link CofferException} (NotFound, Conflict,
 * Invalid, Unauthorized, Forbidden, Corrupt, QuotaExceeded, Busy), thrown by the engine and
 * translated once at each edge: into RFC 9457 problem details by the HTTP API, into a message and
 * an exit code by the CLI. The details they carry must never hold secrets.
 */
package dev.coffer.error;
