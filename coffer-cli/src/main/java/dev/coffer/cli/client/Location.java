package dev.coffer.cli.client;

import dev.coffer.wire.FileWire;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A place the CLI reads or writes: a local path, or a remote one written {@code VOLUME:path}
 * where VOLUME is {@code storage} (the team's storage on the default cluster),
 * {@code storage@CLUSTER}, {@code notebooks/NAME}, {@code datasets/NAME[@REF]} (a version of one
 * of the team's datasets: REF is a number, a tag or absent for the latest) or
 * {@code public-datasets/NAME[@REF]} (a public dataset). Anything else is local; write
 * {@code ./x:y} for a local file whose name looks remote.
 */
public sealed interface Location {
    Pattern REMOTE = Pattern.compile(
            "(storage(?:@([^:/]+))?|notebooks/([^:/@]+)|(datasets|public-datasets)/([^:/@]+)(?:@([^:/@]+))?):(.*)",
            Pattern.DOTALL);
    /** A team's data source (its own bucket): {@code sources/NAME:PATH}. */
    Pattern SOURCE = Pattern.compile("sources/([^:/@]+):(.*)", Pattern.DOTALL);

    String FORMS = "storage:PATH, storage@CLUSTER:PATH, notebooks/NAME:PATH, datasets/NAME[@REF]:PATH,"
            + " public-datasets/NAME[@REF]:PATH or sources/NAME:PATH";

    record Local(Path path) implements Location {}

    /**
     * A remote path. {@code kind} is {@code storage}, {@code notebooks}, {@code datasets} or
     * {@code public-datasets}; for datasets {@code volume} is the version reference as the API
     * writes it ({@code NAME}, {@code NAME:N}, {@code NAME:TAG}).
     */
    record Remote(String kind, String volume, String path) implements Location {
        public static Remote dataset(boolean isPublic, String ref, String path) {
            return new Remote(isPublic ? "public-datasets" : "datasets", ref, path);
        }

        public boolean isDataset() {
            return kind.equals("datasets") || kind.equals("public-datasets");
        }

        /** A team's data source: files live in its own bucket, sent and read as plain bytes. */
        public boolean isSource() {
            return kind.equals("sources");
        }

        /** The API prefix of this volume (or dataset version) for {@code team}. */
        public String apiBase(String team) {
            return switch (kind) {
                case "public-datasets" -> "/api/v1/public/datasets/" + ApiClient.encodeName(volume);
                default ->
                    "/api/v1/teams/" + ApiClient.encodeName(team) + "/" + kind + "/" + ApiClient.encodeName(volume);
            };
        }

        /**
         * Where chunks for this volume go: the team's chunk routes, or the public scope's for a
         * public dataset. Possession is per team, so chunks are sent to the team that commits them.
         */
        public String chunksBase(String team) {
            return kind.equals("public-datasets")
                    ? "/api/v1/public/chunks"
                    : "/api/v1/teams/" + ApiClient.encodeName(team) + "/chunks";
        }

        public String url(String team, String op, String subPath) {
            String p = subPath.replaceAll("^/+", "");
            return apiBase(team) + "/" + op + (p.isEmpty() ? "" : "/" + ApiClient.encodePath(p));
        }

        public String url(String team, String op) {
            return url(team, op, path);
        }

        /**
         * The body of a copy or move from this location to {@code toPath} of {@code target}: the
         * source tree is named only when it is another tree than the target.
         */
        /** This tree, as the source of a copy or move into {@code target}'s tree (null: the same tree). */
        public FileWire.SourceTree sourceFor(Remote target) {
            return kind.equals(target.kind) && volume.equals(target.volume)
                    ? null
                    : new FileWire.SourceTree(kind, volume, null);
        }

        public Remote child(String name) {
            String base = path.replaceAll("/+$", "");
            return new Remote(kind, volume, base.isEmpty() ? name : base + "/" + name);
        }

        public String name() {
            String p = path.replaceAll("/+$", "");
            int slash = p.lastIndexOf('/');
            return slash < 0 ? p : p.substring(slash + 1);
        }

        @Override
        public String toString() {
            String v = switch (kind) {
                case "storage" -> volume.equals("default") ? "storage" : "storage@" + volume;
                case "notebooks" -> "notebooks/" + volume;
                default -> kind + "/" + volume.replaceFirst(":", "@");
            };
            return v + ":" + path;
        }
    }

    static Location parse(String text) {
        Matcher source = SOURCE.matcher(text);
        if (source.matches()) return new Remote("sources", source.group(1), source.group(2));
        Matcher m = REMOTE.matcher(text);
        if (!m.matches()) return new Local(Path.of(text));
        if (m.group(3) != null) return new Remote("notebooks", m.group(3), m.group(7));
        if (m.group(4) != null) {
            String ref = m.group(6) == null ? m.group(5) : m.group(5) + ":" + m.group(6);
            return new Remote(m.group(4), ref, m.group(7));
        }
        return new Remote("storage", m.group(2) == null ? "default" : m.group(2), m.group(7));
    }

    static Remote remote(String text) {
        if (parse(text) instanceof Remote r) return r;
        throw new CliException("'" + text + "' is not a remote location; write " + FORMS, 2);
    }
}
