package dev.coffer.cli.client;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A place the CLI reads or writes: a local path, or a remote one written {@code VOLUME:path}
 * where VOLUME is {@code storage} (the team's storage on the default cluster),
 * {@code storage@CLUSTER} or {@code notebooks/NAME}. Anything else is local; write {@code ./x:y}
 * for a local file whose name looks remote.
 */
public sealed interface Location {
    Pattern REMOTE = Pattern.compile("(storage(?:@([^:/]+))?|notebooks/([^:/@]+)):(.*)", Pattern.DOTALL);

    record Local(Path path) implements Location {}

    record Remote(String kind, String volume, String path) implements Location {
        /** The API prefix of this volume for {@code team}. */
        public String apiBase(String team) {
            return "/api/v1/teams/" + ApiClient.encodeName(team) + "/" + kind + "/" + ApiClient.encodeName(volume);
        }

        public String url(String team, String op, String subPath) {
            String p = subPath.replaceAll("^/+", "");
            return apiBase(team) + "/" + op + (p.isEmpty() ? "" : "/" + ApiClient.encodePath(p));
        }

        public String url(String team, String op) {
            return url(team, op, path);
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
            String v = kind.equals("storage") ? (volume.equals("default") ? "storage" : "storage@" + volume) : "notebooks/" + volume;
            return v + ":" + path;
        }
    }

    static Location parse(String text) {
        Matcher m = REMOTE.matcher(text);
        if (!m.matches()) return new Local(Path.of(text));
        if (m.group(3) != null) return new Remote("notebooks", m.group(3), m.group(4));
        return new Remote("storage", m.group(2) == null ? "default" : m.group(2), m.group(4));
    }

    static Remote remote(String text) {
        if (parse(text) instanceof Remote r) return r;
        throw new CliException("'" + text + "' is not a remote location; write storage:PATH, storage@CLUSTER:PATH or notebooks/NAME:PATH", 2);
    }
}
