package dev.coffer.cli.mount;

import java.util.List;

/**
 * What a notebook's settings file declares: the mounts under {@code /datasets}, and what is wrong
 * with the file. A mistake in one entry drops that entry only; the others are still mounted.
 */
public record Settings(List<Integration> integrations, List<Finding> findings) {
    public static final Settings EMPTY = new Settings(List.of(), List.of());

    /** One entry of {@code integrations}, mounted at {@code /datasets/NAME}. */
    public sealed interface Integration {
        String name();

        int line();
    }

    /** A dataset version: {@code version} is a number, a tag, or null for the latest. */
    public record DatasetMount(String name, int line, String dataset, String version) implements Integration {
        /** The reference the API takes: {@code NAME} or {@code NAME:REF}. */
        public String ref() {
            return version == null ? dataset : dataset + ":" + version;
        }
    }

    /** An external bucket; the secret key is named (a team secret), never given. */
    public record BucketMount(
            String name, int line, String url, String accessKeyId, String secretName, String region, String endpoint)
            implements Integration {}

    /** A mistake (or, when {@code warning}, something accepted that should change), at a line of a file. */
    public record Finding(String file, int line, boolean warning, String message) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + (warning ? "warning" : "error") + ": " + message;
        }
    }

    public boolean hasErrors() {
        return findings.stream().anyMatch(f -> !f.warning());
    }
}
