package dev.coffer.server.config;

import dev.coffer.billing.PlanCatalog;
import dev.coffer.blob.S3Settings;
import dev.coffer.content.ContentStore;
import dev.coffer.db.Migration;
import dev.coffer.error.CofferException;
import dev.coffer.imports.ImportSettings;
import dev.coffer.user.LoginPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
        Migration migration,
        String store,
        String s3Endpoint,
        String s3Region,
        String s3AccessKey,
        String s3SecretKey,
        boolean s3PathStyle,
        String adminToken,
        Duration gcGrace,
        Duration gcInterval,
        String publicUrl,
        ImportSettings imports,
        String adminPassword,
        LoginPolicy login,
        String secretsKey,
        boolean metering,
        PlanCatalog plans,
        BodyPace pace,
        Retention retention,
        ShutdownTiming shutdown,
        CallerLimits limits) {

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
        m.put("database.migrate", "COFFER_DATABASE_MIGRATE");
        m.put("store", "COFFER_STORE");
        m.put("s3.endpoint", "COFFER_S3_ENDPOINT");
        m.put("s3.region", "COFFER_S3_REGION");
        m.put("s3.accessKey", "COFFER_S3_ACCESS_KEY");
        m.put("s3.secretKey", "COFFER_S3_SECRET_KEY");
        m.put("s3.pathStyle", "COFFER_S3_PATH_STYLE");
        m.put("adminToken", "COFFER_ADMIN_TOKEN");
        m.put("gc.grace", "COFFER_GC_GRACE");
        m.put("gc.interval", "COFFER_GC_INTERVAL");
        m.put("publicUrl", "COFFER_PUBLIC_URL");
        m.put("imports.workers", "COFFER_IMPORTS_WORKERS");
        m.put("imports.maxBytes", "COFFER_IMPORTS_MAX_BYTES");
        m.put("imports.allowHosts", "COFFER_IMPORTS_ALLOW_HOSTS");
        m.put("imports.staleAfter", "COFFER_IMPORTS_STALE_AFTER");
        m.put("imports.perTeam", "COFFER_IMPORTS_PER_TEAM");
        m.put("imports.connectTimeout", "COFFER_IMPORTS_CONNECT_TIMEOUT");
        m.put("imports.readTimeout", "COFFER_IMPORTS_READ_TIMEOUT");
        m.put("adminPassword", "COFFER_ADMIN_PASSWORD");
        m.put("login.maxFailures", "COFFER_LOGIN_MAX_FAILURES");
        m.put("login.window", "COFFER_LOGIN_WINDOW");
        m.put("login.lockFor", "COFFER_LOGIN_LOCK_FOR");
        m.put("login.delay", "COFFER_LOGIN_DELAY");
        m.put("session.idle", "COFFER_SESSION_IDLE");
        m.put("session.maxAge", "COFFER_SESSION_MAX_AGE");
        m.put("secrets.key", "COFFER_SECRETS_KEY");
        m.put("metering", "COFFER_METERING");
        m.put("http.minDataRate", "COFFER_HTTP_MIN_DATA_RATE");
        m.put("http.dataGrace", "COFFER_HTTP_DATA_GRACE");
        m.put("audit.retention", "COFFER_AUDIT_RETENTION");
        m.put("login.failureRetention", "COFFER_LOGIN_FAILURE_RETENTION");
        m.put("shutdown.unready", "COFFER_SHUTDOWN_UNREADY");
        m.put("shutdown.grace", "COFFER_SHUTDOWN_GRACE");
        m.put("limits.requestsPerSecond", "COFFER_LIMITS_REQUESTS_PER_SECOND");
        m.put("limits.bytesPerSecond", "COFFER_LIMITS_BYTES_PER_SECOND");
        m.put("limits.burst", "COFFER_LIMITS_BURST");
        return Map.copyOf(m);
    }

    /**
     * Builds the configuration from defaults, file, {@code env} and {@code flags} (flags use the
     * same keys; null values are ignored).
     */
    /** How the server logs: read by the logging configuration itself, checked here so a typo is not silence. */
    public static final String LOG_FORMAT_ENV = "COFFER_LOG_FORMAT";

    private static void checkLogFormat(String format) {
        if (format != null && !format.equals("text") && !format.equals("json"))
            throw new CofferException.Invalid(
                    LOG_FORMAT_ENV + " is 'text' (the default) or 'json', not '" + format + "'");
    }

    public static CofferConfig load(Path configFile, Map<String, String> env, Map<String, String> flags) {
        checkLogFormat(env.get(LOG_FORMAT_ENV));
        Map<String, String> values = new LinkedHashMap<>();
        String dataFlag = firstNonNull(flags.get("data"), env.get("COFFER_DATA"));
        Path data = Path.of(dataFlag == null ? "coffer-data" : dataFlag)
                .toAbsolutePath()
                .normalize();
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
                    throw new CofferException.Invalid(
                            e.getValue() + "_FILE names a file that cannot be read: " + fromFile);
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
                throw new CofferException.Invalid("unknown setting '" + k + "' (known: "
                        + String.join(", ", KEYS.keySet()) + ", and plans.NAME.* for plans)");
            }
        }
        PlanCatalog plans = PlanCatalog.from(planSettings);
        int port = parseInt(values.getOrDefault("port", "8420"), "port");
        if (port < 0 || port > 65535)
            throw new CofferException.Invalid("port must be between 0 and 65535, got " + port);
        Duration grace = parseDuration(values.getOrDefault("gc.grace", "1h"), "gc.grace");
        ContentStore.checkGrace(grace);
        String intervalText = values.getOrDefault("gc.interval", "1h");
        Duration gcInterval =
                intervalText.strip().equals("off") ? Duration.ZERO : parseDuration(intervalText, "gc.interval");
        if (gcInterval.isNegative() || (!gcInterval.isZero() && gcInterval.toMillis() < 1000)) {
            throw new CofferException.Invalid("gc.interval must be at least 1s, or off, got '" + intervalText + "'");
        }
        LoginPolicy login = loginPolicy(values);
        return new CofferConfig(
                values.getOrDefault("bind", "127.0.0.1"),
                port,
                data,
                values.getOrDefault("db", "sqlite:" + data.resolve("coffer.db")),
                migration(values.get("database.migrate")),
                values.getOrDefault("store", data.resolve("content").toString()),
                values.get("s3.endpoint"),
                values.getOrDefault("s3.region", "us-east-1"),
                values.get("s3.accessKey"),
                values.get("s3.secretKey"),
                Boolean.parseBoolean(
                        values.getOrDefault("s3.pathStyle", values.containsKey("s3.endpoint") ? "true" : "false")),
                values.get("adminToken"),
                grace,
                gcInterval,
                values.get("publicUrl"),
                imports(values),
                values.get("adminPassword"),
                login,
                values.get("secrets.key"),
                parseBoolean("metering", values.getOrDefault("metering", "true")),
                plans,
                pace(values),
                retention(values),
                shutdown(values),
                limits(values));
    }

    /** {@code database.migrate}: whether a server migrates its database at start ({@code auto}) or refuses one that is behind. */
    private static Migration migration(String value) {
        if (value == null) return Migration.AUTO;
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> Migration.AUTO;
            case "manual" -> Migration.MANUAL;
            default ->
                throw new CofferException.Invalid("database.migrate (COFFER_DATABASE_MIGRATE) is 'auto' (the default)"
                        + " or 'manual', not '" + value + "'");
        };
    }

    private static CallerLimits limits(Map<String, String> values) {
        CallerLimits d = CallerLimits.DEFAULT;
        long requests = parseInt(
                values.getOrDefault("limits.requestsPerSecond", String.valueOf(d.requestsPerSecond())),
                "limits.requestsPerSecond");
        String bytesValue = values.get("limits.bytesPerSecond");
        long bytes = bytesValue == null
                ? d.bytesPerSecond()
                : bytesValue.strip().equals("0") ? 0 : parseSize("limits.bytesPerSecond", bytesValue);
        if (requests < 0)
            throw new CofferException.Invalid(
                    "limits.requestsPerSecond is 0 (no limit) or a positive number, not " + requests);
        Duration burst = duration(values, "limits.burst", d.burst());
        if (burst.isZero()) throw new CofferException.Invalid("limits.burst must be longer than zero");
        return new CallerLimits(requests, bytes, burst);
    }

    private static ShutdownTiming shutdown(Map<String, String> values) {
        ShutdownTiming d = ShutdownTiming.DEFAULT;
        return new ShutdownTiming(
                duration(values, "shutdown.unready", d.unready()), duration(values, "shutdown.grace", d.grace()));
    }

    private static BodyPace pace(Map<String, String> values) {
        BodyPace d = BodyPace.DEFAULT;
        long rate = values.containsKey("http.minDataRate")
                ? parseSize("http.minDataRate", values.get("http.minDataRate"))
                : d.minBytesPerSecond();
        return new BodyPace(rate, duration(values, "http.dataGrace", d.grace()));
    }

    private static Retention retention(Map<String, String> values) {
        Retention d = Retention.DEFAULT;
        Duration audit = duration(values, "audit.retention", d.audit());
        Duration failures = duration(values, "login.failureRetention", d.loginFailures());
        if (audit.isZero()) throw new CofferException.Invalid("audit.retention must be longer than zero");
        if (failures.isZero()) throw new CofferException.Invalid("login.failureRetention must be longer than zero");
        return new Retention(audit, failures);
    }

    private static LoginPolicy loginPolicy(Map<String, String> values) {
        LoginPolicy d = LoginPolicy.DEFAULT;
        int maxFailures = parseInt(
                values.getOrDefault("login.maxFailures", String.valueOf(d.maxFailures())), "login.maxFailures");
        if (maxFailures < 1)
            throw new CofferException.Invalid("login.maxFailures must be at least 1, got " + maxFailures);
        return new LoginPolicy(
                maxFailures,
                duration(values, "login.window", d.window()),
                duration(values, "login.lockFor", d.lockFor()),
                duration(values, "login.delay", d.delay()),
                duration(values, "session.idle", d.sessionIdle()),
                duration(values, "session.maxAge", d.sessionMaxAge()));
    }

    private static Duration duration(Map<String, String> values, String key, Duration fallback) {
        String v = values.get(key);
        Duration d = v == null ? fallback : parseDuration(v, key);
        if (d.isNegative()) throw new CofferException.Invalid(key + " must not be negative, got '" + v + "'");
        return d;
    }

    /** Settings without their secrets (tokens and keys are shown as set or not), safe to log. */
    @Override
    public String toString() {
        return "CofferConfig[bind=" + bind + ", port=" + port + ", data=" + data + ", migration=" + migration
                + ", store=" + store
                + ", s3Endpoint=" + s3Endpoint + ", s3Region=" + s3Region + ", s3AccessKey=" + s3AccessKey
                + ", s3SecretKey=" + (s3SecretKey == null ? "unset" : "set") + ", s3PathStyle=" + s3PathStyle
                + ", adminToken=" + (adminToken == null ? "unset" : "set") + ", gcGrace=" + gcGrace + ", gcInterval="
                + gcInterval + ", publicUrl=" + publicUrl
                + ", secretsKey=" + (secretsKey == null ? "unset" : "set")
                + ", adminPassword=" + (adminPassword == null ? "unset" : "set") + ", login=" + login + ", imports="
                + imports + ", plans=" + plans
                + ", pace=" + pace + ", retention=" + retention + "]";
    }

    /**
     * A plans file holds plan names at the top ({@code pro: {included: 20GB}}, {@code default: free}),
     * or the same under {@code plans:}; either way its keys become {@code plans.*} settings.
     */
    private static Map<String, String> readPlansFile(Path file) {
        if (!Files.isRegularFile(file))
            throw new CofferException.Invalid(PLANS_FILE_ENV + " names a file that does not exist: " + file);
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
        if (bucket == null || bucket.isEmpty())
            throw new CofferException.Invalid("store must look like s3://BUCKET/PREFIX, got " + store);
        String prefix = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
        return new S3Settings(
                bucket,
                prefix,
                s3Endpoint == null ? null : URI.create(s3Endpoint),
                s3Region,
                s3AccessKey,
                s3SecretKey,
                s3PathStyle);
    }

    private static Map<String, String> readYaml(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Object doc = new Load(LoadSettings.builder().build()).loadFromInputStream(in);
            Map<String, String> flat = new LinkedHashMap<>();
            if (doc == null) return flat;
            if (!(doc instanceof Map<?, ?> map))
                throw new CofferException.Invalid(file + ": expected a mapping of settings");
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

    private static boolean parseBoolean(String key, String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new CofferException.Invalid(key + " must be true or false, got '" + s + "'");
        };
    }

    private static int parseInt(String s, String key) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new CofferException.Invalid(key + " must be a number, got '" + s + "'");
        }
    }

    private static ImportSettings imports(Map<String, String> values) {
        ImportSettings d = ImportSettings.defaults();
        int workers = parseInt(values.getOrDefault("imports.workers", String.valueOf(d.workers())), "imports.workers");
        if (workers < 1 || workers > 64)
            throw new CofferException.Invalid("imports.workers must be between 1 and 64, got " + workers);
        int perTeam = parseInt(
                values.getOrDefault("imports.perTeam", String.valueOf(Math.min(d.perTeam(), workers))),
                "imports.perTeam");
        if (perTeam < 1 || perTeam > workers) {
            throw new CofferException.Invalid(
                    "imports.perTeam must be between 1 and imports.workers (" + workers + "), got " + perTeam);
        }
        long maxBytes = values.containsKey("imports.maxBytes")
                ? parseSize("imports.maxBytes", values.get("imports.maxBytes"))
                : d.maxBytes();
        Duration stale = values.containsKey("imports.staleAfter")
                ? parseDuration(values.get("imports.staleAfter"), "imports.staleAfter")
                : d.staleAfter();
        Duration connect = values.containsKey("imports.connectTimeout")
                ? parseDuration(values.get("imports.connectTimeout"), "imports.connectTimeout")
                : d.connectTimeout();
        Duration read = values.containsKey("imports.readTimeout")
                ? parseDuration(values.get("imports.readTimeout"), "imports.readTimeout")
                : d.readTimeout();
        for (var t : List.of(Map.entry("imports.connectTimeout", connect), Map.entry("imports.readTimeout", read))) {
            if (t.getValue().toMillis() < 1 || t.getValue().toMillis() > Integer.MAX_VALUE) {
                throw new CofferException.Invalid(t.getKey() + " must be between 1ms and 24 days, got " + t.getValue());
            }
        }
        Set<String> hosts = new LinkedHashSet<>();
        for (String h : values.getOrDefault("imports.allowHosts", "").split(",")) {
            if (!h.isBlank()) hosts.add(h.strip().toLowerCase(Locale.ROOT));
        }
        return new ImportSettings(workers, perTeam, maxBytes, connect, read, stale, d.poll(), hosts);
    }

    /** Bytes, plain or with a decimal unit: {@code 5000000}, {@code 500MB}, {@code 2GB}, {@code 1TB}. */
    static long parseSize(String key, String s) {
        String v = s.strip().toUpperCase(Locale.ROOT);
        long unit = 1;
        for (String[] u : new String[][] {
            {"TB", "1000000000000"}, {"GB", "1000000000"}, {"MB", "1000000"}, {"KB", "1000"}, {"B", "1"}
        }) {
            if (v.endsWith(u[0])) {
                unit = Long.parseLong(u[1]);
                v = v.substring(0, v.length() - u[0].length()).strip();
                break;
            }
        }
        try {
            long n = Long.parseLong(v);
            if (n < 1) throw new NumberFormatException();
            return Math.multiplyExact(n, unit);
        } catch (RuntimeException e) {
            throw new CofferException.Invalid(key + " must be a size such as 5000000, 500MB or 2GB, got '" + s + "'");
        }
    }

    /** Accepts ISO-8601 ({@code PT1H}) or a number with a unit: {@code 250ms}, {@code 90s}, {@code 10m}, {@code 1h}, {@code 2d}. */
    static Duration parseDuration(String s, String key) {
        String v = s.strip();
        try {
            if (v.startsWith("P") || v.startsWith("p")) return Duration.parse(v.toUpperCase());
            if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            long n = Long.parseLong(v.substring(0, v.length() - 1));
            return switch (v.charAt(v.length() - 1)) {
                case 's' -> Duration.ofSeconds(n);
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new CofferException.Invalid(
                    key + " must be a duration such as 1h, 30m, 10s, 250ms or PT1H, got '" + s + "'");
        }
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
