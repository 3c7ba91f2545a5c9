package dev.coffer.bench.tool;

import dev.coffer.bench.BenchException;
import dev.coffer.bench.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code coffer mount} as a notebook host runs it: with the notebook's token, {@code --daemon}
 * (it returns once mounted), a cache folder of the benchmark's own; ended with {@code coffer
 * unmount}, waiting until the mount's process has sent what it holds and exited.
 */
public final class CofferMount implements AutoCloseable {
    private static final Pattern PID = Pattern.compile("\\(pid (\\d+)");
    private final CofferTool.Session session;
    private final Path mnt;
    private final long pid;

    private CofferMount(CofferTool.Session session, Path mnt, long pid) {
        this.session = session;
        this.mnt = mnt;
        this.pid = pid;
    }

    public static CofferMount start(CofferTool.Session session, String notebookToken, Path mnt, Path cacheDir)
            throws IOException {
        return start(session, notebookToken, mnt, cacheDir, false);
    }

    /** The same; {@code writeBack}: with {@code --write-back} (small files sent in batches after their close). */
    public static CofferMount start(
            CofferTool.Session session, String notebookToken, Path mnt, Path cacheDir, boolean writeBack)
            throws IOException {
        Files.createDirectories(mnt);
        List<String> args =
                new ArrayList<>(List.of("mount", mnt.toString(), "--daemon", "--cache-dir", cacheDir.toString()));
        if (writeBack) args.add("--write-back");
        String out = session.run("coffer-mount", notebookToken, args.toArray(String[]::new));
        Matcher m = PID.matcher(out);
        if (!m.find()) throw new BenchException("coffer mount --daemon did not say its pid: " + out);
        Fuse.awaitMounted(mnt, "coffer mount");
        return new CofferMount(session, mnt, Long.parseLong(m.group(1)));
    }

    public Path path() {
        return mnt;
    }

    /** The mount process's peak resident memory so far, -1 when unknown. */
    public long peakRssBytes() {
        return ProcessRunner.peakRssBytes(pid).orElse(-1);
    }

    @Override
    public void close() {
        if (Fuse.isMounted(mnt)) session.run("coffer-unmount", session.adminToken(), "unmount", mnt.toString());
        ProcessHandle.of(pid).ifPresent(h -> {
            try {
                h.onExit().get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BenchException("interrupted while waiting for the mount to exit", e);
            } catch (ExecutionException | TimeoutException e) {
                h.destroyForcibly();
                throw new BenchException("the mount (pid " + pid + ") did not exit within 60 s of its unmount", e);
            }
        });
    }
}
