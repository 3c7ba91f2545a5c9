package dev.coffer.cli;

import dev.coffer.cli.client.CliException;
import dev.coffer.wire.DatasetWire;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
            DatasetWire.VersionList r = api().get(dataset(name) + "/versions", DatasetWire.VersionList.class);
            if (!json) printVersionHeader();
            for (DatasetWire.Version v : r.versions()) {
                if (json) printJson(v);
                else printVersion(v);
            }
            return 0;
        }
    }

    @Command(
            name = "diff",
            description = "Files added, removed and changed between two versions (default: the latest and its parent).")
    static final class Diff extends DatasetCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(
                names = "--from",
                paramLabel = "REF",
                description = "Older version: number or tag (default: the parent of --to).")
        String from;

        @Option(names = "--to", paramLabel = "REF", description = "Newer version: number or tag (default: latest).")
        String to;

        @Option(
                names = "--limit",
                description = "Show at most this many changes (the counts are always complete; default 10000).",
                defaultValue = "10000")
        int limit;

        @Override
        public Integer call() {
            StringBuilder url = new StringBuilder(dataset(name) + "/diff?limit=" + limit);
            if (from != null) url.append("&from=").append(URLEncoder.encode(from, StandardCharsets.UTF_8));
            if (to != null) url.append("&to=").append(URLEncoder.encode(to, StandardCharsets.UTF_8));
            DatasetWire.Diff d = api().get(url.toString(), DatasetWire.Diff.class);
            if (json) {
                printJson(d);
                return 0;
            }
            for (DatasetWire.Change c : d.changes()) {
                if (c.change() == DatasetWire.ChangeKind.ADDED)
                    System.out.printf("+ %s (%s)%n", c.path(), bytes(orZero(c.newSize())));
                else if (c.change() == DatasetWire.ChangeKind.REMOVED)
                    System.out.printf("- %s (%s)%n", c.path(), bytes(orZero(c.oldSize())));
                else
                    System.out.printf(
                            "~ %s (%s → %s)%n", c.path(), bytes(orZero(c.oldSize())), bytes(orZero(c.newSize())));
            }
            System.out.printf(
                    "%s → %d: %d added, %d removed, %d changed%s%n",
                    d.from() == null ? "(empty)" : d.from(),
                    d.to(),
                    d.added(),
                    d.removed(),
                    d.changed(),
                    d.truncated() ? " (list cut at --limit)" : "");
            return 0;
        }
    }

    @Command(
            name = "tag",
            description = "Put TAG on the version NAME:REF (default latest); an existing tag moves only with --move.")
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
            var body =
                    new DatasetWire.TagRequest(DatasetWire.VersionSelector.parse(sel == null ? "latest" : sel), move);
            DatasetWire.Version v = api().put(
                            dataset(nameOf(ref)) + "/tags/" + DatasetsCommand.encode(tag),
                            body,
                            DatasetWire.Version.class);
            if (json) printJson(v);
            else System.out.println("tagged " + v.ref() + " as " + tag);
            return 0;
        }
    }

    @Command(
            name = "draft",
            description = {
                "Start a draft of a dataset (from the latest version unless --parent or --no-parent) and print its number.",
                "Fill it with cp, rm and mv on datasets/NAME@N:PATH, then 'coffer datasets commit NAME:N'."
            })
    static final class Draft extends DatasetCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(
                names = "--parent",
                paramLabel = "REF",
                description = "Version to start from: number or tag (default: latest).")
        String parent;

        @Option(names = "--no-parent", description = "Start from an empty version.")
        boolean noParent;

        @Option(
                names = {"-m", "--message"},
                paramLabel = "MSG")
        String message;

        @Override
        public Integer call() {
            if (noParent && parent != null) throw new CliException("give --parent or --no-parent, not both", 2);
            String from = noParent ? "none" : parent;
            var body = new DatasetWire.DraftRequest(
                    from == null ? null : DatasetWire.VersionSelector.parse(from), message);
            DatasetWire.Version v = api().post(dataset(name) + "/versions", body, DatasetWire.Version.class);
            if (json) printJson(v);
            else
                System.out.println("started draft " + v.ref() + " (files: " + (isPublic ? "public-" : "") + "datasets/"
                        + name + "@" + v.number() + ":PATH)");
            return 0;
        }
    }

    @Command(name = "commit", description = "Commit the draft NAME:N: from then on it never changes.")
    static final class Commit extends DatasetCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME:N")
        String ref;

        @Option(
                names = {"-m", "--message"},
                paramLabel = "MSG")
        String message;

        @Override
        public Integer call() {
            long n = numberOf(ref, "commit");
            DatasetWire.Version v = api().post(
                            dataset(nameOf(ref)) + "/versions/" + n + "/commit",
                            new DatasetWire.CommitRequest(message),
                            DatasetWire.Version.class);
            if (json) printJson(v);
            else
                System.out.printf(
                        "committed %s: %d files, %s (%s new)%n",
                        v.ref(), orZero(v.files()), bytes(orZero(v.size())), bytes(orZero(v.newBytes())));
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
            DatasetWire.Version v = api().get(dataset(nameOf(ref)) + "/versions/" + n, DatasetWire.Version.class);
            if (v.state() != DatasetWire.VersionState.DRAFT) {
                throw new CliException(
                        v.ref()
                                + " is committed, not a draft: committed versions are kept (an admin deletes one through the API)",
                        5);
            }
            api().delete(dataset(nameOf(ref)) + "/versions/" + n);
            if (json) printJson(Map.of("discarded", v.ref()));
            else System.out.println("discarded draft " + v.ref());
            return 0;
        }
    }
}
