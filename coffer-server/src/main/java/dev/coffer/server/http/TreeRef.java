package dev.coffer.server.http;

import dev.coffer.error.CofferException;

/**
 * Which tree a request names: a kind ({@code storage}, {@code notebooks}, {@code datasets},
 * {@code public-datasets}), the owning team (null for public datasets) and the tree's name (a
 * cluster, a notebook, or a dataset version reference).
 */
record TreeRef(String kind, String team, String name) {
    static final String STORAGE = "storage";
    static final String NOTEBOOKS = "notebooks";
    static final String DATASETS = "datasets";
    static final String PUBLIC_DATASETS = "public-datasets";

    static TreeRef of(String kind, String team, String name) {
        switch (kind) {
            case STORAGE, NOTEBOOKS, DATASETS -> {
                if (team == null) throw new CofferException.Invalid("a " + kind + " tree needs its team");
            }
            case PUBLIC_DATASETS -> team = null;
            default ->
                throw new CofferException.NotFound(
                        "no such tree kind: '" + kind + "' (storage, notebooks, datasets or public-datasets)");
        }
        if (name == null || name.isEmpty()) throw new CofferException.Invalid("a " + kind + " tree needs a name");
        return new TreeRef(kind, team, name);
    }

    boolean isVolume() {
        return kind.equals(STORAGE) || kind.equals(NOTEBOOKS);
    }

    /** How the CLI writes this tree: {@code storage@C}, {@code notebooks/N}, {@code datasets/D@REF}. */
    String label() {
        return switch (kind) {
            case STORAGE -> "storage@" + name;
            case NOTEBOOKS -> "notebooks/" + name;
            default -> kind + "/" + name.replaceFirst(":", "@");
        };
    }
}
