package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.CliException;
import dev.coffer.wire.SecretWire;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "secrets",
        mixinStandardHelpOptions = true,
        description = "The team's secrets: values are encrypted on the server and never shown again.",
        subcommands = {SecretsCommand.Set.class, SecretsCommand.List.class, SecretsCommand.Remove.class})
final class SecretsCommand {
    /** The server's limit for one value. */
    static final int MAX_VALUE_BYTES = 64 * 1024;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private SecretsCommand() {}

    static String path(String team) {
        return "/api/v1/teams/" + ApiClient.encodeName(team) + "/secrets";
    }

    @Command(
            name = "set",
            mixinStandardHelpOptions = true,
            description = {
                "Create or replace the team secret NAME. The value is typed at a prompt (not echoed), piped in on standard input"
                        + " (one trailing newline is dropped), or read from --from-file exactly as it is.",
                "It is never taken from the command line: other users of the machine can read a process's arguments."
            })
    static final class Set extends ClientCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "1 to 128 characters from A-Z a-z 0-9 _ . -")
        String name;

        // Catches a value given as an argument, to refuse it without printing it back.
        @Parameters(index = "1..*", hidden = true)
        java.util.List<String> extra;

        @Option(
                names = "--from-file",
                paramLabel = "FILE",
                description = "Read the value from FILE (UTF-8 text, up to 64 KiB).")
        Path fromFile;

        @Override
        public Integer call() throws IOException {
            if (extra != null && !extra.isEmpty()) {
                throw new CliException(
                        "a secret value is never taken from the command line (other users can see process arguments);"
                                + " type it at the prompt, pipe it in, or use --from-file",
                        2);
            }
            String value = readValue();
            SecretWire.StoredSecret r = api().put(
                            path(team()) + "/" + ApiClient.encodeName(name),
                            new SecretWire.SecretValue(value),
                            SecretWire.StoredSecret.class);
            if (json) printJson(r);
            else
                System.out.println(
                        (r.created() ? "created" : "replaced") + " secret " + r.name() + " in team " + team());
            return 0;
        }

        private String readValue() throws IOException {
            if (fromFile != null) {
                if (Files.size(fromFile) > MAX_VALUE_BYTES) throw tooLarge();
                return text(Files.readAllBytes(fromFile));
            }
            Console console = System.console();
            if (console != null && console.isTerminal()) {
                char[] first = console.readPassword("Value for %s: ", name);
                char[] again = console.readPassword("Again: ");
                try {
                    if (first == null || again == null) throw new CliException("no value given", 2);
                    if (!Arrays.equals(first, again))
                        throw new CliException("the two values differ; nothing was changed", 2);
                    return new String(first);
                } finally {
                    if (first != null) Arrays.fill(first, '\0');
                    if (again != null) Arrays.fill(again, '\0');
                }
            }
            InputStream in = System.in;
            byte[] bytes = in.readNBytes(MAX_VALUE_BYTES + 2);
            int end = bytes.length;
            if (end > 0 && bytes[end - 1] == '\n') end--;
            if (end > 0 && bytes[end - 1] == '\r' && end < bytes.length) end--;
            if (end > MAX_VALUE_BYTES) throw tooLarge();
            return text(Arrays.copyOf(bytes, end));
        }

        private static CliException tooLarge() {
            return new CliException("a secret value is at most " + MAX_VALUE_BYTES + " bytes", 2);
        }

        private static String text(byte[] bytes) {
            if (bytes.length == 0) throw new CliException("the value is empty; a secret needs at least one byte", 2);
            try {
                return StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new CliException("a secret value must be UTF-8 text (for binary data, store its base64)", 2);
            } finally {
                Arrays.fill(bytes, (byte) 0);
            }
        }
    }

    @Command(
            name = "ls",
            mixinStandardHelpOptions = true,
            description = "List the team's secrets: names and times (values are never shown).")
    static final class List extends ClientCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            java.util.List<SecretWire.Secret> rows =
                    api().get(path(team()), SecretWire.SecretList.class).secrets();
            if (json) {
                printJson(rows);
                return 0;
            }
            int width = Math.max(
                    4, rows.stream().mapToInt(s -> s.name().length()).max().orElse(0));
            System.out.printf("%-" + width + "s  %-19s  %s%n", "NAME", "UPDATED", "CREATED");
            for (SecretWire.Secret s : rows) {
                System.out.printf(
                        "%-" + width + "s  %-19s  %s%n",
                        s.name(),
                        TIME.format(Instant.ofEpochMilli(s.updatedAt())),
                        TIME.format(Instant.ofEpochMilli(s.createdAt())));
            }
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, description = "Delete the team secret NAME.")
    static final class Remove extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            api().delete(path(team()) + "/" + ApiClient.encodeName(name));
            if (json) printJson(Map.of("deleted", name));
            else System.out.println("deleted secret " + name + " from team " + team());
            return 0;
        }
    }
}
