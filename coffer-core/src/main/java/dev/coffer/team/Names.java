package dev.coffer.team;

import dev.coffer.error.CofferException;
import java.util.regex.Pattern;

/**
 * Names of teams, clusters and notebooks: they appear in URLs, CLI remote paths
 * ({@code storage@CLUSTER:path}, {@code notebooks/NAME:path}) and mount folders, so they are
 * kept to letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 long.
 */
public final class Names {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private Names() {}

    public static String check(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new CofferException.Invalid("a " + what
                    + " name is 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit; got '"
                    + (name == null ? "" : name.length() > 70 ? name.substring(0, 64) + "…" : name) + "'");
        }
        return name;
    }
}
