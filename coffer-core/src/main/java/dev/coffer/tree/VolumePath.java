package dev.coffer.tree;

import dev.coffer.error.CofferException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;

/**
 * A checked path inside a volume: the one place where path rules live.
 *
 * <p>Rules: names are converted to Unicode NFC (macOS clients send NFD); empty names (from
 * {@code a//b}), {@code .} and {@code ..}, NUL and other control characters (C0, DEL and C1,
 * U+0080–U+009F), the backslash (a folder separator on Windows: {@code a\..\b} would climb out
 * of a folder there), Unicode format characters (category Cf: a bidi override such as U+202E makes
 * a name ending in {@code .exe} display as if it ended in {@code .jpg}, zero-width characters
 * make two different names look alike) and
 * the replacement character U+FFFD (what invalid UTF-8 decodes to) are refused; a name is at most
 * 255 bytes and a path at most 4096 bytes of UTF-8, also when it is built by {@link #child} or
 * lands in a deeper folder by a move or copy ({@link #checkFits}). A leading or trailing {@code /} is
 * ignored; the empty path is the volume's root.
 */
public record VolumePath(List<String> names) {
    public static final int MAX_NAME_BYTES = 255;
    public static final int MAX_PATH_BYTES = 4096;
    public static final VolumePath ROOT = new VolumePath(List.of());

    public VolumePath {
        names = List.copyOf(names);
    }

    public static VolumePath parse(String raw) {
        if (raw == null) throw new CofferException.Invalid("a path is required");
        String nfc = Normalizer.normalize(raw, Normalizer.Form.NFC);
        if (nfc.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
            throw new CofferException.Invalid("path is longer than " + MAX_PATH_BYTES + " bytes");
        }
        String trimmed = nfc;
        if (trimmed.startsWith("/")) trimmed = trimmed.substring(1);
        if (trimmed.endsWith("/")) trimmed = trimmed.substring(0, trimmed.length() - 1);
        if (trimmed.isEmpty()) return ROOT;
        List<String> names = new ArrayList<>();
        for (String name : trimmed.split("/", -1)) {
            names.add(checkName(name));
        }
        return new VolumePath(names);
    }

    /** Checks one file or folder name (already NFC) and returns it. */
    public static String checkName(String name) {
        if (name.isEmpty()) throw new CofferException.Invalid("path has an empty name (two slashes in a row)");
        if (name.equals(".") || name.equals("..")) {
            throw new CofferException.Invalid("path names '.' and '..' are not allowed");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
                throw new CofferException.Invalid("path contains the control character " + codePoint(c)
                        + "; names cannot hold control characters");
            }
            if (c == '\\')
                throw new CofferException.Invalid("path contains a backslash (U+005C); use '/' between folder names");
            if (c == '\uFFFD') throw new CofferException.Invalid("path is not valid UTF-8");
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c)
                        && i + 1 < name.length()
                        && Character.isLowSurrogate(name.charAt(i + 1));
                if (!paired) throw new CofferException.Invalid("path is not valid UTF-8 (unpaired surrogate)");
            }
            int cp = name.codePointAt(i);
            if (Character.getType(cp) == Character.FORMAT) {
                throw new CofferException.Invalid(
                        "path contains the invisible format character " + codePoint(cp)
                                + " (such as a bidi override or a zero-width character), which could make a name look like another");
            }
            if (Character.isSupplementaryCodePoint(cp)) i++;
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
            throw new CofferException.Invalid(
                    "name is longer than " + MAX_NAME_BYTES + " bytes: " + name.substring(0, 40) + "…");
        }
        return name;
    }

    /** {@code U+XXXX}, how a refused character is named in errors (it may be invisible or unprintable). */
    static String codePoint(int cp) {
        return String.format("U+%04X", cp);
    }

    /** The path's length in bytes of UTF-8, as it counts against {@link #MAX_PATH_BYTES}. */
    public int byteLength() {
        int n = 0;
        for (String name : names) n += 1 + name.getBytes(StandardCharsets.UTF_8).length;
        return n;
    }

    public boolean isRoot() {
        return names.isEmpty();
    }

    public String name() {
        return names.isEmpty() ? "" : names.getLast();
    }

    public VolumePath parent() {
        if (names.isEmpty()) throw new IllegalStateException("the root has no parent");
        return new VolumePath(names.subList(0, names.size() - 1));
    }

    public VolumePath child(String name) {
        List<String> more = new ArrayList<>(names);
        more.add(checkName(Normalizer.normalize(name, Normalizer.Form.NFC)));
        return checkLength(new VolumePath(more));
    }

    /**
     * Refuses a move or copy of {@code from} to {@code to} when the longest path below {@code from}
     * ({@code deepestBelow}, as bytes of the part under {@code from}) would end past the limit.
     */
    public static void checkFits(VolumePath to, long deepestBelow) {
        long length = to.byteLength() + deepestBelow;
        if (length > MAX_PATH_BYTES) {
            throw new CofferException.Invalid("the result would have a path of " + length + " bytes, longer than "
                    + MAX_PATH_BYTES + " bytes; choose a shallower destination");
        }
    }

    private static VolumePath checkLength(VolumePath p) {
        if (p.byteLength() > MAX_PATH_BYTES)
            throw new CofferException.Invalid("path is longer than " + MAX_PATH_BYTES + " bytes");
        return p;
    }

    /** True when {@code this} equals {@code other} or lies inside it. */
    public boolean isWithin(VolumePath other) {
        return names.size() >= other.names.size()
                && names.subList(0, other.names.size()).equals(other.names);
    }

    @Override
    public String toString() {
        return "/" + String.join("/", names);
    }
}
