package dev.coffer.cli;

import dev.coffer.server.config.CofferConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where a server's settings come from: the options {@code coffer serve} and the commands that
 * work on its database directly ({@code coffer admin migrate}) share, so both read the same
 * settings from the same flags, file and environment.
 */
final class ConfigOptions {
    @Option(names = "--data", description = "Data folder (default ./coffer-data).")
    Path data;

    @Option(names = "--config", description = "Config file (default DATA/coffer.yaml when it exists).")
    Path configFile;

    @Option(names = "--db", description = "Metadata database: sqlite:PATH or postgresql://user:pass@host:port/db.")
    String db;

    /** The settings, with {@code flags} (setting name to value; null ignored) on top of these options. */
    CofferConfig load(Map<String, String> flags) {
        Map<String, String> all = new LinkedHashMap<>(flags);
        all.put("data", data == null ? null : data.toString());
        all.put("db", db);
        return CofferConfig.load(configFile, System.getenv(), all);
    }
}
