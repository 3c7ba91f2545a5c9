package dev.coffer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.coffer.cli.client.ApiClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "datasets", description = {
        "Versioned datasets of the team (or public ones with --public).",
        "A version is named NAME (the latest), NAME:N or NAME:TAG; its files are reached as datasets/NAME[@REF]:PATH",
        "(public-datasets/NAME[@REF]:PATH) by ls, cat and cp."},
        subcommands = {DatasetsCommand.Create.class, DatasetsCommand.List.class, DatasetsCommand.Show.class, DatasetsCommand.Remove.class,
                DatasetVersionCommands.Versions.class, DatasetVersionCommands.Diff.class, DatasetVersionCommands.Tag.class, DatasetVersionCommands.Draft.class,
                DatasetVersionCommands.Commit.class, DatasetVersionCommands.Discard.class, DatasetsPushCommand.class, DatasetsPullCommand.class,
                DatasetsImportCommand.class})
final class DatasetsCommand {

    @Command(name = "create", description = "Create a dataset (it has no version until the first push or commit).")
    static final class Create extends DatasetCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Override
        public Integer call() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            if (description != null) body.put("description", description);
            JsonNode d = api().postJson(datasets(), body);
            if (json) printJson(d);
            else System.out.println("created " + (isPublic ? "public " : "") + "dataset " + d.path("name").asText());
            return 0;
        }
    }

    @Command(name = "ls", description = "List the datasets.")
    static final class List extends DatasetCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            for (JsonNode d : api().getJson(datasets()).path("datasets")) {
                if (json) printJson(d);
                else System.out.printf("%-30s %s%n", d.path("name").asText(), d.path("description").isNull() ? "" : d.path("description").asText());
            }
            return 0;
        }
    }

    @Command(name = "show", description = "Describe a dataset (owner, size, new bytes, versions, tags), or one version with NAME:REF.")
    static final class Show extends DatasetCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME[:REF]")
        String ref;

        @Override
        public Integer call() {
            if (selectorOf(ref) != null) {
                JsonNode v = version(ref);
                if (json) {
                    printJson(v);
                } else {
                    printVersionHeader();
                    printVersion(v);
                }
                return 0;
            }
            JsonNode d = api().getJson(dataset(ref));
            if (json) {
                printJson(d);
                return 0;
            }
            System.out.println("dataset:     " + d.path("name").asText() + (d.path("public").asBoolean() ? " (public)" : ""));
            if (!d.path("description").isNull()) System.out.println("description: " + d.path("description").asText());
            if (!d.path("owner").isNull()) System.out.println("owner:       " + d.path("owner").asText());
            System.out.println("latest:      " + (d.path("latest").isNull() ? "none (nothing committed yet)" : d.path("latest").asText()));
            System.out.println("size:        " + bytes(d.path("size").asLong()) + " (" + bytes(d.path("newBytes").asLong()) + " stored by its versions)");
            StringBuilder tags = new StringBuilder();
            for (JsonNode t : d.path("tags")) tags.append(tags.isEmpty() ? "" : ", ").append(t.path("name").asText()).append(" → ").append(t.path("version").asText());
            System.out.println("tags:        " + (tags.isEmpty() ? "none" : tags));
            System.out.println();
            printVersionHeader();
            for (JsonNode v : d.path("versions")) printVersion(v);
            return 0;
        }
    }

    @Command(name = "rm", description = "Delete a dataset with all its versions (space is reclaimed by 'coffer admin gc').")
    static final class Remove extends DatasetCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            api().delete(dataset(name));
            if (json) printJson(Map.of("deleted", name));
            else System.out.println("deleted dataset " + name);
            return 0;
        }
    }

    static String encode(String s) {
        return ApiClient.encodeName(s);
    }
}
