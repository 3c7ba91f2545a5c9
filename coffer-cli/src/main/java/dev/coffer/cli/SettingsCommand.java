package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.CliException;
import dev.coffer.cli.client.ClientConfig;
import dev.coffer.cli.client.Location;
import dev.coffer.cli.mount.BucketTree;
import dev.coffer.cli.mount.Settings;
import dev.coffer.cli.mount.SettingsFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code coffer settings check FILE}: what the mount would make of a notebook's settings file. */
@Command(
        name = "settings",
        description = "A notebook's settings file (.coffer/settings.yaml or .gradient/settings.yaml).",
        subcommands = {SettingsCommand.Check.class})
final class SettingsCommand {
    @Command(
            name = "check",
            description = {
                "Report every mistake in a settings file with its line and what to write instead, and list what would be"
                        + " mounted. When logged in, also checks that each dataset version and secret exists.",
                "Exit status: 0 when the file has no errors (warnings allowed), 2 when it has."
            })
    static final class Check extends ClientCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--offline", description = "Check the file alone, without asking the server.")
        boolean offline;

        @Override
        public Integer call() throws IOException {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new CliException("no such file: " + file, 4);
            }
            Settings settings = SettingsFile.parse(file.toString(), text);
            List<Settings.Finding> findings = new ArrayList<>(settings.findings());
            if (!offline && ClientConfig.load(System.getenv()).withTeam(team).token() != null) {
                findings.addAll(online(settings));
            }
            findings.sort((a, b) -> Integer.compare(a.line(), b.line()));
            for (Settings.Finding f : findings) System.err.println(f);
            for (Settings.Integration i : settings.integrations()) {
                if (findings.stream().anyMatch(f -> !f.warning() && f.line() == i.line())) continue;
                System.out.println("/datasets/" + i.name() + " <- "
                        + switch (i) {
                            case Settings.DatasetMount d ->
                                "dataset " + d.dataset()
                                        + (d.version() == null ? " (latest)" : " version " + d.version());
                            case Settings.BucketMount b -> "bucket " + b.url() + " (read-write)";
                        });
            }
            return findings.stream().anyMatch(f -> !f.warning()) ? 2 : 0;
        }

        /** What only the server knows: does each dataset version, and each named secret, exist. */
        private List<Settings.Finding> online(Settings settings) {
            List<Settings.Finding> out = new ArrayList<>();
            for (Settings.Integration i : settings.integrations()) {
                switch (i) {
                    case Settings.DatasetMount d -> {
                        if (!datasetExists(d))
                            out.add(new Settings.Finding(
                                    file.toString(),
                                    d.line(),
                                    false,
                                    "dataset '" + d.dataset() + "'"
                                            + (d.version() == null ? "" : " has no version '" + d.version() + "' or")
                                            + " does not exist for team " + team()
                                            + "; see 'coffer datasets ls' and 'coffer datasets versions NAME'"));
                    }
                    case Settings.BucketMount b -> {
                        // The server checks it as the mount will: the plan, the secret, the bucket's answer.
                        String refusal = BucketTree.refusal(api(), team(), b);
                        if (refusal != null)
                            out.add(new Settings.Finding(
                                    file.toString(), b.line(), false, "mount '" + b.name() + "': " + refusal));
                    }
                }
            }
            return out;
        }

        private boolean datasetExists(Settings.DatasetMount d) {
            for (boolean isPublic : new boolean[] {false, true}) {
                try {
                    api().get(Location.Remote.dataset(isPublic, d.ref(), "").url(team(), "stat"), Object.class);
                    return true;
                } catch (ApiClient.ProblemException e) {
                    if (e.status() != 404 && e.status() != 403) throw e;
                }
            }
            return false;
        }
    }
}
