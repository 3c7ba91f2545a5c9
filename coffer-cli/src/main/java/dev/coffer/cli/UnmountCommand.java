package dev.coffer.cli;

import dev.coffer.cli.client.CliException;
import dev.coffer.cli.mount.Mount;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code coffer unmount MOUNTPOINT}: ends a mount; the mount sends what open files hold first. */
@Command(name = "unmount", description = "Unmount a 'coffer mount' (its process then exits).")
final class UnmountCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "MOUNTPOINT")
    Path mountPoint;

    @Override
    public Integer call() throws Exception {
        Path mnt = mountPoint.toAbsolutePath().normalize();
        if (!Mount.isMounted(mnt)) throw new CliException(mnt + " is not mounted", 4);
        Process p = new ProcessBuilder("fusermount3", "-u", mnt.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new CliException(
                    "could not unmount " + mnt + (out.isEmpty() ? "" : ": " + out)
                            + " (a program may still have files open there; 'lsof +D " + mnt + "' shows which)",
                    1);
        }
        System.err.println("coffer: unmounted " + mnt);
        return 0;
    }
}
