package dev.coffer.cli.client;

/** A failure to report to the user as one clear line, with the exit code it maps to. */
public final class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(String message) {
        this(message, 1);
    }

    public int exitCode() {
        return exitCode;
    }

    /** Exit codes by HTTP status, so scripts can tell "not found" from "refused". */
    public static int exitCodeFor(int status) {
        return switch (status) {
            case 400, 413, 416, 422 -> 2;
            case 401, 403 -> 3;
            case 404 -> 4;
            case 409 -> 5;
            case 507 -> 6;
            case 429 -> 9;
            default -> 1;
        };
    }
}
