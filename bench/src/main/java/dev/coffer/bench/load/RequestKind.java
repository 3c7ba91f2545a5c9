package dev.coffer.bench.load;

/** The requests the load scenario makes, each measured on its own: their costs differ by orders of magnitude. */
public enum RequestKind {
    /** GET …/files/PATH of a seeded file, its bytes counted and checked. */
    READ("read"),
    /** GET …/list/FOLDER of a seeded folder (one page; a folder of 101 entries fits in one). */
    LIST("list"),
    /** GET …/stat/PATH of a seeded file. */
    STAT("stat"),
    /** PUT …/files/PATH of new random bytes (256 KiB to 4 MiB). */
    UPLOAD("upload");

    private final String key;

    RequestKind(String key) {
        this.key = key;
    }

    /** The name in the report's table and JSON. */
    public String key() {
        return key;
    }
}
