package dev.coffer.dataset;

import dev.coffer.error.CofferException;
import dev.coffer.tree.VolumePath;
import java.text.Normalizer;
import java.util.Comparator;

/**
 * Name rules of datasets and tags, and the one order of names inside trees.
 *
 * <p>Dataset and tag names follow the rules of file names ({@link VolumePath#checkName}) and must
 * not contain {@code :} or {@code @}, which delimit references ({@code NAME:TAG},
 * {@code datasets/NAME@REF:path}). A tag is never all digits (that is a version number) and never
 * {@code latest}.
 */
public final class Names {
    private Names() {}

    /** Orders names by their UTF-8 bytes, as both databases do (code point order is the same order). */
    public static final Comparator<String> UTF8 = Names::compare;

    static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x == y) continue;
            // Only surrogates (code points above U+FFFF) sort differently in UTF-16 and UTF-8.
            if (Character.isSurrogate(x) || Character.isSurrogate(y))
                return Integer.compare(a.codePointAt(i), b.codePointAt(i));
            return Character.compare(x, y);
        }
        return Integer.compare(a.length(), b.length());
    }

    public static String checkDataset(String raw) {
        return check(raw, "dataset");
    }

    public static String checkTag(String raw) {
        String name = check(raw, "tag");
        if (allDigits(name))
            throw new CofferException.Invalid(
                    "tag '" + name + "' is all digits, which names a version number; choose a name with a letter");
        if (name.equals(VersionRef.LATEST))
            throw new CofferException.Invalid("'latest' always means the newest committed version and cannot be a tag");
        return name;
    }

    private static String check(String raw, String what) {
        if (raw == null || raw.isEmpty()) throw new CofferException.Invalid("a " + what + " name is required");
        String name = Normalizer.normalize(raw, Normalizer.Form.NFC);
        if (name.contains("/")) throw new CofferException.Invalid(what + " name '" + name + "' must not contain '/'");
        if (name.contains(":") || name.contains("@")) {
            throw new CofferException.Invalid(what + " name '" + name
                    + "' must not contain ':' or '@' (they separate references such as NAME:TAG)");
        }
        return VolumePath.checkName(name);
    }

    static boolean allDigits(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }
}
