package dev.coffer.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.coffer.testkit.Await;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walk's stat: statx through FFM must say exactly what NIO says, for every kind of entry. */
class LocalTreeTest {
    @TempDir
    Path tmp;

    @Test
    void statxIsUsedHereAndAgreesWithNioOnEveryKindOfEntry() throws Exception {
        // The tests run with native access enabled on Linux, as the launcher runs the CLI: the fast path must be the
        // one tested.
        assertThat(Statx.available()).as("statx through FFM on this JVM").isTrue();
        Path file = Files.write(tmp.resolve("a.bin"), new byte[1234]);
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2021-03-04T05:06:07.123456789Z")));
        Path empty = Files.createFile(tmp.resolve("empty"));
        Path dir = Files.createDirectory(tmp.resolve("sub"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), file);
        Path dangling = Files.createSymbolicLink(tmp.resolve("dangling"), tmp.resolve("nowhere"));
        Path fifo = tmp.resolve("fifo");
        boolean haveFifo = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;

        Statx statx = new Statx();
        for (Path p : new Path[] {file, empty, dir, link, dangling, haveFifo ? fifo : file}) {
            LocalTree.Stat fast = statx.stat(p.toString());
            assertThat(fast).as(p.toString()).isNotNull();
            assertThat(fast).as(p.toString()).isEqualTo(LocalTree.statNio(p));
        }
        LocalTree.Stat f = statx.stat(file.toString());
        assertThat(f.kind()).isEqualTo(Statx.REGULAR);
        assertThat(f.size()).isEqualTo(1234);
        assertThat(f.mtimeNanos())
                .isEqualTo(Instant.parse("2021-03-04T05:06:07.123456789Z").getEpochSecond() * 1_000_000_000L
                        + 123_456_789);
        assertThat(statx.stat(dir.toString()).kind()).isEqualTo(Statx.DIRECTORY);
        assertThat(statx.stat(link.toString()).kind())
                .as("a link is not followed")
                .isEqualTo(Statx.LINK);
        if (haveFifo)
            assertThat(statx.stat(fifo.toString()).kind())
                    .as("a FIFO is none of the kinds kept")
                    .isEqualTo(Statx.OTHER);

        // A write moves mtime and ctime; a rename over the path changes the inode: both are seen.
        // The kernel stamps ctime from its own coarse clock (a tick of a few ms), which no test
        // clock moves: a write made within the same tick keeps it, so write until a tick has passed.
        long ctime = f.ctimeNanos();
        Await.until(Duration.ofSeconds(10), "a write moves ctime", () -> {
            Files.write(file, new byte[1234]);
            return statx.stat(file.toString()).ctimeNanos() > ctime;
        });
        Path other = Files.write(tmp.resolve("other"), new byte[1234]);
        long otherInode = statx.stat(other.toString()).inode();
        Files.move(other, file, StandardCopyOption.REPLACE_EXISTING);
        assertThat(statx.stat(file.toString())).isEqualTo(LocalTree.statNio(file));
        assertThat(statx.stat(file.toString()).inode()).isEqualTo(otherInode);
    }

    @Test
    void namesStatxCannotTakeGoThroughNio() throws Exception {
        Statx statx = new Statx();
        assertThat(statx.stat(tmp.resolve("missing").toString()))
                .as("an error: left to NIO, which reports it")
                .isNull();
        assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")), "file names are UTF-8 here");
        Path accented = Files.write(tmp.resolve("caf\u00e9 \u65e5\u672c.txt"), new byte[7]);
        assertThat(statx.stat(accented.toString())).as("non-ASCII: left to NIO").isNull();
        assertThat(LocalTree.stat(accented)).isEqualTo(LocalTree.statNio(accented));
        Files.write(Files.createDirectories(tmp.resolve("w")).resolve("\u00e9t\u00e9.txt"), "summer".getBytes());
        assertThat(LocalTree.files(tmp.resolve("w")).get("\u00e9t\u00e9.txt").size())
                .as("found by the walk too")
                .isEqualTo(6);
    }

    @Test
    void walkFindsRegularFilesOnlyWithTheirStat() throws Exception {
        Files.write(Files.createDirectories(tmp.resolve("root/d1/deep")).resolve("x.txt"), "x".getBytes());
        Files.write(tmp.resolve("root/top.txt"), "top".getBytes());
        Files.write(tmp.resolve("root/d1/summer.txt"), "summer".getBytes());
        Files.write(tmp.resolve("root/d1/half.coffer-part"), "partial".getBytes());
        Files.createSymbolicLink(tmp.resolve("root/link.txt"), tmp.resolve("root/top.txt"));
        Files.createDirectories(tmp.resolve("root/emptydir"));

        Map<String, LocalFile> files = LocalTree.files(tmp.resolve("root"));
        assertThat(files).containsOnlyKeys("top.txt", "d1/deep/x.txt", "d1/summer.txt");
        for (LocalFile f : files.values()) {
            LocalTree.Stat nio = LocalTree.statNio(f.path());
            assertThat(f.relative())
                    .isEqualTo(tmp.resolve("root").relativize(f.path()).toString());
            assertThat(new long[] {f.size(), f.mtimeNanos(), f.inode(), f.ctimeNanos()})
                    .isEqualTo(new long[] {nio.size(), nio.mtimeNanos(), nio.inode(), nio.ctimeNanos()});
        }
        assertThat(files.get("d1/summer.txt").size()).isEqualTo(6);
        assertThat(LocalTree.stat(tmp.resolve("root"), "top.txt")).isEqualTo(files.get("top.txt"));
        assertThat(LocalTree.files(tmp.resolve("absent"))).isEmpty();
    }
}
