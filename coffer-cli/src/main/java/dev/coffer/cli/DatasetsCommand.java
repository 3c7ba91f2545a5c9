package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.wire.DatasetWire;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "datasets",
        description = {
            "Versioned datasets of the team (or public ones with --public).",
            "A version is named NAME (the latest), NAME:N or NAME:TAG; its files are reached as datasets/NAME[@REF]:PATH",
            "(public-datasets/NAME[@REF]:PATH) by ls, cat and cp."
        },
        subcommands = {
            DatasetsCommand.Create.class,
            DatasetsCommand.List.class,
            DatasetsCommand.Show.class,
            DatasetsCommand.Remove.class,
            DatasetVersionCommands.Versions.class,
            DatasetVersionCommands.Diff.class,
            DatasetVersionCommands.Tag.class,
            DatasetVersionCommands.Draft.class,
            DatasetVersionCommands.Commit.class,
            DatasetVersionCommands.Discard.class,
            DatasetsPushCommand.class,
            DatasetsPullCommand.class,
            DatasetsImportCommand.class
        })
final class DatasetsCommand {

    @Command(name = "create", description = "Create a dataset (it has no version until the first push or commit).")
    static final class Create extends DatasetCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--description", paramLabel = "TEXT")
        String description;

        @Override
        public Integer call() {
            DatasetWire.Dataset d =
                    api().post(datasets(), new DatasetWire.CreateDataset(name, description), DatasetWire.Dataset.class);
            if (json) printJson(d);
            else System.out.println("created " + (isPublic ? "public " : "") + "dataset " + d.name());
            return 0;
        }
    }

    @Command(name = "ls", description = "List the datasets.")
    static final class List extends DatasetCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            for (DatasetWire.Dataset d :
                    api().get(datasets(), DatasetWire.DatasetList.class).datasets()) {
                if (json) printJson(d);
                else System.out.printf("%-30s %s%n", d.name(), d.description() == null ? "" : d.description());
            }
            return 0;
        }
    }

    @Command(
            name = "show",
            description = "Describe a dataset (owner, size, new bytes, versions, tags), or one version with NAME:REF.")
    static final class Show extends DatasetCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME[:REF]")
        String ref;

        @Override
        public Integer call() {
            if (selectorOf(ref) != null) {
                DatasetWire.Version v = resolve(ref);
                if (json) {
                    printJson(v);
                } else {
                    printVersionHeader();
                    printVersion(v);
                }
                return 0;
            }
            DatasetWire.DatasetDescription d = api().get(dataset(ref), DatasetWire.DatasetDescription.class);
            if (json) {
                printJson(d);
                return 0;
            }
            System.out.println("dataset:     " + d.name() + (d.isPublic() ? " (public)" : ""));
            if (d.description() != null) System.out.println("description: " + d.description());
            if (d.owner() != null) System.out.println("owner:       " + d.owner());
            System.out.println("latest:      " + (d.latest() == null ? "none (nothing committed yet)" : d.latest()));
            System.out.println(
                    "size:        " + bytes(d.size()) + " (" + bytes(d.newBytes()) + " stored by its versions)");
            StringBuilder tags = new StringBuilder();
            for (DatasetWire.Tag t : d.tags())
                tags.append(tags.isEmpty() ? "" : ", ")
                        .append(t.name())
                        .append(" → ")
                        .append(t.version());
            System.out.println("tags:        " + (tags.isEmpty() ? "none" : tags));
            System.out.println();
            printVersionHeader();
            for (DatasetWire.Version v : d.versions()) printVersion(v);
            return 0;
        }
    }

    @Command(
            name = "rm",
            description = "Delete a dataset with all its versions (space is reclaimed by 'coffer admin gc').")
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
