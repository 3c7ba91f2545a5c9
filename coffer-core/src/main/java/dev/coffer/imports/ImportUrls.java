package dev.coffer.imports;

import java.net.URI;

/**
 * How import URLs are shown. A URL's query string often carries a credential (a presigned
 * S3 or Azure URL's signature, an API key) and its user-info a password, so answers, error
 * messages and logs show {@code scheme://host[:port]/path}, with {@code ?…} where a query was.
 * The full URL is kept only in the job's row while the job may still run (a resumed or
 * restarted job needs it), and replaced by this form when the job ends.
 */
public final class ImportUrls {
    private ImportUrls() {}

    public static String redact(String url) {
        if (url == null) return null;
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || u.getRawAuthority() == null) return shorten(url);
            String host = u.getHost() != null ? u.getHost() : "";
            String port = u.getPort() >= 0 ? ":" + u.getPort() : "";
            String path = u.getRawPath() == null ? "" : u.getRawPath();
            return u.getScheme() + "://" + host + port + path + (u.getRawQuery() != null ? "?…" : "");
        } catch (Exception e) {
            return shorten(url);
        }
    }

    /** Text that is not a URL at all: cut at the first character that could start a secret part. */
    private static String shorten(String text) {
        int cut = text.length();
        for (char c : new char[] {'?', '@', '#'}) {
            int i = text.indexOf(c);
            if (i >= 0 && i < cut) cut = i;
        }
        String head = text.substring(0, Math.min(cut, 200));
        return cut < text.length() ? head + "…" : head;
    }
}
