package dev.coffer.server.http;

import dev.coffer.dataset.Dataset;
import dev.coffer.dataset.Datasets;
import dev.coffer.dataset.Tags;
import dev.coffer.dataset.Version;
import dev.coffer.dataset.VersionDiff;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON shapes of datasets, versions, entries and changes. */
final class DatasetJson {
    private DatasetJson() {}

    static Map<String, Object> dataset(Dataset d, String owner) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("description", d.description());
        m.put("public", d.isPublic());
        m.put("owner", owner);
        m.put("createdAt", d.createdAt());
        return m;
    }

    static Map<String, Object> description(Datasets.Description info, List<Tags.Tag> tags) {
        Map<String, Object> m = dataset(info.dataset(), info.owner());
        m.put("latest", info.latest() == null ? null : info.latest().number());
        m.put("size", info.size());
        m.put("newBytes", info.newBytes());
        m.put("versions", info.versions().stream().map(DatasetJson::version).toList());
        m.put("tags", tags.stream().map(t -> Map.of("name", t.name(), "version", t.version())).toList());
        return m;
    }

    static Map<String, Object> version(Version v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("number", v.number());
        m.put("ref", v.dataset() + ":" + v.number());
        m.put("state", v.state().code);
        m.put("parent", v.parentNumber());
        m.put("digest", v.digest());
        m.put("files", v.fileCount());
        m.put("size", v.size());
        m.put("newBytes", v.newBytes());
        m.put("message", v.message());
        m.put("createdAt", v.createdAt());
        m.put("committedAt", v.committedAt());
        m.put("tags", v.tags());
        return m;
    }

    static Map<String, Object> change(VersionDiff.Change c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("path", c.path());
        m.put("change", c.kind().name().toLowerCase());
        m.put("oldSize", c.oldSize());
        m.put("newSize", c.newSize());
        return m;
    }
}
