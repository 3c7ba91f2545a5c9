package dev.coffer.billing;

import dev.coffer.error.CofferException;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The plans a server offers, built from configuration. Without settings it holds the standard
 * plans: Free (5 GB, a hard limit, no data sources), Pro (15 GB), Growth (50 GB) and Enterprise
 * (unlimited), the paid ones billing $0.29 per GB-month above what they include.
 *
 * <p>Operators change or add plans with flat keys ({@link #from}):
 * <pre>
 * plans.pro.included=20GB          # a size (5GB, 500MB, 8GiB, 5000000) or unlimited
 * plans.pro.price=0.25             # dollars per GB-month above the included storage
 * plans.pro.dataSources=true
 * plans.pro.hardLimit=false        # true: writes past the included storage are refused, nothing is billed
 * plans.pro.displayName=Pro
 * plans.tiny.included=5MB          # a new plan needs at least its included storage
 * plans.default=free               # the plan new teams get
 * </pre>
 * A new plan's other settings default to price 0.29, data sources allowed, no hard limit.
 */
public final class PlanCatalog {
    public static final BigDecimal STANDARD_PRICE = new BigDecimal("0.29");
    public static final String DEFAULT_KEY = "plans.default";

    private static final String PREFIX = "plans.";
    private static final Pattern NAME = Pattern.compile("[a-z0-9-]+");
    private static final List<String> ATTRIBUTES =
            List.of("included", "price", "dataSources", "hardLimit", "displayName");

    private final Map<String, Plan> plans;
    private final List<String> order;
    private final Plan defaultPlan;

    private PlanCatalog(Map<String, Plan> plans, Plan defaultPlan) {
        this.plans = Map.copyOf(plans);
        this.order = List.copyOf(plans.keySet());
        this.defaultPlan = defaultPlan;
    }

    /** The standard plans, Free for new teams. */
    public static PlanCatalog defaults() {
        return from(Map.of());
    }

    /**
     * The standard plans changed by the {@code plans.*} entries of {@code settings}; other keys
     * are ignored, so a whole configuration may be passed.
     *
     * @throws CofferException.Invalid naming the bad key and what to write
     */
    public static PlanCatalog from(Map<String, String> settings) {
        Map<String, Plan> plans = new LinkedHashMap<>();
        for (Plan p : standard()) plans.put(p.name(), p);
        // Sorted, so the error for a map with several bad keys is always the same one.
        Map<String, Map<String, String>> byPlan = new TreeMap<>();
        String defaultName = "free";
        for (Map.Entry<String, String> e : new TreeMap<>(settings).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(PREFIX)) continue;
            String value = e.getValue() == null ? "" : e.getValue().trim();
            if (key.equals(DEFAULT_KEY)) {
                defaultName = value;
                continue;
            }
            String rest = key.substring(PREFIX.length());
            int dot = rest.lastIndexOf('.');
            if (dot <= 0) {
                throw invalid(
                        key,
                        "write plans.NAME.ATTRIBUTE (attributes: " + String.join(", ", ATTRIBUTES)
                                + ") or plans.default");
            }
            String plan = rest.substring(0, dot);
            String attribute = canonicalAttribute(key, rest.substring(dot + 1));
            if (!NAME.matcher(plan).matches() || plan.equals("default")) {
                throw invalid(
                        key,
                        "plan names are lowercase letters, digits and '-' (and not 'default'), e.g. plans."
                                + plan.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-") + "." + attribute);
            }
            byPlan.computeIfAbsent(plan, p -> new LinkedHashMap<>()).put(attribute, value);
        }
        for (Map.Entry<String, Map<String, String>> e : byPlan.entrySet()) {
            plans.put(e.getKey(), configure(e.getKey(), plans.get(e.getKey()), e.getValue()));
        }
        Plan defaultPlan = plans.get(defaultName);
        if (defaultPlan == null) {
            throw invalid(
                    DEFAULT_KEY,
                    "no plan is named '" + defaultName + "'; write one of " + String.join(", ", plans.keySet()));
        }
        return new PlanCatalog(plans, defaultPlan);
    }

    private static List<Plan> standard() {
        return List.of(
                new Plan("free", "Free", 5 * ByteSize.GB, BigDecimal.ZERO, false, true),
                new Plan("pro", "Pro", 15 * ByteSize.GB, STANDARD_PRICE, true, false),
                new Plan("growth", "Growth", 50 * ByteSize.GB, STANDARD_PRICE, true, false),
                new Plan("enterprise", "Enterprise", ByteSize.UNLIMITED, STANDARD_PRICE, true, false));
    }

    private static String canonicalAttribute(String key, String attribute) {
        for (String a : ATTRIBUTES) {
            if (a.equalsIgnoreCase(attribute)) return a;
        }
        throw invalid(key, "'" + attribute + "' is not a plan setting; write one of " + String.join(", ", ATTRIBUTES));
    }

    private static Plan configure(String name, Plan base, Map<String, String> values) {
        String key = PREFIX + name + ".";
        if (base == null && !values.containsKey("included")) {
            throw invalid(
                    key + "included",
                    "a new plan needs its included storage, e.g. " + key + "included=5GB (or unlimited)");
        }
        long included = base == null ? 0 : base.includedBytes();
        BigDecimal price = base == null ? STANDARD_PRICE : base.price();
        boolean dataSources = base == null || base.dataSources();
        boolean hardLimit = base != null && base.hardLimit();
        String displayName = base == null ? displayNameOf(name) : base.displayName();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String value = e.getValue();
            switch (e.getKey()) {
                case "included" -> {
                    try {
                        included = ByteSize.parse(value);
                    } catch (IllegalArgumentException bad) {
                        throw invalid(key + "included", bad.getMessage());
                    }
                }
                case "price" -> price = price(key + "price", value);
                case "dataSources" -> dataSources = bool(key + "dataSources", value);
                case "hardLimit" -> hardLimit = bool(key + "hardLimit", value);
                case "displayName" -> {
                    if (value.isEmpty())
                        throw invalid(key + "displayName", "write the name people see, e.g. " + displayNameOf(name));
                    displayName = value;
                }
                default -> throw new IllegalStateException(e.getKey());
            }
        }
        return new Plan(name, displayName, included, price, dataSources, hardLimit);
    }

    private static BigDecimal price(String key, String value) {
        BigDecimal price;
        try {
            price = new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw invalid(
                    key, "'" + value + "' is not a price: write dollars per GB-month as a decimal number, e.g. 0.29");
        }
        if (price.signum() < 0)
            throw invalid(key, "a price cannot be negative: write 0 or more dollars per GB-month, e.g. 0.29");
        return price;
    }

    private static boolean bool(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, "'" + value + "' is not a yes/no setting: write true or false");
        };
    }

    /** {@code team-plus} → {@code Team Plus}. */
    static String displayNameOf(String name) {
        StringBuilder out = new StringBuilder();
        for (String word : name.split("-")) {
            if (word.isEmpty()) continue;
            if (!out.isEmpty()) out.append(' ');
            out.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return out.isEmpty() ? name : out.toString();
    }

    private static CofferException.Invalid invalid(String key, String what) {
        return new CofferException.Invalid("plan setting " + key + ": " + what);
    }

    /** Every plan: the standard ones first, then the added ones by name. */
    public List<Plan> plans() {
        return order.stream().map(plans::get).toList();
    }

    public Optional<Plan> find(String name) {
        return Optional.ofNullable(name == null ? null : plans.get(name));
    }

    /** @throws CofferException.Invalid when no plan has that name, listing the plans there are */
    public Plan plan(String name) {
        return find(name)
                .orElseThrow(() -> new CofferException.Invalid(
                        "no plan is named '" + name + "'; plans: " + String.join(", ", order)));
    }

    /** The plan new teams get ({@code plans.default}). */
    public Plan defaultPlan() {
        return defaultPlan;
    }
}
