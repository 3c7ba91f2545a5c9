package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.client.CliException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The commands about versions of a dataset: list, diff, tag, commit and discard drafts. */
final class DatasetVersionCommands {
    private DatasetVersionCommands() {}

    @Command(name = "versions", description = "List a dataset's versions, drafts included.")
    static final class Versions extends DatasetCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            JsonNode r = api().getJson(dataset(name) + "/versions");
            if (!json) printVersionHeader();
            for (JsonNode v : r.path("versions")) {
                if (json) printJson(v);
                else printVersion(v);
            }
            return 0;
        }
    }

    @Command(name = "diff", description = "Files added, removed and changed between two versions (default: the latest and its parent).")
    static final class Diff extends DatasetCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--from", paramLabel = "REF", description = "Older version: number or tag (default: the parent of --to).")
        String from;

        @Option(names = "--to", paramLabel = "REF", description = "Newer version: number or tag (default: latest).")
        String to;

        @Option(names = "--limit", description = "Show at most this many changes (the counts are always complete; default 10000).", defaultValue = "10000")
        int limit;

        @Override
        public Integer call() {
            StringBuilder url = new StringBuilder(dataset(name) + "/diff?limit=" + limit);
            if (from != null) url.append("&from=").append(URLEncoder.encode(from, StandardCharsets.UTF_8));
            if (to != null) url.append("&to=").append(URLEncoder.encode(to, StandardCharsets.UTF_8));
            JsonNode d = api().getJson(url.toString());
            if (json) {
                printJson(d);
                return 0;
            }
            for (JsonNode c : d.path("changes")) {
                switch (c.path("change").asText()) {
                    case "added" -> System.out.printf("+ %s (%s)%n", c.path("path").asText(), bytes(c.path("newSize").asLong()));
                    case "removed" -> System.out.printf("- %s (%s)%n", c.path("path").asText(), bytes(c.path("oldSize").asLong()));
                    default -> System.out.printf("~ %s (%s → %s)%n", c.path("path").asText(), bytes(c.path("oldSize").asLong()), bytes(c.path("newSize").asLong()));
                }
            }
            System.out.printf("%s → %d: %d added, %d removed, %d changed%s%n", d.path("from").isNull() ? "(empty)" : d.path("from").asText(),
                    d.path("to").asLong(), d.path("added").asLong(), d.path("removed").asLong(), d.path("changed").asLong(),
                    d.path("truncated").asBoolean() ? " (list cut at --limit)" : "");
            return 0;
        }
    }

    @Command(name = "tag", description = "Put TAG on the version NAME:REF (default latest); an existing tag moves only with --move.")
    static final class Tag extends DatasetCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME[:REF]")
        String ref;

        @Parameters(index = "1", paramLabel = "TAG")
        String tag;

        @Option(names = "--move", description = "Move the tag if it is on another version.")
        boolean move;

        @Override
        public Integer call() {
            String sel = selectorOf(ref);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("version", sel == null ? "latest" : sel.matches("\\d+") ? (Object) Long.parseLong(sel) : sel);
            body.put("move", move);
            JsonNode v = api().putJson(dataset(nameOf(ref)) + "/tags/" + DatasetsCommand.encode(tag), body);
            if (json) printJson(v);
            else System.out.println("tagged " + v.path("ref").asText() + " as " + tag);
            return 0;
        }
    }

    @Command(name = "draft", description = {"Start a draft of a dataset (from the latest version unless --parent or --no-parent) and print its number.",
            "Fill it with cp, rm and mv on datasets/NAME@N:PATH, then 'coffer datasets commit NAME:N'."})
    static final class Draft extends DatasetCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--parent", paramLabel = "REF", description = "Version to start from: number or tag (default: latest).")
        String parent;

        @Option(names = "--no-parent", description = "Start from an empty version.")
        boolean noParent;

        @Option(names = {"-m", "--message"}, paramLabel = "MSG")
        String message;

        @Override
        public Integer call() {
            if (noParent && parent != null) throw new CliException("give --parent or --no-parent, not both", 2);
            Map<String, Object> body = new LinkedHashMap<>();
            if (noParent) body.put("parent", "none");
            else if (parent != null) body.put("parent", parent.matches("\\d+") ? (Object) Long.parseLong(parent) : parent);
            if (message != null) body.put("message", message);
            JsonNode v = api().postJson(dataset(name) + "/versions", body);
            if (json) printJson(v);
            else System.out.println("started draft " + v.path("ref").asText() + " (files: " + (isPublic ? "public-" : "") + "datasets/"
                    + name + "@" + v.path("number").asLong() + ":PATH)");
            return 0;
        }
    }

    @Command(name = "commit", description = "Commit the draft NAME:N: from then on it never changes.")
    static final class Commit extends DatasetCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME:N")
        String ref;

        @Option(names = {"-m", "--message"}, paramLabel = "MSG")
        String message;

        @Override
        public Integer call() {
            long n = numberOf(ref, "commit");
            Map<String, Object> body = new LinkedHashMap<>();
            if (message != null) body.put("message", message);
            JsonNode v = api().postJson(dataset(nameOf(ref)) + "/versions/" + n + "/commit", body);
            if (json) printJson(v);
            else System.out.printf("committed %s: %d files, %s (%s new)%n", v.path("ref").asText(), v.path("files").asLong(),
                    bytes(v.path("size").asLong()), bytes(v.path("newBytes").asLong()));
            return 0;
        }
    }

    @Command(name = "discard", description = "Throw away the draft NAME:N (committed versions are never discarded).")
    static final class Discard extends DatasetCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME:N")
        String ref;

        @Override
        public Integer call() {
            long n = numberOf(ref, "discard");
            JsonNode v = api().getJson(dataset(nameOf(ref)) + "/versions/" + n);
            if (!v.path("state").asText().equals("draft")) {
                throw new CliException(v.path("ref").asText() + " is committed, not a draft: committed versions are kept (an admin deletes one through the API)", 5);
            }
            api().delete(dataset(nameOf(ref)) + "/versions/" + n);
            if (json) printJson(Map.of("discarded", v.path("ref").asText()));
            else System.out.println("discarded draft " + v.path("ref").asText());
            return 0;
        }
    }
}
