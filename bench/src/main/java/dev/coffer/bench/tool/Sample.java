package dev.coffer.bench.tool;

import dev.coffer.bench.data.DiskUsage;

/**
 * One timed command of one tool.
 *
 * @param seconds    wall time of the timed command(s), process start to exit
 * @param stored     what the tool's store holds afterwards
 * @param added      what this command added to the store (equal to {@code stored} on a first ingest)
 * @param syncAfter  seconds an untimed {@code sync} took right after: data the tool left dirty in
 *                   the page cache shows up here instead of in its own time
 * @param coffer     the CLI's own figures, for Coffer only (null for the peers)
 */
public record Sample(double seconds, DiskUsage stored, DiskUsage added, double syncAfter, CofferCounts coffer) {

    /**
     * @param cliSeconds     the time the CLI reports itself (without JVM start and exit)
     * @param serverPeakRss  the server's peak resident memory so far, -1 when unknown
     */
    public record CofferCounts(
            long files, long chunks, long chunksSent, long bytesSent, double cliSeconds, long serverPeakRss) {}
}
