package dev.coffer.blob;

import java.io.IOException;

/**
 * The content store kept failing a call after every retry: it is down or overloaded for now.
 * The request that needed it changed nothing, and the same request may succeed later, so the
 * HTTP layer answers 503 with {@code Retry-After} instead of an internal error.
 */
public final class StoreUnavailableException extends IOException {
    public StoreUnavailableException(String message, IOException lastFailure) {
        super(message, lastFailure);
    }
}
