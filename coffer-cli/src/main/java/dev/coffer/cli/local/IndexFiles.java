package dev.coffer.cli.local;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The on-disk form of a {@link LocalIndex}: a base file holding every entry, and a journal of
 * the changes made since, appended to by each push or pull. Both are binary and checksummed.
 *
 * <p>Why two files: rewriting 100,000 entries after a push that changed 100 of them costs more
 * than the push itself; appending the 100 costs nothing. The journal is folded into a new base
 * ({@link #writeBase}) when it grows.
 *
 * <pre>
 * base:    "CFIDXB02"  id:i64  count:i32  version  entry*count  crc32:i32 (of everything before it)
 * journal: "CFIDXJ02"  baseId:i64  record*
 * record:  length:i32  crc32:i32 (of the payload)  payload = at:i64 count:i32 op*count version
 * op:      'P' entry | 'D' path
 * entry:   path  size:i64  mtimeNanos:i64  inode:i64  ctimeNanos:i64  digestLength:u8 digest(ASCII)
 * path:    length:u16 UTF-8 bytes
 * version: length:u8 ASCII (0: unknown)
 * </pre>
 *
 * {@code version} is the digest of a dataset version holding exactly the index's files as they
 * stand after the base or the record ({@code LocalIndex.asVersion}): computed by the writer from
 * what it wrote, so a push need not compute it again. A record's {@code at} is the journal
 * offset its writer expected it to land at; a record elsewhere was written by a process that did
 * not see the records before it (two saves at once), so from it on the version is unknown.
 * Version 01 files (no {@code version}, no {@code at}) are still read, their version unknown.
 *
 * Crash safety: a base is written to a temporary file and renamed over the old one, so a reader
 * sees the old base or the new. One save appends one journal record, whose checksum makes it
 * all or nothing: a torn or damaged record and everything after it are ignored. A journal whose
 * {@code baseId} is not the base's (left from before a compaction) is ignored too. Whatever is
 * ignored only costs reading those files again, because an entry is trusted only while the
 * file's stat matches it exactly.
 */
final class IndexFiles {
    private static final byte[] BASE_MAGIC = "CFIDXB02".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JOURNAL_MAGIC = "CFIDXJ02".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BASE_MAGIC_01 = "CFIDXB01".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JOURNAL_MAGIC_01 = "CFIDXJ01".getBytes(StandardCharsets.US_ASCII);
    /** Where a journal's first record starts: after the magic and the base id. */
    static final int JOURNAL_HEADER_BYTES = JOURNAL_MAGIC.length + 8;

    private static final byte PUT = 'P', DELETE = 'D';
    /** A path longer than this many UTF-8 bytes is not indexed (it is hashed on every push instead). */
    static final int MAX_PATH_BYTES = 0xFFFF;

    /** One change to the index; {@code entry} null means the path left it. */
    record Op(String path, LocalIndex.Entry entry) {}

    /** A base file read: its id (its journal names it), its length in bytes, and its version digest (null: unknown). */
    record Base(long id, int bytes, String version) {}

    /**
     * A journal replayed: its length in bytes, the version digest after it, and whether a record
     * may be appended to it (it is absent, or of this format and this base; any other journal is
     * replaced by the next save's new base, or its records would be lost).
     */
    record Replayed(long bytes, String version, boolean appendable) {}

    private IndexFiles() {}

    /**
     * Reads the base into {@code into} (an empty map); null when there is none, or it is damaged
     * (then {@code into} is left empty: a half-trusted base is worth less than a re-read).
     */
    static Base readBase(Path file, Map<String, LocalIndex.Entry> into) throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        int end = all.length - 4;
        boolean current = startsWith(all, BASE_MAGIC);
        if (end < BASE_MAGIC.length + 12 || !(current || startsWith(all, BASE_MAGIC_01))) return null;
        CRC32 crc = new CRC32();
        crc.update(all, 0, end);
        ByteBuffer b = ByteBuffer.wrap(all);
        if (b.getInt(end) != (int) crc.getValue()) return null;
        b.position(BASE_MAGIC.length);
        long id = b.getLong();
        int count = b.getInt();
        String version = null;
        try {
            if (current) version = version(b);
            for (int i = 0; i < count; i++) {
                String path = path(b);
                into.put(path, entry(b));
            }
            if (b.position() != end) throw new IllegalArgumentException("trailing bytes");
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            into.clear(); // a checksum that matches a malformed body: not written by us
            return null;
        }
        return new Base(id, all.length, version);
    }

    /**
     * Applies the journal's intact records, in order, to {@code into}; returns the journal's
     * length and the version digest after the last intact record ({@code base}'s when there is none).
     */
    static Replayed replayJournal(Path file, Base base, Map<String, LocalIndex.Entry> into) throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return new Replayed(0, base.version(), true);
        }
        boolean current = startsWith(all, JOURNAL_MAGIC);
        if (all.length < JOURNAL_HEADER_BYTES || !(current || startsWith(all, JOURNAL_MAGIC_01)))
            return new Replayed(all.length, base.version(), false);
        ByteBuffer b = ByteBuffer.wrap(all);
        b.position(JOURNAL_MAGIC.length);
        if (b.getLong() != base.id()) return new Replayed(all.length, base.version(), false);
        String version = current ? base.version() : null;
        CRC32 crc = new CRC32();
        while (b.remaining() >= 8) {
            int start = b.position();
            int length = b.getInt();
            int sum = b.getInt();
            if (length < 4 || length > b.remaining()) break; // torn at the end: the save never finished
            crc.reset();
            crc.update(all, b.position(), length);
            if ((int) crc.getValue() != sum) break;
            ByteBuffer record = b.slice(b.position(), length);
            b.position(b.position() + length);
            try {
                long at = current ? record.getLong() : -1;
                int count = record.getInt();
                ArrayList<Op> ops = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    byte op = record.get();
                    String path = path(record);
                    if (op == PUT) ops.add(new Op(path, entry(record)));
                    else if (op == DELETE) ops.add(new Op(path, null));
                    else throw new IllegalArgumentException("unknown op " + op);
                }
                String after = current ? version(record) : null;
                if (record.hasRemaining()) throw new IllegalArgumentException("trailing bytes");
                version = at == start ? after : null;
                for (Op op : ops) {
                    if (op.entry() == null) into.remove(op.path());
                    else into.put(op.path(), op.entry());
                }
            } catch (BufferUnderflowException | IllegalArgumentException e) {
                break;
            }
        }
        return new Replayed(all.length, version, current);
    }

    /**
     * Writes a new base of {@code entries} atomically under a new id, then removes the journal
     * (which the new base already contains; were the removal lost, the old id keeps it ignored).
     */
    static void writeBase(Path file, Path journal, Map<String, LocalIndex.Entry> entries, long id, String version)
            throws IOException {
        Files.createDirectories(file.getParent());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entries.size() * 110 + 64);
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(BASE_MAGIC);
        out.writeLong(id);
        int count = 0;
        for (var e : entries.entrySet()) if (indexable(e.getKey())) count++;
        out.writeInt(count);
        writeVersion(out, version);
        for (var e : entries.entrySet()) {
            if (!indexable(e.getKey())) continue;
            writePath(out, e.getKey());
            writeEntry(out, e.getValue());
        }
        byte[] body = bytes.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        // A name of our own: two pushes of the same folder at once must not write one file.
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer all = ByteBuffer.wrap(body);
                while (all.hasRemaining()) ch.write(all);
                ByteBuffer sum =
                        ByteBuffer.allocate(4).putInt((int) crc.getValue()).flip();
                while (sum.hasRemaining()) ch.write(sum);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        Files.deleteIfExists(journal);
    }

    /**
     * Appends {@code ops} and the version digest after them as one record (starting the journal of
     * base {@code baseId} if needed). {@code journalBytes} is the journal's length as this process
     * knows it (0: none). Returns the bytes appended.
     */
    static long append(Path journal, long baseId, long journalBytes, List<Op> ops, String version) throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream(ops.size() * 110 + 96);
        DataOutputStream p = new DataOutputStream(payload);
        p.writeLong(Math.max(JOURNAL_HEADER_BYTES, journalBytes));
        int count = 0;
        for (Op op : ops) if (indexable(op.path())) count++;
        p.writeInt(count);
        for (Op op : ops) {
            if (!indexable(op.path())) continue;
            p.writeByte(op.entry() == null ? DELETE : PUT);
            writePath(p, op.path());
            if (op.entry() != null) writeEntry(p, op.entry());
        }
        writeVersion(p, version);
        byte[] body = payload.toByteArray();
        CRC32 crc = new CRC32();
        crc.update(body);
        ByteBuffer record = ByteBuffer.allocate(8 + body.length)
                .putInt(body.length)
                .putInt((int) crc.getValue())
                .put(body)
                .flip();
        long written = record.capacity();
        try (FileChannel ch = FileChannel.open(
                journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            if (ch.size() == 0) {
                // A torn header is caught on reading (magic or id differ) and costs re-reads only.
                ch.write(ByteBuffer.allocate(JOURNAL_HEADER_BYTES)
                        .put(JOURNAL_MAGIC)
                        .putLong(baseId)
                        .flip());
                written += JOURNAL_HEADER_BYTES;
            }
            // One write per record: with O_APPEND, a concurrent save's record lands before or after it, not inside.
            while (record.hasRemaining()) ch.write(record);
        }
        return written;
    }

    private static void writeVersion(DataOutputStream out, String version) throws IOException {
        writeDigest(out, version == null ? "" : version);
    }

    private static String version(ByteBuffer b) {
        String v = digest(b);
        return v.isEmpty() ? null : v;
    }

    /** A digest: its length (one byte) and its ASCII characters. */
    private static void writeDigest(DataOutputStream out, String digest) throws IOException {
        byte[] d = digest.getBytes(StandardCharsets.US_ASCII);
        if (d.length > 255) throw new IllegalArgumentException("digest too long");
        out.writeByte(d.length);
        out.write(d);
    }

    private static String digest(ByteBuffer b) {
        return text(b, Byte.toUnsignedInt(b.get()), StandardCharsets.ISO_8859_1);
    }

    /** The next {@code n} bytes of {@code b} as text. */
    private static String text(ByteBuffer b, int n, Charset charset) {
        if (n > b.remaining()) throw new BufferUnderflowException();
        String s = new String(b.array(), b.arrayOffset() + b.position(), n, charset);
        b.position(b.position() + n);
        return s;
    }

    static boolean indexable(String path) {
        return path.length() * 3 <= MAX_PATH_BYTES || path.getBytes(StandardCharsets.UTF_8).length <= MAX_PATH_BYTES;
    }

    private static void writePath(DataOutputStream out, String path) throws IOException {
        byte[] b = path.getBytes(StandardCharsets.UTF_8);
        out.writeShort(b.length);
        out.write(b);
    }

    private static void writeEntry(DataOutputStream out, LocalIndex.Entry e) throws IOException {
        out.writeLong(e.size());
        out.writeLong(e.mtimeNanos());
        out.writeLong(e.inode());
        out.writeLong(e.ctimeNanos());
        writeDigest(out, e.digest());
    }

    private static String path(ByteBuffer b) {
        return text(b, Short.toUnsignedInt(b.getShort()), StandardCharsets.UTF_8);
    }

    private static LocalIndex.Entry entry(ByteBuffer b) {
        long size = b.getLong(), mtime = b.getLong(), inode = b.getLong(), ctime = b.getLong();
        return new LocalIndex.Entry(size, mtime, inode, ctime, digest(b));
    }

    private static boolean startsWith(byte[] all, byte[] magic) {
        return all.length >= magic.length && Arrays.equals(all, 0, magic.length, magic, 0, magic.length);
    }
}
