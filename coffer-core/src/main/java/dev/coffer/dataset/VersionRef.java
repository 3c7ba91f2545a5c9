package dev.coffer.dataset;

import dev.coffer.error.CofferException;

/**
 * A reference to a dataset version as people write it: {@code NAME} or {@code NAME:latest} (the
 * newest committed version), {@code NAME:N} (version number N, a draft too) or {@code NAME:TAG}.
 * Dataset and tag names never contain {@code :}, so the first one separates them.
 */
public record VersionRef(String dataset, Kind kind, long number, String tag) {
    public enum Kind {
        LATEST,
        NUMBER,
        TAG
    }

    public static final String LATEST = "latest";

    public static VersionRef parse(String text) {
        if (text == null || text.isBlank())
            throw new CofferException.Invalid("a dataset reference is required (NAME, NAME:VERSION or NAME:TAG)");
        int colon = text.indexOf(':');
        String name = Names.checkDataset(colon < 0 ? text : text.substring(0, colon));
        if (colon < 0) return new VersionRef(name, Kind.LATEST, 0, null);
        String selector = text.substring(colon + 1);
        if (selector.isEmpty())
            throw new CofferException.Invalid(
                    "'" + text + "' has nothing after ':'; write NAME, NAME:VERSION or NAME:TAG");
        if (selector.equals(LATEST)) return new VersionRef(name, Kind.LATEST, 0, null);
        if (Names.allDigits(selector)) {
            try {
                long n = Long.parseLong(selector);
                if (n < 1) throw new NumberFormatException();
                return new VersionRef(name, Kind.NUMBER, n, null);
            } catch (NumberFormatException e) {
                throw new CofferException.Invalid("version number '" + selector + "' is not a number from 1 up");
            }
        }
        return new VersionRef(name, Kind.TAG, 0, Names.checkTag(selector));
    }

    @Override
    public String toString() {
        return switch (kind) {
            case LATEST -> dataset;
            case NUMBER -> dataset + ":" + number;
            case TAG -> dataset + ":" + tag;
        };
    }
}
