package dev.coffer.bench;

/** A benchmark step failed: the message says which command and why, so the run can stop with it. */
public final class BenchException extends RuntimeException {
    public BenchException(String message) {
        super(message);
    }

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
