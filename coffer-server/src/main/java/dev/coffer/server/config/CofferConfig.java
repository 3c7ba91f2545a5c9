package dev.coffer.server.config;

import dev.coffer.billing.PlanCatalog;
import dev.coffer.blob.S3Settings;
import dev.coffer.error.CofferException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every server setting, with its default. Sources, later ones winning: built-in defaults, the
 * config file ({@code --config FILE}, else {@code DATA/coffer.yaml} when present), environment
 * variables ({@code COFFER_*}; {@code COFFER_*_FILE} reads a secret from a file), command-line
 * flags. The keys are listed in docs/operations.md. Plans come from the {@code plans.*} keys of
 * the config file and from the YAML file {@code COFFER_PLANS_FILE} names (which wins).
 */
public record CofferConfig(
        String bind,
        int port,
        Path data,
        String db,
        String store,
        String s3Endpoint,
        String s3Region,
        String s3AccessKey,
        String s3SecretKey,
        boolean s3PathStyle,
        String adminToken,
        Duration gcGrace,
        String publicUrl,
        PlanCatalog plans) {

    /** Keys under this prefix configure plans ({@link PlanCatalog#from}); they are checked there. */
    public static final String PLANS_PREFIX = "plans.";
    /** A YAML file of plans (the shape of the config file's {@code plans:} section). */
    public static final String PLANS_FILE_ENV = "COFFER_PLANS_FILE";

    /** Setting name → environment variable; the names are also the config file's keys. */
    public static final Map<String, String> KEYS = keys();

    private static Map<String, String> keys() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("bind", "COFFER_BIND");
        m.put("port", "COFFER_PORT");
        m.put("data", "COFFER_DATA");
        m.put("db", "COFFER_DB");
        m.put("store", "COFFER_STORE");
        m.put("s3.endpoint", "COFFER_S3_ENDPOINT");
        m.put("s3.region", "COFFER_S3_REGION");
        m.put("s3.accessKey", "COFFER_S3_ACCESS_KEY");
        m.put("s3.secretKey", "COFFER_S3_SECRET_KEY");
        m.put("s3.pathStyle", "COFFER_S3_PATH_STYLE");
        m.put("adminToken", "COFFER_ADMIN_TOKEN");
        m.put("gc.grace", "COFFER_GC_GRACE");
        m.put("publicUrl", "COFFER_PUBLIC_URL");
        return Map.copyOf(m);
    }

    /**
     * Builds the configuration from defaults, file, {@code env} and {@code flags} (flags use the
     * same keys; null values are ignored).
     */
    public static CofferConfig load(Path configFile, Map<String, String> env, Map<String, String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        String dataFlag = firstNonNull(flags.get("data"), env.get("COFFER_DATA"));
        Path data = Path.of(dataFlag == null ? "coffer-data" : dataFlag).toAbsolutePath().normalize();
        Path file = configFile != null ? configFile : data.resolve("coffer.yaml");
        if (configFile != null && !Files.isRegularFile(configFile)) {
            throw new CofferException.Invalid("config file not found: " + configFile);
        }
        if (Files.isRegularFile(file)) values.putAll(readYaml(file));
        for (var e : KEYS.entrySet()) {
            String fromEnv = env.get(e.getValue());
            String fromFile = env.get(e.getValue() + "_FILE");
            if (fromFile != null) {
                try {
                    fromEnv = Files.readString(Path.of(fromFile)).strip();
                } catch (IOException ex) {
                    throw new CofferException.Invalid(e.getValue() + "_FILE names a file that cannot be read: " + fromFile);
                }
            }
            if (fromEnv != null && !fromEnv.isEmpty()) values.put(e.getKey(), fromEnv);
        }
        String plansFile = env.get(PLANS_FILE_ENV);
        if (plansFile != null && !plansFile.isBlank()) values.putAll(readPlansFile(Path.of(plansFile)));
        flags.forEach((k, v) -> {
            if (v != null) values.put(k, v);
        });
        Map<String, String> planSettings = new LinkedHashMap<>();
        for (var it = values.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (e.getKey().startsWith(PLANS_PREFIX)) {
                planSettings.put(e.getKey(), e.getValue());
                it.remove();
            }
        }
        for (String k : values.keySet()) {
            if (!KEYS.containsKey(k)) {
                throw new CofferException.Invalid("unknown setting '" + k + "' (known: " + String.join(", ", KEYS.keySet())
                        + ", and plans.NAME.* for plans)");
            }
        }
        PlanCatalog plans = PlanCatalog.from(planSettings);
        int port = parseInt(values.getOrDefault("port", "8420"), "port");
        if (port < 0 || port > 65535) throw new CofferException.Invalid("port must be between 0 and 65535, got " + port);
        Duration grace = parseDuration(values.getOrDefault("gc.grace", "1h"));
        return new CofferConfig(
                values.getOrDefault("bind", "127.0.0.1"),
                port,
                data,
                values.getOrDefault("db", "sqlite:" + data.resolve("coffer.db")),
                values.getOrDefault("store", data.resolve("content").toString()),
                values.get("s3.endpoint"),
                values.getOrDefault("s3.region", "us-east-1"),
                values.get("s3.accessKey"),
                values.get("s3.secretKey"),
                Boolean.parseBoolean(values.getOrDefault("s3.pathStyle", values.containsKey("s3.endpoint") ? "true" : "false")),
                values.get("adminToken"),
                grace,
                values.get("publicUrl"),
                plans);
    }

    /**
     * A plans file holds plan names at the top ({@code pro: {included: 20GB}}, {@code default: free}),
     * or the same under {@code plans:}; either way its keys become {@code plans.*} settings.
     */
    private static Map<String, String> readPlansFile(Path file) {
        if (!Files.isRegularFile(file)) throw new CofferException.Invalid(PLANS_FILE_ENV + " names a file that does not exist: " + file);
        Map<String, String> out = new LinkedHashMap<>();
        readYaml(file).forEach((k, v) -> out.put(k.startsWith(PLANS_PREFIX) ? k : PLANS_PREFIX + k, v));
        return out;
    }

    public boolean storeIsS3() {
        return store.startsWith("s3://");
    }

    /** The S3 settings of an {@code s3://bucket/prefix} store. */
    public S3Settings s3Settings() {
        URI uri = URI.create(store);
        String bucket = uri.getHost();
        if (bucket == null || bucket.isEmpty()) throw new CofferException.Invalid("store must look like s3://BUCKET/PREFIX, got " + store);
        String prefix = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        return new S3Settings(bucket, prefix, s3Endpoint == null ? null : URI.create(s3Endpoint), s3Region,
                s3AccessKey, s3SecretKey, s3PathStyle);
    }

    private static Map<String, String> readYaml(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Object doc = new Load(LoadSettings.builder().build()).loadFromInputStream(in);
            Map<String, String> flat = new LinkedHashMap<>();
            if (doc == null) return flat;
            if (!(doc instanceof Map<?, ?> map)) throw new CofferException.Invalid(file + ": expected a mapping of settings");
            flatten("", map, flat, file);
            return flat;
        } catch (IOException e) {
            throw new CofferException.Invalid("cannot read config file " + file + ": " + e.getMessage());
        } catch (RuntimeException e) {
            if (e instanceof CofferException) throw e;
            throw new CofferException.Invalid("config file " + file + " is not valid YAML: " + e.getMessage());
        }
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out, Path file) {
        for (var e : map.entrySet()) {
            String key = prefix + e.getKey();
            if (e.getValue() instanceof Map<?, ?> nested) flatten(key + ".", nested, out, file);
            else if (e.getValue() != null) out.put(key, e.getValue().toString());
        }
    }

    private static int parseInt(String s, String key) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new CofferException.Invalid(key + " must be a number, got '" + s + "'");
        }
    }

    /** Accepts ISO-8601 ({@code PT1H}) or a number with a unit: {@code 90s}, {@code 10m}, {@code 1h}, {@code 2d}. */
    static Duration parseDuration(String s) {
        String v = s.strip();
        try {
            if (v.startsWith("P") || v.startsWith("p")) return Duration.parse(v.toUpperCase());
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new CofferException.Invalid("gc.grace must be a duration such as 1h, 30m or PT1H, got '" + s + "'");
        }
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
