package dev.coffer.cli.transfer;

import dev.coffer.cli.client.CliException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waits for a transfer task and rethrows what it failed with, unwrapped. */
public final class Futures {
    private Futures() {}

    public static <T> T await(Future<T> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted", 130);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException u) throw u.getCause();
            if (cause instanceof RuntimeException re) throw re;
            if (cause instanceof IOException io) throw io;
            throw new IOException(cause);
        }
    }
}
