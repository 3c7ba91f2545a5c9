package dev.coffer.bench.data;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Text that reads like source code: indented statements, calls and comments made of identifiers
 * from a fixed vocabulary, with names and numbers varying from line to line. It compresses a few
 * times, as real code does, yet hardly a line repeats, so neither compression nor deduplication
 * finds more (or less) in it than in a real source tree. Only the header many files share repeats,
 * as licence headers do.
 */
final class CodeText {
    private static final String[] WORDS = {
        "access", "account", "action", "active", "adapter", "address", "after", "alias", "align", "alloc",
        "apply", "archive", "array", "async", "attempt", "audit", "backend", "backoff", "base", "batch",
        "before", "binary", "bind", "bit", "block", "body", "bound", "branch", "bucket", "buffer",
        "build", "bundle", "byte", "cache", "call", "cancel", "capacity", "channel", "char", "check",
        "child", "chunk", "class", "clean", "clear", "client", "clock", "clone", "close", "cluster",
        "code", "codec", "column", "commit", "compare", "config", "connect", "context", "copy", "count",
        "create", "cursor", "data", "dataset", "date", "decode", "default", "delay", "delete", "delta",
        "depth", "digest", "dir", "dirty", "disk", "done", "drain", "draft", "drop", "dump",
        "edge", "emit", "empty", "encode", "end", "entry", "error", "event", "expect", "expire",
        "export", "extent", "fail", "fetch", "field", "file", "filter", "find", "first", "flag",
        "flush", "folder", "format", "frame", "free", "from", "future", "gauge", "group", "guard",
        "handle", "handler", "hash", "head", "header", "heap", "hint", "host", "index", "init",
        "inner", "input", "insert", "item", "iter", "job", "join", "journal", "key", "kind",
        "label", "last", "layer", "leaf", "length", "level", "limit", "line", "link", "list",
        "load", "local", "lock", "log", "lookup", "loop", "manifest", "map", "mark", "match",
        "max", "merge", "message", "meta", "method", "metric", "min", "mode", "module", "mount",
        "name", "next", "node", "notify", "null", "number", "object", "offset", "open", "option",
        "order", "origin", "output", "owner", "pack", "page", "pair", "parent", "parse", "part",
        "path", "peer", "pending", "plan", "pool", "port", "position", "prefix", "prev", "print",
        "queue", "quota", "range", "rate", "read", "ready", "record", "ref", "region", "release",
        "remote", "remove", "render", "reply", "report", "request", "reset", "resolve", "result", "retry",
        "root", "route", "row", "rule", "run", "sample", "scan", "schema", "scope", "seek",
        "segment", "select", "send", "server", "session", "set", "shape", "share", "shift", "signal",
        "size", "skip", "slot", "snapshot", "socket", "sort", "source", "span", "split", "stack",
        "start", "state", "stat", "status", "step", "stop", "store", "stream", "string", "suffix",
        "sum", "sync", "table", "tag", "target", "task", "team", "temp", "test", "text",
        "thread", "tick", "time", "timer", "token", "total", "trace", "tree", "trim", "type",
        "unit", "update", "upload", "usage", "user", "valid", "value", "version", "view", "volume",
        "wait", "walk", "watch", "weight", "window", "worker", "write", "zone"
    };
    private static final String[] OPERATORS = {"==", "!=", "<", "<=", ">", ">="};
    private static final String[] MODIFIERS = {"public", "private", "static", "protected", "final"};

    /** The header most files start with, shared the way a licence header is. */
    static final String HEADER = """
            /*
             * Copyright the authors of this generated tree.
             * Licensed under the terms in the LICENSE file at the top of the tree.
             */
            """;

    private final SplittableRandom random;
    private int indent;

    CodeText(SplittableRandom random) {
        this.random = random;
    }

    /** Whole lines of about {@code bytes} bytes in all, the header first when asked for. */
    String file(int bytes, boolean header) {
        StringBuilder out = new StringBuilder(bytes + 128);
        if (header && bytes > 2 * HEADER.length()) out.append(HEADER).append('\n');
        indent = 0;
        while (out.length() < bytes) line(out);
        // Files end where they end; cut the last line so the size follows the drawn one closely.
        out.setLength(Math.max(1, bytes));
        out.setCharAt(out.length() - 1, '\n');
        return out.toString();
    }

    /** {@code count} new lines, at the indentation of the code around them. */
    String lines(int count, int atIndent) {
        indent = Math.max(1, atIndent);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) line(out);
        return out.toString();
    }

    /** A lower-case word, as folder names in a source tree are. */
    String folderName() {
        String w = word();
        return switch (random.nextInt(8)) {
            case 0 -> w + "-" + word();
            case 1 -> w.endsWith("s") ? w : w + "s";
            default -> w;
        };
    }

    /** A file name for the language of its module, sometimes a document or build file. */
    String fileName(String extension) {
        return switch (random.nextInt(40)) {
            case 0 -> word() + ".md";
            case 1 -> word() + ".json";
            case 2 -> word() + ".txt";
            default ->
                extension.equals(".java") || extension.equals(".ts")
                        ? type() + extension
                        : word() + "_" + word() + extension;
        };
    }

    private void line(StringBuilder out) {
        int kind = random.nextInt(100);
        if (indent <= 1 && kind < 70) kind = kind < 35 ? 90 : 95; // at the top level: functions and comments
        if (kind < 8) {
            out.append('\n');
            return;
        }
        pad(out);
        if (kind < 26) {
            out.append(type()).append(' ').append(identifier()).append(" = ").append(identifier());
            out.append('(').append(identifier()).append(", ").append(number()).append(");\n");
        } else if (kind < 38) {
            out.append(identifier()).append('.').append(identifier()).append('(');
            out.append('"')
                    .append(word())
                    .append(' ')
                    .append(word())
                    .append("\", ")
                    .append(identifier());
            out.append(");\n");
        } else if (kind < 48) {
            out.append("if (").append(identifier()).append(' ').append(OPERATORS[random.nextInt(OPERATORS.length)]);
            out.append(' ').append(number()).append(") {\n");
            indent++;
        } else if (kind < 54 && indent < 6) {
            String i = word().substring(0, 1);
            out.append("for (int ")
                    .append(i)
                    .append(" = 0; ")
                    .append(i)
                    .append(" < ")
                    .append(identifier());
            out.append(".size(); ").append(i).append("++) {\n");
            indent++;
        } else if (kind < 66) {
            out.append("// ");
            int words = 3 + random.nextInt(9);
            for (int w = 0; w < words; w++) out.append(w == 0 ? "" : " ").append(word());
            out.append('\n');
        } else if (kind < 74) {
            out.append("return ")
                    .append(identifier())
                    .append('.')
                    .append(identifier())
                    .append('(');
            out.append(identifier()).append(");\n");
        } else if (kind < 90) {
            if (indent > 1) {
                indent--;
                out.setLength(out.length() - 4);
            }
            out.append("}\n");
        } else if (kind < 95) {
            out.setLength(out.length() - 4 * indent);
            out.append("    ")
                    .append(MODIFIERS[random.nextInt(MODIFIERS.length)])
                    .append(' ')
                    .append(type());
            out.append(' ')
                    .append(identifier())
                    .append('(')
                    .append(type())
                    .append(' ')
                    .append(identifier());
            out.append(", ").append(type()).append(' ').append(identifier()).append(") {\n");
            indent = 2;
        } else {
            out.append("/** ").append(capital(word()));
            int words = 4 + random.nextInt(10);
            for (int w = 0; w < words; w++) out.append(' ').append(word());
            out.append(". */\n");
        }
    }

    private void pad(StringBuilder out) {
        out.repeat(' ', 4 * indent);
    }

    private String word() {
        return WORDS[random.nextInt(WORDS.length)];
    }

    private String identifier() {
        int words = 1 + random.nextInt(3);
        StringBuilder s = new StringBuilder(word());
        for (int i = 1; i < words; i++) s.append(capital(word()));
        return s.toString();
    }

    private String type() {
        return capital(word()) + (random.nextBoolean() ? capital(word()) : "");
    }

    private String number() {
        int n = random.nextInt(10);
        if (n < 6) return Integer.toString(random.nextInt(100));
        if (n < 9) return Integer.toString(random.nextInt(100_000));
        return String.format(Locale.ROOT, "0x%08x", random.nextInt());
    }

    private static String capital(String w) {
        return Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }
}
