package dev.coffer.db;

/**
 * What opening a database does about its schema (the setting {@code database.migrate}: {@code auto}
 * or {@code manual}; {@link #NONE} is for the tool that migrates).
 */
public enum Migration {
    /**
     * Bring a schema that is behind up to date on open. Several processes opening one PostgreSQL
     * database at once take turns on Flyway's lock, so each migration runs once.
     */
    AUTO,
    /**
     * Refuse to open a database whose schema is behind this version's migrations, or empty, and
     * change nothing in it (a missing SQLite file is not created): an operator runs
     * {@code coffer admin migrate} first. A schema ahead of this version is accepted.
     */
    MANUAL,
    /** Open the database as it is: for a tool that reads {@link Database#schema()} and calls {@link Database#migrate()}. */
    NONE
}
