package dev.coffer.cli.mount;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.CliException;
import java.io.IOException;
import java.util.Locale;
import org.cryptomator.jfuse.api.Errno;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what the server answered into the errno a program expects, and logs why: a program sees
 * only a number, so the reason (a reserved name, a stopped notebook, a full plan) goes to the log.
 */
final class Errors {
    private static final Logger LOG = LoggerFactory.getLogger("dev.coffer.mount");
    /** Linux values that {@link Errno} does not name. */
    static final int EPERM = 1;

    static final int EXDEV = 18;
    static final int EDQUOT = 122;

    private final Errno errno;

    Errors(Errno errno) {
        this.errno = errno;
    }

    Errno errno() {
        return errno;
    }

    /** A change the tree cannot make, refused with {@code errno} (a Linux value) and its reason logged. */
    static final class Refused extends RuntimeException {
        final int errno;

        Refused(int errno, String reason) {
            super(reason);
            this.errno = errno;
        }
    }

    /** The negated errno for {@code e}, raised by {@code op} on {@code path}. */
    int of(String op, String path, Throwable e) {
        if (e instanceof ApiClient.ProblemException p) return problem(op, path, p);
        if (e instanceof Refused r) {
            LOG.warn("{} {}: {}", op, path, r.getMessage());
            return -r.errno;
        }
        if (e instanceof CliException c) {
            LOG.warn("{} {}: {}", op, path, c.getMessage());
            return -errno.eio();
        }
        if (e instanceof IOException io) {
            LOG.warn("{} {}: {}", op, path, io.toString());
            return -errno.eio();
        }
        LOG.error("{} {} failed", op, path, e);
        return -errno.eio();
    }

    private int problem(String op, String path, ApiClient.ProblemException p) {
        String detail = p.getMessage() == null ? "" : p.getMessage();
        String d = detail.toLowerCase(Locale.ROOT);
        int code = switch (p.status()) {
            case 404 -> -errno.enoent();
            case 401 -> -errno.eacces();
            case 403 -> -errno.eacces();
            case 413, 507 -> -EDQUOT;
            case 400, 422 -> d.contains("too long") ? -errno.enametoolong() : -errno.einval();
            case 409 -> conflict(d);
            default -> -errno.eio();
        };
        if (code == -errno.enoent()) LOG.debug("{} {}: {}", op, path, detail);
        else if (p.status() == 403 && d.contains("running"))
            LOG.warn("{} {}: the notebook is not running, so its files are not served: {}", op, path, detail);
        else LOG.warn("{} {}: {} ({})", op, path, detail, p.status());
        return code;
    }

    private int conflict(String d) {
        if (d.contains("not empty")) return -errno.enotempty();
        if (d.contains("already exists") || d.contains("exists already")) return -errno.eexist();
        if (d.contains("not a folder")) return -errno.enotdir();
        if (d.contains("is a folder")) return -errno.eisdir();
        if (d.contains("committed") || d.contains("read-only") || d.contains("never change")) return -errno.erofs();
        return -errno.eio();
    }
}
