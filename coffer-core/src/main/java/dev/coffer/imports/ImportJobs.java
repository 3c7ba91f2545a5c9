package dev.coffer.imports;

import dev.coffer.chunk.ChunkId;
import dev.coffer.content.ChunkRef;
import dev.coffer.db.Database;
import dev.coffer.db.RowBatch;
import dev.coffer.error.CofferException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** The stored import jobs: creation, claiming by a worker, checkpoints, and how each ends. */
public final class ImportJobs {
    private final Database db;

    public ImportJobs(Database db) {
        this.db = db;
    }

    public ImportJob create(long teamId, long userId, String url, String targetKind, long targetId, String targetPath) {
        return db.write(h -> {
            long id = h.createQuery("""
                            INSERT INTO import_jobs (team_id, created_by, url, target_kind, target_id, target_path, state, created_at)
                            VALUES (:t, :u, :url, :k, :target, :p, 'queued', :now) RETURNING id""")
                    .bind("t", teamId)
                    .bind("u", userId)
                    .bind("url", url)
                    .bind("k", targetKind)
                    .bind("target", targetId)
                    .bind("p", targetPath)
                    .bind("now", db.now())
                    .mapTo(Long.class)
                    .one();
            return get(h, id).orElseThrow();
        });
    }

    public Optional<ImportJob> get(long id) {
        return db.withHandle(h -> get(h, id));
    }

    private static Optional<ImportJob> get(Handle h, long id) {
        return h.createQuery("SELECT " + ImportJob.COLUMNS + " FROM import_jobs WHERE id = :id")
                .bind("id", id)
                .map(ImportJob::map)
                .findOne();
    }

    /**
     * How many jobs are in each state, over every team (states with none are left out): one
     * query on the state index, for operators (the admin status, the server's metrics).
     */
    public Map<String, Long> countByState() {
        Map<String, Long> counts = new HashMap<>();
        db.withHandle(h -> h.createQuery("SELECT state, COUNT(*) FROM import_jobs GROUP BY state")
                .map((rs, c) -> counts.put(rs.getString(1), rs.getLong(2)))
                .list());
        return counts;
    }

    /** The team's jobs, newest first. */
    public List<ImportJob> list(long teamId, int limit) {
        return db.withHandle(h -> h.createQuery("SELECT " + ImportJob.COLUMNS
                        + " FROM import_jobs WHERE team_id = :t ORDER BY id DESC LIMIT :n")
                .bind("t", teamId)
                .bind("n", limit)
                .map(ImportJob::map)
                .list());
    }

    /** Asks a job to stop: a queued job is cancelled at once, a running one at its next checkpoint. */
    public ImportJob cancel(long teamId, long id) {
        return db.write(h -> {
            ImportJob job = get(h, id)
                    .filter(j -> j.teamId() == teamId)
                    .orElseThrow(() -> new CofferException.NotFound("no job " + id));
            if (job.finished())
                throw new CofferException.Conflict("job " + id + " has ended already (" + job.state() + ")");
            h.createUpdate("""
                            UPDATE import_jobs SET state = CASE WHEN state = 'queued' THEN 'cancelled' ELSE 'cancelling' END,
                                finished_at = CASE WHEN state = 'queued' THEN :now ELSE finished_at END,
                                url = CASE WHEN state = 'queued' THEN :shown ELSE url END,
                                error = 'cancelled by a user'
                            WHERE id = :id""")
                    .bind("id", id)
                    .bind("now", db.now())
                    .bind("shown", ImportUrls.redact(job.url()))
                    .execute();
            return get(h, id).orElseThrow();
        });
    }

    /**
     * Claims a queued job for {@code owner}; empty when none may start. Teams take turns: the
     * candidate is each waiting team's oldest job, a team already running {@code perTeam} jobs
     * (on any server) is skipped, and the team running the fewest goes first (the older job on a
     * tie). So two slow sources of one team hold two workers, never all of them. Two servers
     * claiming at the same instant on PostgreSQL may let a team exceed its share by one for a
     * while; the next claims even it out.
     */
    public Optional<ImportJob> claim(String owner, int perTeam) {
        Optional<Long> next = db.withHandle(h -> {
            Map<Long, Long> running = new HashMap<>();
            h.createQuery(
                            "SELECT team_id, COUNT(*) FROM import_jobs WHERE state IN ('running', 'cancelling') GROUP BY team_id")
                    .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getLong(2)))
                    .forEach(e -> running.put(e.getKey(), e.getValue()));
            record Candidate(long team, long job) {}
            return h
                    .createQuery("SELECT team_id, MIN(id) FROM import_jobs WHERE state = 'queued' GROUP BY team_id")
                    .map((rs, ctx) -> new Candidate(rs.getLong(1), rs.getLong(2)))
                    .list()
                    .stream()
                    .filter(c -> running.getOrDefault(c.team(), 0L) < perTeam)
                    .min(Comparator.comparingLong((Candidate c) -> running.getOrDefault(c.team(), 0L))
                            .thenComparingLong(Candidate::job))
                    .map(Candidate::job);
        });
        if (next.isEmpty()) return Optional.empty();
        long now = db.now();
        int claimed = db.write(h -> h.createUpdate("""
                        UPDATE import_jobs SET state = 'running', owner = :o, heartbeat_at = :now, started_at = :now
                        WHERE id = :id AND state = 'queued'""")
                .bind("o", owner)
                .bind("now", now)
                .bind("id", next.get())
                .execute());
        // Another server claimed it first: try again on the next round.
        return claimed == 1 ? get(next.get()) : Optional.empty();
    }

    /**
     * Stops every unfinished job that {@code userId} started, inside the caller's transaction (a
     * user's deletion, at {@code now}): queued ones end at once, running ones at their server's
     * next round.
     */
    public static int cancelAllBy(Handle h, long userId, String reason, long now) {
        record Open(long id, String url, String state) {}
        List<Open> open = h.createQuery(
                        "SELECT id, url, state FROM import_jobs WHERE created_by = :u AND state IN ('queued', 'running')")
                .bind("u", userId)
                .map((rs, ctx) -> new Open(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list();
        for (Open j : open) {
            boolean queued = j.state().equals("queued");
            h.createUpdate("""
                            UPDATE import_jobs SET state = :s, error = :reason, finished_at = :end, url = :url
                            WHERE id = :id AND state = :was""")
                    .bind("s", queued ? "cancelled" : "cancelling")
                    .bind("reason", reason)
                    .bind("end", queued ? now : null)
                    .bind("url", queued ? ImportUrls.redact(j.url()) : j.url())
                    .bind("id", j.id())
                    .bind("was", j.state())
                    .execute();
        }
        return open.size();
    }

    /**
     * Jobs of servers that have not beaten for {@code staleAfter} (they died): queued again, to
     * resume from their checkpoint.
     */
    public int requeueStale(Duration staleAfter) {
        long staleBefore = db.now() - staleAfter.toMillis();
        boolean any = db.withHandle(h -> h.createQuery(
                                "SELECT COUNT(*) FROM import_jobs WHERE state IN ('running', 'cancelling') AND heartbeat_at < :stale")
                        .bind("stale", staleBefore)
                        .mapTo(Long.class)
                        .one())
                > 0;
        if (!any) return 0;
        List<Long> stopped = db.withHandle(
                h -> h.createQuery("SELECT id FROM import_jobs WHERE state = 'cancelling' AND heartbeat_at < :stale")
                        .bind("stale", staleBefore)
                        .mapTo(Long.class)
                        .list());
        for (long id : stopped) finish(id, "cancelled", null, null);
        return stopped.size()
                + db.write(h -> h.createUpdate("""
                        UPDATE import_jobs SET state = 'queued', owner = NULL, finished_at = NULL
                        WHERE state = 'running' AND heartbeat_at < :stale""").bind("stale", staleBefore).execute());
    }

    /** Gives a job back to the queue (this server is shutting down): another start resumes it. */
    public void release(long id, String owner) {
        db.write(h -> h.createUpdate(
                        "UPDATE import_jobs SET state = 'queued', owner = NULL WHERE id = :id AND owner = :o AND state = 'running'")
                .bind("id", id)
                .bind("o", owner)
                .execute());
    }

    /** The chunks stored so far, in order (the checkpoint a resumed job continues from). */
    public List<ChunkRef> chunks(long id) {
        return db.withHandle(h -> h.createQuery(
                        "SELECT chunk_hash, size FROM import_job_chunks WHERE job_id = :id ORDER BY seq")
                .bind("id", id)
                .map((rs, ctx) -> new ChunkRef(new ChunkId(rs.getString(1)), rs.getInt(2)))
                .list());
    }

    /**
     * Records progress: new chunks appended after {@code firstSeq}, the byte count and a heartbeat.
     * Returns the job's state, so a worker learns of a cancel at its next checkpoint.
     */
    public String checkpoint(
            long id,
            String owner,
            int firstSeq,
            List<ChunkRef> newChunks,
            long bytesDone,
            Long bytesTotal,
            String validator) {
        return db.writeRelaxed(h -> {
            var batch = RowBatch.prepare(
                    h, "INSERT INTO import_job_chunks (job_id, seq, chunk_hash, size) VALUES (?, ?, ?, ?)");
            int seq = firstSeq;
            for (ChunkRef c : newChunks) batch.add(id, seq++, c.id().hex(), c.size());
            if (batch.size() > 0) batch.execute();
            h.createUpdate("""
                            UPDATE import_jobs SET bytes_done = CASE WHEN bytes_done > :b THEN bytes_done ELSE :b END,
                                bytes_total = :t, validator = :v, heartbeat_at = :now
                            WHERE id = :id AND owner = :o""")
                    .bind("b", bytesDone)
                    .bind("t", bytesTotal)
                    .bind("v", validator)
                    .bind("now", db.now())
                    .bind("id", id)
                    .bind("o", owner)
                    .execute();
            return h.createQuery("SELECT state FROM import_jobs WHERE id = :id")
                    .bind("id", id)
                    .mapTo(String.class)
                    .one();
        });
    }

    /** Starts over (the source changed, or cannot resume): the checkpoint is dropped. */
    public void restart(long id) {
        db.write(h -> {
            h.createUpdate("DELETE FROM import_job_chunks WHERE job_id = :id")
                    .bind("id", id)
                    .execute();
            return h.createUpdate("UPDATE import_jobs SET bytes_done = 0 WHERE id = :id")
                    .bind("id", id)
                    .execute();
        });
    }

    /** A resumed job shows the bytes of its checkpoint as done (what it received beyond them is fetched again). */
    public void rewind(long id, long bytes) {
        db.write(h -> h.createUpdate("UPDATE import_jobs SET bytes_done = :b WHERE id = :id")
                .bind("b", bytes)
                .bind("id", id)
                .execute());
    }

    /**
     * Ends a job. The full URL is no longer needed and may carry a credential in its query, so
     * from now on only its shown form is kept (see {@link ImportUrls}). {@code error} null keeps a
     * reason written before (a cancel says who stopped the job).
     */
    public void finish(long id, String state, String error, String digest) {
        db.write(h -> {
            h.createUpdate("DELETE FROM import_job_chunks WHERE job_id = :id")
                    .bind("id", id)
                    .execute();
            String url = h.createQuery("SELECT url FROM import_jobs WHERE id = :id")
                    .bind("id", id)
                    .mapTo(String.class)
                    .findOne()
                    .orElse(null);
            return h.createUpdate("""
                            UPDATE import_jobs SET state = :s, error = COALESCE(:e, error), result_digest = :d, finished_at = :now, owner = NULL,
                                url = :url
                            WHERE id = :id""")
                    .bind("s", state)
                    .bind("e", error)
                    .bind("d", digest)
                    .bind("now", db.now())
                    .bind("url", ImportUrls.redact(url))
                    .bind("id", id)
                    .execute();
        });
    }

    /** This server's heartbeat for every job it runs. */
    public void beat(String owner, Map<Long, Long> bytesReceived) {
        long now = db.now();
        db.writeRelaxed(h -> {
            var batch = RowBatch.prepare(
                    h,
                    "UPDATE import_jobs SET heartbeat_at = ?, bytes_done = ? WHERE id = ? AND owner = ? AND bytes_done <= ?");
            bytesReceived.forEach((id, bytes) -> batch.add(now, bytes, id, owner, bytes));
            batch.execute();
            return h.createUpdate(
                            "UPDATE import_jobs SET heartbeat_at = :now WHERE owner = :o AND state IN ('running', 'cancelling')")
                    .bind("now", now)
                    .bind("o", owner)
                    .execute();
        });
    }

    /** This server's jobs that users asked to stop. */
    public List<Long> cancelling(String owner) {
        return db.withHandle(h -> h.createQuery("SELECT id FROM import_jobs WHERE owner = :o AND state = 'cancelling'")
                .bind("o", owner)
                .mapTo(Long.class)
                .list());
    }
}
