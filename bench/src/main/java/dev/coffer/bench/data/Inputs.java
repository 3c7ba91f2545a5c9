package dev.coffer.bench.data;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The inputs, each made on first use and then shared by every scenario of this invocation (the
 * real-tree input excepted: it is changed as it is measured, so each round writes it again).
 */
public final class Inputs {
    private final Path dir;
    private final long largeBytes;
    private final int smallFiles;
    private final int realTreeFiles;
    private final PrintStream log;
    private DataSet large;
    private DataSet small;
    private DataSet version;
    private DataSet mountSmall;
    private static final int MOUNT_FOLDERS = 50;
    private static final int MOUNT_PER_FOLDER = 100;
    public static final int VERSION_FOLDERS = 100;
    public static final int VERSION_PER_FOLDER = 1000;

    public static final int SMALL_FILE_SIZE = 4096;
    private static final int SMALL_FOLDERS = 100;

    public Inputs(Path dir, long largeBytes, int smallFiles, int realTreeFiles, PrintStream log) {
        this.dir = dir;
        this.largeBytes = largeBytes;
        this.smallFiles = smallFiles;
        this.realTreeFiles = realTreeFiles;
        this.log = log;
    }

    public synchronized DataSet large() throws IOException {
        if (large == null) {
            log.printf("  generating the large input (%d MiB)...%n", largeBytes >> 20);
            large = TestData.largeFile(dir, largeBytes);
        }
        return large;
    }

    public synchronized DataSet small() throws IOException {
        if (small == null) {
            int folders = Math.min(SMALL_FOLDERS, smallFiles);
            log.printf("  generating the small input (%d files)...%n", smallFiles);
            small = TestData.smallFiles(dir, folders, smallFiles / folders, SMALL_FILE_SIZE);
        }
        return small;
    }

    /** 5,000 files of 4 KiB in 50 folders of 100: what mount-small creates and reads back through a mount. */
    public synchronized DataSet mountSmall() throws IOException {
        if (mountSmall == null) {
            log.printf("  generating the mount input (%d files)...%n", MOUNT_FOLDERS * MOUNT_PER_FOLDER);
            mountSmall = TestData.smallFiles(dir.resolve("mount"), MOUNT_FOLDERS, MOUNT_PER_FOLDER, SMALL_FILE_SIZE);
        }
        return mountSmall;
    }

    /** 100,000 files of 1-4 KiB in 100 folders: the dataset version benchmark's input. */
    public synchronized DataSet version() throws IOException {
        if (version == null) {
            log.printf("  generating the version input (%d files)...%n", VERSION_FOLDERS * VERSION_PER_FOLDER);
            version = TestData.versionFiles(dir, VERSION_FOLDERS, VERSION_PER_FOLDER);
        }
        return version;
    }

    /**
     * Version 1 of the source-like tree of real-tree, written afresh on every call: the scenario
     * changes it version by version, and each round must start from the same first version.
     */
    public SourceTree sourceTree() throws IOException {
        log.printf("  generating the real-tree input (version 1, %d files)...%n", realTreeFiles);
        return SourceTree.write(dir.resolve("real-tree"), realTreeFiles);
    }
}
