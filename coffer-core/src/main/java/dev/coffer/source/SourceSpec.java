package dev.coffer.source;

import dev.coffer.error.CofferException;
import dev.coffer.secret.Secrets;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a user writes to define a data source, checked field by field. Every refusal names the
 * field and what to write instead; none repeats what was given for {@code secretAccessKey}
 * (it may be the key itself, pasted by mistake).
 *
 * @param url             {@code s3://bucket} or {@code s3://bucket/prefix}
 * @param accessKeyId     the access key id (not secret)
 * @param secretAccessKey {@code secret:NAME}, a team secret holding the secret access key
 * @param region          the AWS region; or
 * @param endpoint        the {@code http(s)://host[:port]} of any other S3-compatible server
 * @param pathStyle       name the bucket in the path instead of the host; null: yes for an
 *                        endpoint, no for AWS
 */
public record SourceSpec(
        String url, String accessKeyId, String secretAccessKey, String region, String endpoint, Boolean pathStyle) {
    static final String SCHEME = "s3://";
    static final String SECRET_PREFIX = "secret:";
    public static final int MAX_NAME_LENGTH = 64;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_NAME_LENGTH - 1) + "}");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern KEY_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");
    private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{1,39}");
    private static final int MAX_PREFIX_BYTES = 512;

    /** A source's name: it becomes a folder name ({@code /datasets/NAME}, {@code sources/NAME:}). */
    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new CofferException.Invalid("a data source name is 1 to " + MAX_NAME_LENGTH
                    + " characters from A-Z, a-z, 0-9, '.', '_' and '-', starting with a letter or digit"
                    + (name == null ? "" : "; got '" + name + "'"));
        }
        return name;
    }

    /** The bucket and the prefix of an {@code s3://} URL, checked. */
    record Location(String bucket, String prefix) {}

    static Location location(String url) {
        if (url == null || url.isBlank())
            throw new CofferException.Invalid(
                    "field 'url' is required: the bucket as s3://BUCKET or s3://BUCKET/PREFIX");
        if (!url.startsWith(SCHEME)) {
            throw new CofferException.Invalid(
                    "field 'url' must start with s3:// (as in s3://my-bucket/my-data); got '" + url + "'");
        }
        String rest = url.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
            throw new CofferException.Invalid("'" + bucket + "' in field 'url' is not a bucket name: 3 to 63 characters"
                    + " from a-z, 0-9, '.' and '-', starting and ending with a letter or digit");
        }
        if (prefix.endsWith("/")) prefix = prefix.substring(0, prefix.length() - 1);
        if (!prefix.isEmpty()) checkPrefix(prefix);
        return new Location(bucket, prefix);
    }

    private static void checkPrefix(String prefix) {
        if (prefix.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_PREFIX_BYTES)
            throw new CofferException.Invalid(
                    "the prefix in field 'url' is longer than " + MAX_PREFIX_BYTES + " bytes");
        for (String part : prefix.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new CofferException.Invalid("the prefix in field 'url' ('" + prefix
                        + "') has an empty, '.' or '..' part: write it as folder/sub-folder");
            }
            for (int i = 0; i < part.length(); i++) {
                if (Character.isISOControl(part.charAt(i)))
                    throw new CofferException.Invalid("the prefix in field 'url' holds a control character");
            }
        }
    }

    static String accessKeyId(String value) {
        if (value == null || value.isEmpty())
            throw new CofferException.Invalid("field 'accessKeyId' is required: the bucket's access key id");
        if (!KEY_ID.matcher(value).matches()) {
            throw new CofferException.Invalid("field 'accessKeyId' is 1 to 128 printable characters without spaces");
        }
        return value;
    }

    /** The secret's name in {@code secret:NAME}; the refusal never repeats the value given. */
    static String secretName(String reference) {
        if (reference == null || reference.isEmpty()) {
            throw new CofferException.Invalid("field 'secretAccessKey' is required: write secret:NAME, naming the team"
                    + " secret that holds the secret access key");
        }
        if (!reference.startsWith(SECRET_PREFIX)) {
            throw new CofferException.Invalid(
                    "field 'secretAccessKey' takes a team secret as secret:NAME, never the key"
                            + " itself: store the key as a team secret (coffer secrets set NAME) and write secret:NAME");
        }
        String name = reference.substring(SECRET_PREFIX.length());
        try {
            return Secrets.checkName(name);
        } catch (CofferException.Invalid e) {
            throw new CofferException.Invalid("field 'secretAccessKey': " + e.getMessage());
        }
    }

    static String region(String value) {
        if (value == null) return null;
        if (!REGION.matcher(value).matches()) {
            throw new CofferException.Invalid(
                    "field 'region' is an AWS region such as us-west-1 (2 to 40 characters from"
                            + " a-z, 0-9 and '-'); got '" + value + "'");
        }
        return value;
    }

    /** {@code scheme://host[:port]}, lower-case, nothing else. */
    static String endpoint(String value) {
        if (value == null) return null;
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new CofferException.Invalid("field 'endpoint' is not a URL: write https://HOST or https://HOST:PORT");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new CofferException.Invalid("field 'endpoint' must be an http:// or https:// URL with a host, such as"
                    + " https://nyc3.digitaloceanspaces.com; got '" + value + "'");
        }
        if (uri.getRawUserInfo() != null) {
            throw new CofferException.Invalid("field 'endpoint' must not hold a user name or password: the access key"
                    + " id and the secret are fields of their own");
        }
        boolean emptyPath = uri.getRawPath() == null
                || uri.getRawPath().isEmpty()
                || uri.getRawPath().equals("/");
        if (!emptyPath || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new CofferException.Invalid(
                    "field 'endpoint' is the server alone (https://HOST[:PORT]), without a path"
                            + " or query: the bucket and prefix go in field 'url'");
        }
        return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    /** Exactly one of the two, as the API requires (the settings file only warns, and endpoint wins there). */
    static void oneOfRegionAndEndpoint(String region, String endpoint) {
        if (region != null && endpoint != null) {
            throw new CofferException.Invalid("give 'region' (AWS S3) or 'endpoint' (any other S3-compatible host), not"
                    + " both: an endpoint already says where the bucket is");
        }
        if (region == null && endpoint == null) {
            throw new CofferException.Invalid("give 'region' (AWS S3, e.g. us-west-1) or 'endpoint' (any other"
                    + " S3-compatible host, e.g. https://nyc3.digitaloceanspaces.com)");
        }
    }
}
