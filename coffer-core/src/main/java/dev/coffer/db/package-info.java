/**
 * The metadata database. {@link Database} opens SQLite (one embedded file) or PostgreSQL (shared
 * by several servers) from a location, brings the schema up to date with the migrations of its
 * {@link Dialect} (or, under {@link Migration#MANUAL}, refuses a schema that is behind; see
 * {@link Migrations}), and runs every change as one transaction. Queries are shared by both
 * dialects; only migrations are written per dialect. SQLite writes are serialised in the
 * process; PostgreSQL writers rely on row locks and constraints.
 */
package dev.coffer.db;
