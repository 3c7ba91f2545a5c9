package dev.coffer.cli.mount;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.Location;
import dev.coffer.cli.transfer.Uploader;
import dev.coffer.wire.DatasetWire;
import dev.coffer.wire.FileWire;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the mount shows at its top: {@code notebooks} (the notebook's workspace), {@code storage}
 * (the team's storage on the notebook's cluster) and {@code datasets/NAME}, as the notebook's
 * settings file declares them (or every readable dataset at its latest version). The settings
 * file is read again when it changes, at most once per {@code recheck}: a new entry appears and a
 * removed one goes without remounting.
 */
final class MountLayout {
    static final List<String> SETTINGS_FILES = List.of(".coffer/settings.yaml", ".gradient/settings.yaml");
    private static final Logger LOG = LoggerFactory.getLogger("dev.coffer.mount");

    /** Where a mount path leads: a tree and the path inside it, or one of the mount's own folders. */
    record Place(RemoteTree tree, String rel, Virtual virtual) {
        boolean isVirtual() {
            return virtual != null;
        }
    }

    enum Virtual {
        ROOT,
        DATASETS
    }

    private final ApiClient api;
    private final String team;
    private final Uploader uploader;
    private final boolean allDatasets;
    private final Duration recheck;
    final RemoteTree notebooks;
    final RemoteTree storage;

    private volatile Map<String, RemoteTree> datasets = Map.of();
    private volatile long checkedAt = Long.MIN_VALUE;
    private volatile String settingsSeen = "";

    MountLayout(
            ApiClient api,
            String team,
            String notebook,
            String cluster,
            Uploader uploader,
            boolean allDatasets,
            Duration recheck) {
        this.api = api;
        this.team = team;
        this.uploader = uploader;
        this.allDatasets = allDatasets;
        this.recheck = recheck;
        this.notebooks = new RemoteTree(api, team, new Location.Remote("notebooks", notebook, ""), true, uploader);
        this.storage = new RemoteTree(api, team, new Location.Remote("storage", cluster, ""), true, uploader);
    }

    /** Where {@code path} (absolute in the mount) leads, or null when it names nothing the mount has. */
    Place resolve(String path) {
        if (path.equals("/")) return new Place(null, "", Virtual.ROOT);
        String p = path.substring(1);
        int slash = p.indexOf('/');
        String top = slash < 0 ? p : p.substring(0, slash);
        String rest = slash < 0 ? "" : p.substring(slash + 1);
        return switch (top) {
            case "notebooks" -> new Place(notebooks, rest, null);
            case "storage" -> new Place(storage, rest, null);
            case "datasets" -> {
                if (rest.isEmpty()) yield new Place(null, "", Virtual.DATASETS);
                int s = rest.indexOf('/');
                RemoteTree t = datasets().get(s < 0 ? rest : rest.substring(0, s));
                yield t == null ? null : new Place(t, s < 0 ? "" : rest.substring(s + 1), null);
            }
            default -> null;
        };
    }

    /** The mounted datasets by folder name, read again from the settings when due. */
    Map<String, RemoteTree> datasets() {
        long now = System.nanoTime();
        if (checkedAt == Long.MIN_VALUE || now - checkedAt > recheck.toNanos()) {
            synchronized (this) {
                if (checkedAt == Long.MIN_VALUE || now - checkedAt > recheck.toNanos()) {
                    refresh();
                    checkedAt = System.nanoTime();
                }
            }
        }
        return datasets;
    }

    private void refresh() {
        try {
            if (allDatasets) {
                String seen = String.join(",", allDatasetNames().keySet());
                if (!seen.equals(settingsSeen)) {
                    settingsSeen = seen;
                    Map<String, RemoteTree> next = new TreeMap<>();
                    allDatasetNames().forEach((name, isPublic) -> next.put(name, datasetTree(isPublic, name)));
                    install(next);
                }
                return;
            }
            StringBuilder seen = new StringBuilder();
            List<FileWire.FileEntry> files = new ArrayList<>();
            for (String f : SETTINGS_FILES) {
                FileWire.FileEntry e = notebooks.stat(f);
                files.add(e);
                seen.append(e == null ? "-" : e.digest()).append(',');
            }
            if (seen.toString().equals(settingsSeen)) return;
            settingsSeen = seen.toString();
            Map<String, RemoteTree> next = new LinkedHashMap<>();
            for (int i = SETTINGS_FILES.size() - 1; i >= 0; i--) {
                if (files.get(i) != null) next.putAll(fromSettings(SETTINGS_FILES.get(i)));
            }
            install(next);
        } catch (RuntimeException e) {
            // Keep serving what was mounted; the next access tries again.
            LOG.warn("could not read the notebook's settings: {}", e.getMessage());
            settingsSeen = "";
        }
    }

    private void install(Map<String, RemoteTree> next) {
        if (!labels(next).equals(labels(datasets))) {
            LOG.info("datasets mounted: {}", next.isEmpty() ? "none" : labels(next));
        }
        datasets = Map.copyOf(next);
    }

    private static Map<String, String> labels(Map<String, RemoteTree> m) {
        Map<String, String> out = new TreeMap<>();
        m.forEach((k, v) -> out.put(k, v.label()));
        return out;
    }

    /** The mounts one settings file declares; each mistake is logged with its line. */
    private Map<String, RemoteTree> fromSettings(String file) {
        String text = new String(
                api.getBytes(new Location.Remote("notebooks", notebooksName(), file).url(team, "files")),
                StandardCharsets.UTF_8);
        Settings settings = SettingsFile.parse("/notebooks/" + file, text);
        for (Settings.Finding f : settings.findings()) {
            if (f.warning()) LOG.warn("{}", f);
            else LOG.error("{}", f);
        }
        Map<String, RemoteTree> out = new LinkedHashMap<>();
        for (Settings.Integration i : settings.integrations()) {
            switch (i) {
                case Settings.DatasetMount d -> {
                    RemoteTree t = existingDataset(d);
                    if (t != null) out.put(d.name(), t);
                    else
                        LOG.error(
                                "/notebooks/{}:{}: error: dataset '{}'{} does not exist or is not readable by this notebook's team;"
                                        + " check 'coffer datasets ls'",
                                file,
                                d.line(),
                                d.dataset(),
                                d.version() == null ? "" : " version " + d.version());
                }
                case Settings.BucketMount b -> {
                    RemoteTree t = usableBucket(file, b);
                    if (t != null) out.put(b.name(), t);
                }
            }
        }
        return out;
    }

    /**
     * The bucket {@code b} declares, when the server accepts it (the team's plan, the secret it
     * names, the bucket itself); a refusal is logged with the file's line and the entry is not
     * mounted. A bucket that cannot be reached now is mounted anyway: it may come back.
     */
    private RemoteTree usableBucket(String file, Settings.BucketMount b) {
        BucketTree t = BucketTree.of(api, team, b);
        try {
            t.stat("");
            return t;
        } catch (ApiClient.ProblemException e) {
            if (e.status() >= 500) {
                LOG.warn(
                        "/notebooks/{}:{}: warning: mount '{}' (type s3): {}",
                        file,
                        b.line(),
                        b.name(),
                        e.getMessage());
                return t;
            }
            LOG.error(
                    "/notebooks/{}:{}: error: mount '{}' (type s3) is not mounted: {}",
                    file,
                    b.line(),
                    b.name(),
                    e.getMessage());
            return null;
        }
    }

    private String notebooksName() {
        return notebooks.label().substring("notebooks/".length());
    }

    /** The team's dataset (or else the public one) that {@code d} names, if it exists at the version asked. */
    private RemoteTree existingDataset(Settings.DatasetMount d) {
        for (boolean isPublic : new boolean[] {false, true}) {
            RemoteTree t = datasetTree(isPublic, d.ref());
            try {
                if (t.stat("") != null) return t;
            } catch (ApiClient.ProblemException e) {
                if (e.status() != 404 && e.status() != 403) throw e;
            }
        }
        return null;
    }

    private RemoteTree datasetTree(boolean isPublic, String ref) {
        return new RemoteTree(api, team, Location.Remote.dataset(isPublic, ref, ""), false, uploader);
    }

    /** Every dataset the team reads, by name (true: public); the team's own win over public ones of the same name. */
    private Map<String, Boolean> allDatasetNames() {
        Map<String, Boolean> out = new TreeMap<>();
        for (var d : api.get("/api/v1/public/datasets", DatasetWire.DatasetList.class)
                .datasets()) out.put(d.name(), true);
        for (var d : api.get("/api/v1/teams/" + ApiClient.encodeName(team) + "/datasets", DatasetWire.DatasetList.class)
                .datasets()) {
            out.put(d.name(), false);
        }
        return out;
    }

    /** Forces the next access to read the settings again (after the mount itself wrote one of them). */
    void settingsTouched(String rel) {
        if (SETTINGS_FILES.contains(rel) || Objects.equals(rel, ".coffer") || Objects.equals(rel, ".gradient")) {
            checkedAt = Long.MIN_VALUE;
        }
    }
}
