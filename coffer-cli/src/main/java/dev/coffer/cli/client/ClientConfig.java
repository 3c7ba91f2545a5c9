package dev.coffer.cli.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the CLI connects and as whom: {@code COFFER_URL}, {@code COFFER_TOKEN} and
 * {@code COFFER_TEAM} win over the file that {@code coffer login} writes
 * ({@code $XDG_CONFIG_HOME/coffer/config.json}, else {@code ~/.config/coffer/config.json}),
 * readable by its owner only.
 */
public record ClientConfig(String url, String token, String team) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Path file(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("coffer").resolve("config.json");
    }

    public static ClientConfig load(Map<String, String> env) {
        Map<String, String> saved = new LinkedHashMap<>();
        Path f = file(env);
        if (Files.isRegularFile(f)) {
            try {
                JSON.readTree(f.toFile())
                        .properties()
                        .forEach(e -> saved.put(e.getKey(), e.getValue().asText()));
            } catch (IOException e) {
                throw new CliException("cannot read " + f + ": " + e.getMessage() + " (run 'coffer login' again)");
            }
        }
        String url = env.getOrDefault("COFFER_URL", saved.get("url"));
        String token = env.getOrDefault("COFFER_TOKEN", saved.get("token"));
        String team = env.getOrDefault("COFFER_TEAM", saved.getOrDefault("team", "default"));
        return new ClientConfig(url, token, team);
    }

    public ClientConfig withTeam(String team) {
        return team == null ? this : new ClientConfig(url, token, team);
    }

    public void save(Map<String, String> env) throws IOException {
        Path f = file(env);
        Files.createDirectories(f.getParent());
        Path tmp = f.resolveSibling("config.json.tmp");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Map<String, String> m = new LinkedHashMap<>();
        m.put("url", url);
        m.put("token", token);
        m.put("team", team);
        Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m));
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public void requireComplete() {
        if (url == null || url.isBlank())
            throw new CliException("no server configured: run 'coffer login --url URL' or set COFFER_URL", 3);
        if (token == null || token.isBlank())
            throw new CliException("no API token: run 'coffer login' or set COFFER_TOKEN", 3);
    }
}
