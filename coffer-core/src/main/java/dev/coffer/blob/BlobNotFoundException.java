package dev.coffer.blob;

import java.io.IOException;

/** A blob that should exist does not: the store lost it, or a reference is dangling. */
public final class BlobNotFoundException extends IOException {
    public BlobNotFoundException(String key) {
        super("blob not found: " + key);
    }
}
