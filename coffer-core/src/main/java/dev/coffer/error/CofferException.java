package dev.coffer.error;

import java.util.Map;

/**
 * The domain errors of Coffer. Each edge translates them once: the HTTP API into RFC 9457
 * problem details, the CLI into a message and an exit code.
 *
 * <p>{@code details} carries machine-readable extras (for example the chunks a manifest lacks);
 * it must never hold secrets.
 */
public abstract sealed class CofferException extends RuntimeException
        permits CofferException.NotFound,
                CofferException.Conflict,
                CofferException.Invalid,
                CofferException.Unauthorized,
                CofferException.Forbidden,
                CofferException.Corrupt,
                CofferException.QuotaExceeded,
                CofferException.Busy,
                CofferException.Upstream {

    private final Map<String, Object> details;

    protected CofferException(String message, Map<String, Object> details) {
        super(message);
        this.details = details == null ? Map.of() : details;
    }

    public Map<String, Object> details() {
        return details;
    }

    /** A short, stable kind used as the problem type suffix and by CLI exit codes. */
    public abstract String kind();

    public static final class NotFound extends CofferException {
        public NotFound(String message) {
            super(message, null);
        }

        public String kind() {
            return "not-found";
        }
    }

    public static final class Conflict extends CofferException {
        public Conflict(String message) {
            super(message, null);
        }

        public Conflict(String message, Map<String, Object> details) {
            super(message, details);
        }

        public String kind() {
            return "conflict";
        }
    }

    public static final class Invalid extends CofferException {
        public Invalid(String message) {
            super(message, null);
        }

        public String kind() {
            return "invalid";
        }
    }

    public static final class Unauthorized extends CofferException {
        public Unauthorized(String message) {
            super(message, null);
        }

        public String kind() {
            return "unauthorized";
        }
    }

    public static final class Forbidden extends CofferException {
        public Forbidden(String message) {
            super(message, null);
        }

        public String kind() {
            return "forbidden";
        }
    }

    /** Bytes that do not match their name or their recorded size. */
    public static final class Corrupt extends CofferException {
        public Corrupt(String message) {
            super(message, null);
        }

        public String kind() {
            return "corrupt";
        }
    }

    public static final class QuotaExceeded extends CofferException {
        public QuotaExceeded(String message, Map<String, Object> details) {
            super(message, details);
        }

        public String kind() {
            return "quota-exceeded";
        }
    }

    /**
     * The server is at one of the bounds it keeps to stay within its memory (for example how many
     * passwords it hashes at once); nothing was changed, and the same request may succeed after
     * {@code retryAfterSeconds}.
     */
    public static final class Busy extends CofferException {
        private final long retryAfterSeconds;

        public Busy(String message, long retryAfterSeconds) {
            super(message, Map.of("retryAfter", retryAfterSeconds));
            this.retryAfterSeconds = retryAfterSeconds;
        }

        public long retryAfterSeconds() {
            return retryAfterSeconds;
        }

        public String kind() {
            return "busy";
        }
    }

    /**
     * A server Coffer depends on for this request and does not run itself (a team's own bucket)
     * failed or refused: the message names it and what it said; nothing was changed in Coffer.
     */
    public static final class Upstream extends CofferException {
        public Upstream(String message) {
            super(message, Map.of());
        }

        public String kind() {
            return "upstream";
        }
    }
}
