package dev.coffer.notebook;

import dev.coffer.error.CofferException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Edits the {@code integrations} of a notebook's {@code .coffer/settings.yaml} (the file the mount
 * reads): puts or removes one dataset mount and keeps every other entry and key as it was. The
 * file is written back in block style; comments in it are not kept (the web page says so).
 */
public final class NotebookSettings {
    public static final String PATH = ".coffer/settings.yaml";
    /** The source page's settings file: read by the mount too, never written here. */
    public static final String SOURCE_PAGE_PATH = ".gradient/settings.yaml";
    /** A settings file larger than this is refused: it is a few lines by nature. */
    public static final int MAX_BYTES = 256 * 1024;

    /** The mount's own rule for a mount's folder name under /datasets. */
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private NotebookSettings() {}

    /** The entries under {@code integrations} of {@code yaml} (empty when the file is empty or has none). */
    public static Map<String, Object> integrations(String yaml) {
        Object section = top(yaml).get("integrations");
        if (section == null) return new LinkedHashMap<>();
        if (!(section instanceof Map<?, ?> map))
            throw new CofferException.Invalid(
                    PATH + ": 'integrations' is not a map of mounts, so it cannot be edited here");
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    /** {@code yaml} with mount {@code name} set to dataset {@code dataset} at {@code version} (null: latest). */
    public static String withDatasetMount(String yaml, String name, String dataset, String version) {
        checkName(name);
        Map<String, Object> top = top(yaml);
        Map<String, Object> mounts = integrations(yaml);
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("type", "dataset");
        entry.put("id", dataset);
        if (version != null) entry.put("version", version);
        mounts.put(name, entry);
        top.put("integrations", mounts);
        return dump(top);
    }

    /** {@code yaml} without mount {@code name}; "not found" when it holds no such mount. */
    public static String withoutMount(String yaml, String name) {
        Map<String, Object> top = top(yaml);
        Map<String, Object> mounts = integrations(yaml);
        if (mounts.remove(name) == null)
            throw new CofferException.NotFound(PATH + " mounts nothing named '" + name + "'");
        top.put("integrations", mounts);
        return dump(top);
    }

    public static void checkName(String name) {
        if (name == null || !SAFE_NAME.matcher(name).matches() || name.equals(".."))
            throw new CofferException.Invalid(
                    "mount name '" + name
                            + "' is not a safe folder name: use letters, digits, '.', '_' and '-', starting with a letter or digit");
    }

    private static Map<String, Object> top(String yaml) {
        if (yaml == null || yaml.isBlank()) return new LinkedHashMap<>();
        Object doc;
        try {
            doc = new Load(LoadSettings.builder().setLabel(PATH).build()).loadFromString(yaml);
        } catch (YamlEngineException e) {
            throw new CofferException.Invalid(PATH + " is not valid YAML, so it cannot be edited here: fix it first ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (doc == null) return new LinkedHashMap<>();
        if (!(doc instanceof Map<?, ?> map))
            throw new CofferException.Invalid(PATH + " is not a map of settings, so it cannot be edited here");
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private static String dump(Map<String, Object> top) {
        return "# A notebook's mounts (see the user guide, \"Settings file\"). Mounting from the web page\n"
                + "# rewrites this file: comments are not kept.\n"
                + new Dump(DumpSettings.builder()
                                .setDefaultFlowStyle(FlowStyle.BLOCK)
                                .build())
                        .dumpToString(top);
    }
}
