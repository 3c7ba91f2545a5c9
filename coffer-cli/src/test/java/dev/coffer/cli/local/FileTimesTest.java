package dev.coffer.cli.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTimesTest {
    @TempDir
    Path dir;

    private static long mtime(Path p) throws IOException {
        return Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis();
    }

    @Test
    void setsAFilesTimeToTheMillisecondAndLeavesItsAccessTime() throws IOException {
        Path f = Files.writeString(dir.resolve("a.txt"), "x");
        Files.setAttribute(f, "lastAccessTime", FileTime.fromMillis(1_600_000_000_000L));
        FileTimes.setModified(f, 1_767_398_400_123L);
        assertEquals(1_767_398_400_123L, mtime(f));
        assertEquals(1_600_000_000_000L, ((FileTime) Files.getAttribute(f, "lastAccessTime")).toMillis());
    }

    @Test
    void setsALinksOwnTimeNotItsTargets() throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "x");
        Files.setLastModifiedTime(target, FileTime.fromMillis(1_000_000_000_000L));
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("target"));
        FileTimes.setModified(link, 1_700_000_000_000L);
        assertEquals(1_700_000_000_000L, mtime(link));
        assertEquals(1_000_000_000_000L, mtime(target));
    }

    @Test
    void setsAFoldersTimeAndTimesBefore1970() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("folder"));
        FileTimes.setModified(folder, -1_500L);
        assertEquals(-1_500L, mtime(folder));
    }

    @Test
    void aNameOutsideAsciiTakesTheOtherWayToTheSameResult() throws IOException {
        Path f = Files.writeString(dir.resolve("données-é.csv"), "x");
        FileTimes.setModified(f, 1_767_398_400_007L);
        assertEquals(1_767_398_400_007L, mtime(f));
    }

    @Test
    void aMissingFileIsReported() {
        assertThrows(NoSuchFileException.class, () -> FileTimes.setModified(dir.resolve("missing"), 1_000L));
    }
}
