package dev.coffer.cli.client;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Reads passwords: from the terminal without echo, or, for scripts, one per line from standard
 * input ({@code --password-stdin}), never from the command line (where other users of the
 * machine could see it in the process list).
 */
public final class Secrets {
    private static BufferedReader stdin;

    private Secrets() {}

    /** One password: the next line of standard input, or typed at the terminal after {@code prompt}. */
    public static String read(boolean fromStdin, String prompt) {
        if (fromStdin) return line();
        Console console = System.console();
        if (console == null)
            throw new CliException(
                    "no terminal to ask for the password on: pass it on standard input with --password-stdin", 2);
        char[] typed = console.readPassword("%s", prompt);
        if (typed == null) throw new CliException("no password given", 2);
        return new String(typed);
    }

    /** A new password: from standard input once, or typed twice at the terminal (both must match). */
    public static String readNew(boolean fromStdin, String prompt) {
        String first = read(fromStdin, prompt);
        if (fromStdin) return first;
        String again = read(false, "Type it again: ");
        if (!first.equals(again)) throw new CliException("the two passwords differ; nothing was changed", 2);
        return first;
    }

    private static synchronized String line() {
        try {
            if (stdin == null) stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = stdin.readLine();
            if (line == null) throw new CliException("expected a password on standard input, found nothing", 2);
            return line;
        } catch (IOException e) {
            throw new CliException("cannot read standard input: " + e.getMessage(), 2);
        }
    }
}
