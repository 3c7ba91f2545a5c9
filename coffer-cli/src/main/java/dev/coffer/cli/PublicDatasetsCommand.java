package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.CliException;
import dev.coffer.wire.DatasetWire;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * Public datasets out of the box: {@code coffer admin public-datasets add NAME} makes a public
 * dataset (readable by every team, changed only by operators) from the files of the Debian
 * package that carries it, with a description and a README in the version. Running it again
 * makes no new version when nothing changed.
 */
@Command(
        name = "public-datasets",
        description = "Public datasets every team reads, made from Debian's dataset packages.",
        subcommands = {PublicDatasetsCommand.Add.class, PublicDatasetsCommand.Catalog.class})
final class PublicDatasetsCommand {

    /** A public dataset Coffer knows how to make: where its files come from and what it says about them. */
    record Known(String name, String debianPackage, Path folder, String description, String readme) {}

    static final List<Known> CATALOG = List.of(new Known(
            "fashion-mnist",
            "dataset-fashion-mnist",
            Path.of("/usr/share/datasets/fashion-mnist"),
            "Fashion-MNIST: 70,000 28x28 grayscale images of clothing in 10 classes (60,000 to train, 10,000 to test),"
                    + " a drop-in replacement for MNIST",
            """
            # Fashion-MNIST

            Zalando's article images: 70,000 grayscale images of 28x28 pixels, each labelled with one of
            10 classes, split into a training set of 60,000 and a test set of 10,000. It has the same
            format and split as MNIST, so code written for MNIST reads it unchanged.

            | file | what it holds |
            |---|---|
            | `train-images-idx3-ubyte.gz` | 60,000 training images (IDX, gzip) |
            | `train-labels-idx1-ubyte.gz` | their labels, 0-9 |
            | `t10k-images-idx3-ubyte.gz` | 10,000 test images |
            | `t10k-labels-idx1-ubyte.gz` | their labels |

            Labels: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt,
            7 Sneaker, 8 Bag, 9 Ankle boot.

            In a notebook, with the dataset mounted at `/datasets/fashion-mnist`:

            ```python
            import gzip, numpy as np
            with gzip.open("/datasets/fashion-mnist/train-images-idx3-ubyte.gz") as f:
                images = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 28, 28)
            ```

            Source: https://github.com/zalandoresearch/fashion-mnist (MIT licence), as packaged by
            Debian (`dataset-fashion-mnist`).
            """));

    @Command(name = "known", description = "The public datasets this command can make.")
    static final class Catalog extends ClientCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            for (var k : CATALOG)
                System.out.printf("%-16s from Debian's %s: %s%n", k.name(), k.debianPackage(), k.description());
            return 0;
        }
    }

    @Command(
            name = "add",
            description = {
                "Make (or bring up to date) a public dataset from its Debian package (operators).",
                "The package is installed when missing and this runs as root; otherwise the command",
                "says what to install."
            })
    static final class Add extends ClientCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME", description = "One of: coffer admin public-datasets known")
        String name;

        @Override
        public Integer call() throws Exception {
            Known known = CATALOG.stream()
                    .filter(k -> k.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new CliException(
                            "no public dataset named '" + name + "' is known; known: "
                                    + String.join(
                                            ", ",
                                            CATALOG.stream().map(Known::name).toList()),
                            2));
            ensureInstalled(known);
            try {
                api().post(
                                "/api/v1/public/datasets",
                                new DatasetWire.CreateDataset(known.name(), known.description()),
                                DatasetWire.Dataset.class);
                System.err.println("made the public dataset " + known.name());
            } catch (ApiClient.ProblemException e) {
                if (e.status() != 409) throw e;
            }
            // Staged in a folder kept between runs: the push's index then knows every file, and a
            // second run finds nothing changed without reading the package again.
            Path staging = stagingFolder(known);
            stage(known, staging);
            List<String> push = new ArrayList<>(List.of(
                    "datasets",
                    "push",
                    "--public",
                    staging.toString(),
                    known.name(),
                    "-m",
                    "from Debian's " + known.debianPackage()));
            if (json) push.add("--json");
            return Main.run(push.toArray(String[]::new));
        }

        private static Path stagingFolder(Known known) throws IOException {
            String cache = System.getenv("XDG_CACHE_HOME");
            Path base = cache == null || cache.isBlank()
                    ? Path.of(System.getProperty("user.home"), ".cache")
                    : Path.of(cache);
            return Files.createDirectories(
                    base.resolve("coffer").resolve("public-datasets").resolve(known.name()));
        }

        /**
         * The package's files (copied when new or changed) and the README, with the package's
         * times: what the version will hold, exactly.
         */
        private static void stage(Known known, Path staging) throws IOException {
            FileTime newest = FileTime.fromMillis(0);
            List<String> names = new ArrayList<>(List.of("README.md"));
            try (Stream<Path> files = Files.list(known.folder())) {
                for (Path f : files.sorted().toList()) {
                    if (!Files.isRegularFile(f)) continue;
                    Path copy = staging.resolve(f.getFileName());
                    names.add(f.getFileName().toString());
                    FileTime t = Files.getLastModifiedTime(f);
                    if (!Files.exists(copy)
                            || Files.size(copy) != Files.size(f)
                            || !Files.getLastModifiedTime(copy).equals(t))
                        Files.copy(f, copy, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
                    if (t.compareTo(newest) > 0) newest = t;
                }
            }
            Path readme = staging.resolve("README.md");
            if (!Files.exists(readme) || !Files.readString(readme).equals(known.readme()))
                Files.writeString(readme, known.readme(), StandardCharsets.UTF_8);
            if (!Files.getLastModifiedTime(readme).equals(newest)) Files.setLastModifiedTime(readme, newest);
            try (Stream<Path> files = Files.list(staging)) {
                for (Path f : files.toList())
                    if (!names.contains(f.getFileName().toString())) Files.delete(f);
            }
        }

        private static void ensureInstalled(Known known) throws Exception {
            if (Files.isDirectory(known.folder())) return;
            boolean root = "root".equals(System.getProperty("user.name"));
            if (!root || !Files.isExecutable(Path.of("/usr/bin/apt-get")))
                throw new CliException(
                        known.name() + " comes from Debian's package " + known.debianPackage()
                                + ", which is not installed: sudo apt-get install -y " + known.debianPackage(),
                        4);
            System.err.println("installing Debian's " + known.debianPackage() + " …");
            ProcessBuilder pb = new ProcessBuilder("apt-get", "install", "-y", "-q", known.debianPackage())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().putAll(Map.of("DEBIAN_FRONTEND", "noninteractive"));
            int exit = pb.start().waitFor();
            if (exit != 0 || !Files.isDirectory(known.folder()))
                throw new CliException(
                        "could not install " + known.debianPackage() + " (apt-get exited with " + exit
                                + "); install it with: apt-get install -y " + known.debianPackage(),
                        1);
        }
    }
}
