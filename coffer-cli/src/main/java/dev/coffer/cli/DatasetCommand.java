package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.CliException;
import dev.coffer.wire.DatasetWire;
import picocli.CommandLine.Option;

/** What the dataset commands share: team or public datasets, and references {@code NAME[:REF]}. */
abstract class DatasetCommand extends ClientCommand {
    @Option(
            names = "--public",
            description = "Address public datasets (readable by everyone, changed by operators) instead of the team's.")
    boolean isPublic;

    /** {@code /api/v1/teams/TEAM/datasets} or {@code /api/v1/public/datasets}. */
    String datasets() {
        return isPublic ? "/api/v1/public/datasets" : "/api/v1/teams/" + ApiClient.encodeName(team()) + "/datasets";
    }

    /** The API prefix of a dataset or a version reference ({@code NAME}, {@code NAME:N}, {@code NAME:TAG}). */
    String dataset(String ref) {
        return datasets() + "/" + ApiClient.encodeName(ref);
    }

    static String nameOf(String ref) {
        int colon = ref.indexOf(':');
        return colon < 0 ? ref : ref.substring(0, colon);
    }

    /** The part after ':' of a reference, or null. */
    static String selectorOf(String ref) {
        int colon = ref.indexOf(':');
        return colon < 0 ? null : ref.substring(colon + 1);
    }

    /** The version number of {@code NAME:N}; a reference without a number is a usage error. */
    static long numberOf(String ref, String what) {
        String sel = selectorOf(ref);
        try {
            if (sel != null) return Long.parseLong(sel);
        } catch (NumberFormatException e) {
            // falls through to the message
        }
        throw new CliException(
                what + " needs NAME:N with the draft's version number (see 'coffer datasets versions " + nameOf(ref)
                        + "')",
                2);
    }

    /** The version a reference names, as the server describes it. */
    DatasetWire.Version resolve(String ref) {
        return api().get(dataset(ref) + "/version", DatasetWire.Version.class);
    }

    static String tags(DatasetWire.Version v) {
        return String.join(",", v.tags());
    }

    /** A count or size that a draft does not have yet, as 0. */
    static long orZero(Long n) {
        return n == null ? 0 : n;
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }

    static void printVersionHeader() {
        System.out.printf(
                "%-8s %-10s %-7s %10s %12s %12s  %-16s %s%n",
                "VERSION", "STATE", "PARENT", "FILES", "SIZE", "NEW BYTES", "TAGS", "MESSAGE");
    }

    static void printVersion(DatasetWire.Version v) {
        System.out.printf(
                "%-8d %-10s %-7s %10d %12s %12s  %-16s %s%n",
                v.number(),
                v.state(),
                v.parent() == null ? "-" : v.parent(),
                orZero(v.files()),
                bytes(orZero(v.size())),
                bytes(orZero(v.newBytes())),
                tags(v),
                v.message() == null ? "" : v.message());
    }
}
