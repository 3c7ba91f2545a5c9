package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.CliException;
import dev.coffer.wire.SourceWire;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "sources",
        mixinStandardHelpOptions = true,
        description = {
            "The team's external data sources: S3, DigitalOcean Spaces or any S3-compatible bucket.",
            "The secret key is a team secret (coffer secrets set NAME), named here with --secret NAME: it stays on the"
                    + " server."
        },
        subcommands = {
            SourcesCommand.Create.class,
            SourcesCommand.List.class,
            SourcesCommand.Show.class,
            SourcesCommand.Update.class,
            SourcesCommand.Remove.class
        })
final class SourcesCommand {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private SourcesCommand() {}

    static String path(String team) {
        return "/api/v1/teams/" + ApiClient.encodeName(team) + "/sources";
    }

    /** {@code secret:NAME} from what the user wrote (the name alone, or the reference itself). */
    static String secretReference(String secret) {
        if (secret == null) return null;
        return secret.startsWith("secret:") ? secret : "secret:" + secret;
    }

    /** Where the bucket is: AWS (a region) or any other host (an endpoint); never both. */
    static final class Place {
        @Option(names = "--region", paramLabel = "REGION", description = "The AWS region, e.g. us-west-1.")
        String region;

        @Option(
                names = "--endpoint",
                paramLabel = "URL",
                description = "Any other S3-compatible host, e.g. https://nyc3.digitaloceanspaces.com.")
        String endpoint;
    }

    /** The fields both create and update take. */
    abstract static class Fields extends ClientCommand {
        @Option(names = "--access-key-id", paramLabel = "ID", description = "The bucket's access key id.")
        String accessKeyId;

        @Option(
                names = "--secret",
                paramLabel = "NAME",
                description = "The team secret that holds the secret access key (never the key itself).")
        String secret;

        @ArgGroup(exclusive = true, multiplicity = "0..1")
        Place place;

        @Option(
                names = "--path-style",
                negatable = true,
                description = "Name the bucket in the path (most S3-compatible servers) rather than in the host name"
                        + " (AWS). Default: path style with --endpoint, host style with --region.")
        Boolean pathStyle;

        SourceWire.SourceSpec spec(String url) {
            return new SourceWire.SourceSpec(
                    url,
                    accessKeyId,
                    secretReference(secret),
                    place == null ? null : place.region,
                    place == null ? null : place.endpoint,
                    pathStyle);
        }

        void print(SourceWire.Source s, String verb) {
            if (json) printJson(s);
            else System.out.println(verb + " data source " + s.name() + " of team " + team() + ": " + describe(s));
        }
    }

    static String describe(SourceWire.Source s) {
        String where = s.endpoint() != null ? "endpoint " + s.endpoint() : "region " + s.region();
        return s.url() + " (" + where + ", access key id " + s.accessKeyId() + ", secret key " + s.secretAccessKey()
                + (s.pathStyle() ? ", path style" : "") + ")";
    }

    @Command(
            name = "create",
            aliases = "add",
            mixinStandardHelpOptions = true,
            description = "Add the data source NAME (owners and admins, on plans with data sources).")
    static final class Create extends Fields implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "How the team names it (also its folder name).")
        String name;

        @Option(
                names = "--url",
                required = true,
                paramLabel = "s3://BUCKET[/PREFIX]",
                description = "The bucket, and the prefix (folder) in it.")
        String url;

        @Override
        public Integer call() {
            if (accessKeyId == null) throw new CliException("give --access-key-id (the bucket's access key id)", 2);
            if (secret == null) {
                throw new CliException(
                        "give --secret NAME, the team secret holding the secret access key (coffer secrets set NAME)",
                        2);
            }
            if (place == null) {
                throw new CliException(
                        "give --region (AWS S3) or --endpoint (any other S3-compatible host, e.g."
                                + " https://nyc3.digitaloceanspaces.com)",
                        2);
            }
            SourceWire.Source s =
                    api().post(path(team()) + "/" + ApiClient.encodeName(name), spec(url), SourceWire.Source.class);
            print(s, "added");
            return 0;
        }
    }

    @Command(
            name = "update",
            mixinStandardHelpOptions = true,
            description = {
                "Change fields of the data source NAME; the others stay. --endpoint replaces the region and --region the"
                        + " endpoint."
            })
    static final class Update extends Fields implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME")
        String name;

        @Option(names = "--url", paramLabel = "s3://BUCKET[/PREFIX]", description = "Another bucket or prefix.")
        String url;

        @Override
        public Integer call() {
            SourceWire.SourceSpec change = spec(url);
            if (change.equals(new SourceWire.SourceSpec(null, null, null, null, null, null))) {
                throw new CliException(
                        "nothing to change: give --url, --access-key-id, --secret, --region, --endpoint or --[no-]path-style",
                        2);
            }
            SourceWire.Source s =
                    api().patch(path(team()) + "/" + ApiClient.encodeName(name), change, SourceWire.Source.class);
            print(s, "changed");
            return 0;
        }
    }

    @Command(
            name = "ls",
            aliases = "list",
            mixinStandardHelpOptions = true,
            description = "List the team's data sources.")
    static final class List extends ClientCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            java.util.List<SourceWire.Source> rows =
                    api().get(path(team()), SourceWire.SourceList.class).sources();
            if (json) {
                printJson(rows);
                return 0;
            }
            int name = Math.max(
                    4, rows.stream().mapToInt(s -> s.name().length()).max().orElse(0));
            int url = Math.max(
                    3, rows.stream().mapToInt(s -> s.url().length()).max().orElse(0));
            String row = "%-" + name + "s  %-" + url + "s  %s%n";
            System.out.printf(row, "NAME", "URL", "WHERE");
            for (SourceWire.Source s : rows) {
                System.out.printf(row, s.name(), s.url(), s.endpoint() != null ? s.endpoint() : s.region());
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show the data source NAME.")
    static final class Show extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            SourceWire.Source s = api().get(path(team()) + "/" + ApiClient.encodeName(name), SourceWire.Source.class);
            if (json) {
                printJson(s);
                return 0;
            }
            System.out.println("name:           " + s.name());
            System.out.println("url:            " + s.url());
            if (s.region() != null) System.out.println("region:         " + s.region());
            if (s.endpoint() != null) System.out.println("endpoint:       " + s.endpoint());
            System.out.println("path style:     " + (s.pathStyle() ? "yes" : "no (bucket in the host name)"));
            System.out.println("access key id:  " + s.accessKeyId());
            System.out.println("secret key:     " + s.secretAccessKey());
            System.out.println("created:        " + TIME.format(Instant.ofEpochMilli(s.createdAt())));
            System.out.println("changed:        " + TIME.format(Instant.ofEpochMilli(s.updatedAt())));
            return 0;
        }
    }

    @Command(
            name = "rm",
            aliases = "delete",
            mixinStandardHelpOptions = true,
            description = "Delete the data source NAME (the bucket and its objects are not touched).")
    static final class Remove extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            api().delete(path(team()) + "/" + ApiClient.encodeName(name));
            if (json) printJson(Map.of("deleted", name));
            else System.out.println("deleted data source " + name + " of team " + team());
            return 0;
        }
    }
}
