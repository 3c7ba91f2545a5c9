package dev.coffer.content;

/**
 * Told what became of the chunks offered to a {@link ContentStore}: written as new bytes, or found
 * stored already and so not written again (deduplicated). The server counts both for its
 * metrics; an interface of its own keeps the core free of any metrics library. Sizes are plain
 * (uncompressed) bytes. Called after the decision is made, on the caller's thread, outside any
 * transaction: an implementation must be quick and must not throw.
 */
public interface ChunkListener {
    /** Listens to nothing: the default, and for tools that keep no metrics. */
    ChunkListener NONE = new ChunkListener() {
        @Override
        public void stored(int chunks, long bytes) {}

        @Override
        public void deduplicated(int chunks, long bytes) {}
    };

    /** {@code chunks} new chunks, {@code bytes} in all, were stored (in a blob, or small ones in their row). */
    void stored(int chunks, long bytes);

    /**
     * {@code chunks} chunks, {@code bytes} in all, were stored already: a client asked about them
     * and was told not to send them, or sent (or a streamed upload or import produced) bytes the
     * store had, so nothing was written.
     */
    void deduplicated(int chunks, long bytes);
}
