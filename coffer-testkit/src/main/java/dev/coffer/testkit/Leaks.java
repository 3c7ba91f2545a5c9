package dev.coffer.testkit;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Looks for a secret in stored bytes: as itself, and in the encodings a careless store would use. */
public final class Leaks {
    private Leaks() {}

    /** The forms of {@code value} to look for: its UTF-8 bytes, hex (both cases) and base64. */
    public static List<byte[]> forms(String value) {
        byte[] raw = value.getBytes(StandardCharsets.UTF_8);
        return List.of(
                raw,
                HexFormat.of().formatHex(raw).getBytes(StandardCharsets.US_ASCII),
                HexFormat.of().withUpperCase().formatHex(raw).getBytes(StandardCharsets.US_ASCII),
                Base64.getEncoder().encodeToString(raw).getBytes(StandardCharsets.US_ASCII));
    }

    public static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }

    /** The names of the places in {@code places} (name → bytes) that hold any form of {@code value}. */
    public static List<String> whereFound(Map<String, byte[]> places, String value) {
        List<String> found = new ArrayList<>();
        for (var place : places.entrySet()) {
            for (byte[] form : forms(value)) {
                if (contains(place.getValue(), form)) {
                    found.add(place.getKey());
                    break;
                }
            }
        }
        return found;
    }

    /** Every regular file under {@code root}, by path. */
    public static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) out.put(p.toString(), Files.readAllBytes(p));
        }
        return out;
    }

    /** A plain-text {@code pg_dump} (schema and data; bytea as hex) of the database at a {@code postgresql://} URL. */
    public static byte[] pgDump(String url) throws IOException, InterruptedException {
        URI uri = URI.create(url);
        String[] userInfo = uri.getUserInfo().split(":", 2);
        Path pgDump = PostgresServer.BIN.resolve("pg_dump");
        Path out = Files.createTempFile("coffer-pgdump-", ".sql");
        try {
            ProcessBuilder pb = new ProcessBuilder(
                            pgDump.toString(),
                            "-h",
                            uri.getHost(),
                            "-p",
                            Integer.toString(uri.getPort()),
                            "-U",
                            userInfo[0],
                            "-d",
                            uri.getPath().substring(1),
                            "--no-owner",
                            "-f",
                            out.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().keySet().removeIf(k -> k.startsWith("PG"));
            pb.environment().put("PGPASSWORD", userInfo[1]);
            Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("pg_dump timed out");
            }
            if (p.exitValue() != 0) throw new IOException("pg_dump failed with exit code " + p.exitValue());
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
