package dev.coffer.cli.mount;

import dev.coffer.cli.mount.Settings.BucketMount;
import dev.coffer.cli.mount.Settings.DatasetMount;
import dev.coffer.cli.mount.Settings.Finding;
import dev.coffer.cli.mount.Settings.Integration;
import dev.coffer.dataset.Names;
import dev.coffer.error.CofferException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * Reads a notebook's settings file ({@code .coffer/settings.yaml}, or the source page's
 * {@code .gradient/settings.yaml}). The YAML is composed into nodes, not bound to classes, so every
 * finding carries the line it is about and says what to write instead; an entry with an error is
 * left out and the rest still count.
 */
public final class SettingsFile {
    /** What a mount folder may be called: one plain name, nothing a shell or a path would misread. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private static final Pattern S3_URL = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(/.*)?");
    private static final Set<String> DATASET_KEYS = Set.of("type", "id", "version");
    private static final Set<String> BUCKET_KEYS =
            Set.of("type", "url", "accessKeyId", "secretAccessKey", "region", "endpoint");

    private final String file;
    private final List<Finding> findings = new ArrayList<>();

    private SettingsFile(String file) {
        this.file = file;
    }

    /** Parses {@code text}; {@code file} is how findings name the file. */
    public static Settings parse(String file, String text) {
        return new SettingsFile(file).read(text);
    }

    private Settings read(String text) {
        Optional<Node> root;
        try {
            root = new Compose(LoadSettings.builder().setLabel(file).build()).composeString(text);
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark()
                    .or(e::getContextMark)
                    .map(m -> m.getLine() + 1)
                    .orElse(1);
            error(
                    line,
                    "this is not valid YAML (" + e.getProblem()
                            + "); indent each mount under 'integrations:' with spaces, as in 'integrations:\\n  NAME:\\n    type: dataset'");
            return done(List.of());
        } catch (YamlEngineException e) {
            error(1, "this is not valid YAML (" + e.getMessage() + ")");
            return done(List.of());
        }
        if (root.isEmpty()) return done(List.of());
        if (!(root.get() instanceof MappingNode top)) {
            error(line(root.get()), "the file must be a mapping with 'integrations:' at the top");
            return done(List.of());
        }
        List<Integration> mounts = new ArrayList<>();
        for (NodeTuple t : top.getValue()) {
            String key = scalar(t.getKeyNode());
            if ("integrations".equals(key)) {
                mounts.addAll(integrations(t.getValueNode()));
            } else {
                warn(line(t.getKeyNode()), "unknown key '" + key + "' is ignored; mounts go under 'integrations:'");
            }
        }
        return done(mounts);
    }

    private Settings done(List<Integration> mounts) {
        return new Settings(List.copyOf(mounts), List.copyOf(findings));
    }

    private List<Integration> integrations(Node node) {
        if (isNull(node)) return List.of();
        if (!(node instanceof MappingNode map)) {
            error(
                    line(node),
                    "'integrations' must hold one entry per mount, as 'NAME:' followed by its indented fields");
            return List.of();
        }
        Map<String, Integer> seen = new HashMap<>();
        List<Integration> out = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            int line = line(t.getKeyNode());
            String name = scalar(t.getKeyNode());
            if (name == null || !SAFE_NAME.matcher(name).matches() || name.equals("..")) {
                error(
                        line,
                        "mount name '" + name + "' is not a safe folder name: use letters, digits, '.', '_' and '-'"
                                + " (starting with a letter or digit), e.g. '" + suggestName(name) + "'");
                continue;
            }
            Integer first = seen.putIfAbsent(name, line);
            if (first != null) {
                error(
                        line,
                        "mount name '" + name + "' is used twice (first on line " + first + "); rename one of them");
                out.removeIf(i -> i.name().equals(name));
                continue;
            }
            Integration i = entry(name, line, t.getValueNode());
            if (i != null) out.add(i);
        }
        return out;
    }

    private Integration entry(String name, int line, Node node) {
        if (!(node instanceof MappingNode map)) {
            error(line, "mount '" + name + "' needs its fields indented below it, e.g. 'type: dataset' and 'id: NAME'");
            return null;
        }
        Map<String, ScalarNode> fields = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = scalar(t.getKeyNode());
            if (t.getValueNode() instanceof ScalarNode s) fields.put(key, s);
            else error(line(t.getValueNode()), "'" + key + "' of mount '" + name + "' must be a single value");
        }
        ScalarNode type = fields.get("type");
        if (type == null) {
            error(
                    line,
                    "mount '" + name
                            + "' has no type: add 'type: dataset' (a Coffer dataset) or 'type: s3' (a bucket)");
            return null;
        }
        return switch (type.getValue()) {
            case "dataset" -> dataset(name, line, fields);
            case "s3" -> bucket(name, line, fields);
            default -> {
                error(
                        line(type),
                        "unknown type '" + type.getValue() + "' for mount '" + name
                                + "': write 'type: dataset' or 'type: s3'");
                yield null;
            }
        };
    }

    private DatasetMount dataset(String name, int line, Map<String, ScalarNode> fields) {
        unknownKeys(name, fields, DATASET_KEYS, "a dataset mount takes type, id and version");
        ScalarNode id = fields.get("id");
        if (id == null || id.getValue().isBlank()) {
            error(id == null ? line : line(id), "mount '" + name + "' needs 'id: DATASET' (the dataset's name)");
            return null;
        }
        try {
            Names.checkDataset(id.getValue());
        } catch (CofferException e) {
            error(line(id), "'id: " + id.getValue() + "' is not a dataset name: " + e.getMessage());
            return null;
        }
        ScalarNode version = fields.get("version");
        String ref = null;
        if (version != null && !isNull(version)) {
            ref = version.getValue();
            if (!ref.chars().allMatch(Character::isDigit)) {
                try {
                    if (!ref.equals("latest")) Names.checkTag(ref);
                } catch (CofferException e) {
                    error(
                            line(version),
                            "'version: " + ref + "' is neither a version number nor a tag ("
                                    + e.getMessage()
                                    + "); write a number such as 'version: 3', a tag such as 'version: v1',"
                                    + " or leave it out for the latest");
                    return null;
                }
            } else if (ref.isEmpty() || Long.parseLong(ref) < 1) {
                error(line(version), "'version: " + ref + "' must be 1 or more; versions are numbered from 1");
                return null;
            }
            if (ref.equals("latest")) ref = null;
        }
        return new DatasetMount(name, line, id.getValue(), ref);
    }

    private BucketMount bucket(String name, int line, Map<String, ScalarNode> fields) {
        unknownKeys(
                name,
                fields,
                BUCKET_KEYS,
                "an s3 mount takes type, url, accessKeyId, secretAccessKey and region or endpoint");
        boolean ok = true;
        ScalarNode url = fields.get("url");
        if (url == null) {
            ok = error(line, "mount '" + name + "' needs 'url: s3://BUCKET/PREFIX'");
        } else if (!S3_URL.matcher(url.getValue()).matches()) {
            ok = error(
                    line(url),
                    "'url: " + url.getValue() + "' is not a bucket URL; write 's3://BUCKET' or 's3://BUCKET/PREFIX'");
        }
        ScalarNode key = fields.get("accessKeyId");
        if (key == null || key.getValue().isBlank()) {
            ok = error(key == null ? line : line(key), "mount '" + name + "' needs 'accessKeyId: KEY_ID'");
        }
        ScalarNode secret = fields.get("secretAccessKey");
        String secretName = null;
        if (secret == null) {
            ok = error(
                    line,
                    "mount '" + name
                            + "' needs 'secretAccessKey: secret:NAME', naming a team secret that holds the key");
        } else if (!secret.getValue().startsWith("secret:") || secret.getValue().length() == "secret:".length()) {
            ok = error(
                    line(secret),
                    "'secretAccessKey' must name a team secret, as 'secretAccessKey: secret:NAME'"
                            + " (store the key with 'coffer secrets set NAME'); a key written in this file is never used");
        } else {
            secretName = secret.getValue().substring("secret:".length());
        }
        ScalarNode region = fields.get("region");
        ScalarNode endpoint = fields.get("endpoint");
        if (region == null && endpoint == null) {
            ok = error(
                    line,
                    "mount '" + name + "' needs 'region: REGION' (AWS) or 'endpoint: https://HOST' (any other host)");
        }
        if (endpoint != null && !endpoint.getValue().matches("https?://[^\\s/]+(/.*)?")) {
            ok = error(
                    line(endpoint),
                    "'endpoint: " + endpoint.getValue() + "' is not a URL; write 'endpoint: https://HOST'");
        }
        if (region != null && endpoint != null) {
            warn(line(region), "mount '" + name + "' sets both region and endpoint; endpoint wins, so remove 'region'");
            region = null;
        }
        if (!ok) return null;
        return new BucketMount(
                name,
                line,
                url.getValue(),
                key.getValue(),
                secretName,
                region == null ? null : region.getValue(),
                endpoint == null ? null : endpoint.getValue());
    }

    private void unknownKeys(String name, Map<String, ScalarNode> fields, Set<String> known, String hint) {
        for (var f : fields.entrySet()) {
            if (!known.contains(f.getKey())) {
                warn(
                        line(f.getValue()),
                        "unknown field '" + f.getKey() + "' of mount '" + name + "' is ignored; " + hint);
            }
        }
    }

    private static String suggestName(String name) {
        String s = name == null ? "" : name.replaceAll("[^A-Za-z0-9._-]+", "-").replaceAll("^[^A-Za-z0-9]+", "");
        return s.isEmpty() ? "my-data" : s.length() > 100 ? s.substring(0, 100) : s;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s
                && (s.getValue().isEmpty()
                        || s.getValue().equals("null")
                        || s.getValue().equals("~"));
    }

    private static int line(Node node) {
        return node.getStartMark().map(Mark::getLine).orElse(0) + 1;
    }

    private boolean error(int line, String message) {
        findings.add(new Finding(file, line, false, message));
        return false;
    }

    private void warn(int line, String message) {
        findings.add(new Finding(file, line, true, message));
    }
}
