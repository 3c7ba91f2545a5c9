package dev.coffer.server.http;

import dev.coffer.dataset.Dataset;
import dev.coffer.dataset.Datasets;
import dev.coffer.dataset.Tags;
import dev.coffer.dataset.Version;
import dev.coffer.dataset.VersionDiff;
import dev.coffer.wire.Coded;
import dev.coffer.wire.DatasetWire;
import java.util.List;
import java.util.Locale;

/** The JSON shapes of datasets, versions, entries and changes. */
final class DatasetJson {
    private DatasetJson() {}

    static DatasetWire.Dataset dataset(Dataset d, String owner) {
        return new DatasetWire.Dataset(d.name(), d.description(), d.isPublic(), owner, d.createdAt());
    }

    static DatasetWire.DatasetDescription description(Datasets.Description info, List<Tags.Tag> tags) {
        Dataset d = info.dataset();
        return new DatasetWire.DatasetDescription(
                d.name(),
                d.description(),
                d.isPublic(),
                info.owner(),
                d.createdAt(),
                info.latest() == null ? null : info.latest().number(),
                info.size(),
                info.newBytes(),
                info.versions().stream().map(DatasetJson::version).toList(),
                tags.stream().map(DatasetJson::tag).toList());
    }

    static DatasetWire.Tag tag(Tags.Tag t) {
        return new DatasetWire.Tag(t.name(), t.version());
    }

    static DatasetWire.Version version(Version v) {
        return new DatasetWire.Version(
                v.number(),
                v.dataset() + ":" + v.number(),
                Coded.of(DatasetWire.VersionState.class, v.state().code),
                v.parentNumber(),
                v.digest(),
                v.fileCount(),
                v.size(),
                v.newBytes(),
                v.message(),
                v.createdAt(),
                v.committedAt(),
                v.tags());
    }

    static DatasetWire.Change change(VersionDiff.Change c) {
        return new DatasetWire.Change(
                c.path(),
                Coded.of(DatasetWire.ChangeKind.class, c.kind().name().toLowerCase(Locale.ROOT)),
                c.oldSize(),
                c.newSize());
    }
}
