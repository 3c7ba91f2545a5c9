package dev.coffer.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coffer.content.Manifest;
import dev.coffer.error.CofferException;
import dev.coffer.gc.Fsck;
import dev.coffer.tree.FileCommit;
import dev.coffer.tree.VolumePath;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Random edits against a model, with a tiny node shape so that even small folders become trees
 * of several levels: after every commit the version holds exactly the model's files, the diff
 * from the previous version is exactly the model's, and the root hash equals the hash of the same
 * files built from scratch (trees are canonical, so versions share what they have in common).
 */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class CanonicalTreesContract extends DatasetTestBase {
    private static final String FOLDER = "<folder>";

    @Override
    TreeShape shape() {
        return new TreeShape(4);
    }

    private final Map<String, Manifest> manifests = new HashMap<>();

    private Manifest manifest(String text) throws Exception {
        Manifest m = manifests.get(text);
        if (m == null) {
            m = store(text);
            manifests.put(m.digest(), m);
            manifests.put(text, m);
        }
        return m;
    }

    /** The model: path (no leading slash) → content digest, or FOLDER. */
    private static boolean blocked(TreeMap<String, String> model, String path) {
        String[] names = path.split("/");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < names.length - 1; i++) {
            if (i > 0) prefix.append('/');
            prefix.append(names[i]);
            String at = model.get(prefix.toString());
            if (at != null && !at.equals(FOLDER)) return true;
        }
        return false;
    }

    private static void addParents(TreeMap<String, String> model, String path) {
        int slash = path.indexOf('/');
        while (slash > 0) {
            model.putIfAbsent(path.substring(0, slash), FOLDER);
            slash = path.indexOf('/', slash + 1);
        }
    }

    private static TreeMap<String, String> below(TreeMap<String, String> model, String path) {
        TreeMap<String, String> out = new TreeMap<>();
        model.forEach((k, v) -> {
            if (k.equals(path) || k.startsWith(path + "/")) out.put(k, v);
        });
        return out;
    }

    private static String randomPath(Random r) {
        String[] top = {"a", "b", "wide", "c.d"};
        String t = top[r.nextInt(top.length)];
        int depth = r.nextInt(3);
        StringBuilder p = new StringBuilder(t);
        for (int i = 0; i < depth; i++)
            p.append('/').append(t.equals("wide") && i == 0 ? "n" + r.nextInt(120) : "x" + r.nextInt(4));
        return p.toString();
    }

    private TreeMap<String, String> actual(Version v) throws Exception {
        TreeMap<String, String> out = new TreeMap<>();
        reader.walk(
                v, VolumePath.ROOT, (e, rel) -> out.put(String.join("/", rel), e.directory() ? FOLDER : e.digest()));
        return out;
    }

    private static List<VersionDiff.Change> modelDiff(
            TreeMap<String, String> from, TreeMap<String, String> to, Map<String, Manifest> sizes) {
        TreeMap<String, VersionDiff.Change> out = new TreeMap<>(Names.UTF8);
        from.forEach((k, v) -> {
            if (v.equals(FOLDER)) return;
            String now = to.get(k);
            long size = sizes.get(v).size();
            if (now == null || now.equals(FOLDER))
                out.put("/" + k, new VersionDiff.Change("/" + k, VersionDiff.Kind.REMOVED, size, null));
            else if (!now.equals(v))
                out.put(
                        "/" + k,
                        new VersionDiff.Change(
                                "/" + k,
                                VersionDiff.Kind.CHANGED,
                                size,
                                sizes.get(now).size()));
        });
        to.forEach((k, v) -> {
            if (v.equals(FOLDER)) return;
            String was = from.get(k);
            if (was == null || was.equals(FOLDER))
                out.put(
                        "/" + k,
                        new VersionDiff.Change(
                                "/" + k,
                                VersionDiff.Kind.ADDED,
                                null,
                                sizes.get(v).size()));
        });
        return new ArrayList<>(out.values());
    }

    private static List<VersionDiff.Change> byPath(List<VersionDiff.Change> changes) {
        List<VersionDiff.Change> sorted = new ArrayList<>(changes);
        sorted.sort((x, y) -> Names.compare(x.path() + x.kind(), y.path() + y.kind()));
        return sorted;
    }

    @Test
    void random_edits_match_the_model_and_build_the_same_trees_as_from_scratch() throws Exception {
        Random r = new Random(42);
        Dataset ds = dataset("ds");
        TreeMap<String, String> model = new TreeMap<>();
        List<Version> committed = new ArrayList<>();
        List<TreeMap<String, String>> snapshots = new ArrayList<>();
        for (int round = 0; round < 6; round++) {
            Version d = draft(ds);
            TreeMap<String, String> before = new TreeMap<>(model);
            for (int op = 0; op < 40; op++) apply(r, d, model, committed, snapshots);
            List<VersionDiff.Change> expected = byPath(modelDiff(before, model, manifests));
            if (!committed.isEmpty())
                assertThat(byPath(diffs.diff(committed.getLast(), d))).containsExactlyElementsOf(expected);
            assertThat(actual(d)).isEqualTo(model);
            Version v = drafts.commit(d, null);
            assertThat(actual(v)).isEqualTo(model);
            if (!committed.isEmpty())
                assertThat(byPath(diffs.diff(committed.getLast(), v))).containsExactlyElementsOf(expected);
            assertThat(v.digest()).isEqualTo(fromScratch(model, "scratch" + round));
            assertThat(inMemory(model))
                    .as("the digest computed without a database")
                    .isEqualTo(v.digest());
            committed.add(v);
            snapshots.add(new TreeMap<>(model));
        }
        Integer depth = db.withHandle(h -> h.createQuery("SELECT MAX(level) FROM dataset_trees")
                .mapTo(Integer.class)
                .one());
        assertThat(depth).isGreaterThanOrEqualTo(2);
        assertThat(new Fsck(db, blobs).run().problems()).isEmpty();
        for (Dataset other : datasets.list(team)) datasets.delete(other);
        assertThat(count("dataset_tree_entries")).isZero();
    }

    /** The model's digest by {@link VersionDigest}, which a client computes from a file list it holds. */
    private String inMemory(TreeMap<String, String> model) {
        VersionDigest digest = new VersionDigest(shape());
        model.forEach((path, v) -> {
            if (v.equals(FOLDER)) digest.folder(path);
            else digest.file(path, v, manifests.get(v).size(), 1000);
        });
        return digest.digest();
    }

    private String fromScratch(TreeMap<String, String> model, String name) throws Exception {
        Dataset fresh = dataset(name);
        Version d = drafts.create(fresh, Drafts.Parent.NONE, null, null);
        List<FileCommit> files = new ArrayList<>();
        for (var e : model.entrySet()) {
            if (e.getValue().equals(FOLDER)) drafts.mkdir(d, p(e.getKey()), true);
            else files.add(new FileCommit(p(e.getKey()), manifests.get(e.getValue()), 1000));
        }
        if (!files.isEmpty()) drafts.putAll(d, files);
        return drafts.commit(d, null).digest();
    }

    private void apply(
            Random r,
            Version d,
            TreeMap<String, String> model,
            List<Version> committed,
            List<TreeMap<String, String>> snapshots)
            throws Exception {
        String path = randomPath(r);
        int kind = r.nextInt(10);
        try {
            if (kind < 4) {
                Manifest m = manifest("text " + r.nextInt(60));
                boolean conflict = blocked(model, path) || FOLDER.equals(model.get(path));
                try {
                    drafts.put(d, p(path), m, 1000);
                    assertThat(conflict).as("put " + path).isFalse();
                    addParents(model, path);
                    model.put(path, m.digest());
                } catch (CofferException.Conflict e) {
                    assertThat(conflict)
                            .as("put " + path + ": " + e.getMessage())
                            .isTrue();
                }
            } else if (kind == 4) {
                List<FileCommit> batch = new ArrayList<>();
                TreeMap<String, String> next = new TreeMap<>(model);
                boolean conflict = false;
                for (int i = 0; i < 20; i++) {
                    String file = "wide/n" + r.nextInt(150);
                    Manifest m = manifest("batch " + r.nextInt(30));
                    batch.add(new FileCommit(p(file), m, 1000));
                    conflict |= blocked(model, file) || FOLDER.equals(model.get(file));
                    addParents(next, file);
                    next.put(file, m.digest());
                }
                try {
                    drafts.putAll(d, batch);
                    assertThat(conflict).isFalse();
                    model.clear();
                    model.putAll(next);
                } catch (CofferException.Conflict e) {
                    assertThat(conflict).as(e.getMessage()).isTrue();
                }
            } else if (kind <= 6) {
                boolean exists = model.containsKey(path);
                try {
                    drafts.delete(d, p(path), true);
                    assertThat(exists).isTrue();
                    below(model, path).keySet().forEach(model::remove);
                } catch (CofferException.NotFound e) {
                    assertThat(exists).isFalse();
                }
            } else if (kind == 7) {
                String to = randomPath(r) + "-m";
                if (model.containsKey(path)
                        && !(to + "/").startsWith(path + "/")
                        && !blocked(model, to)
                        && !model.containsKey(to)) {
                    drafts.move(d, p(path), p(to));
                    TreeMap<String, String> moved = below(model, path);
                    moved.keySet().forEach(model::remove);
                    addParents(model, to);
                    moved.forEach((k, v) -> model.put(to + k.substring(path.length()), v));
                }
            } else if (kind == 8) {
                if (!blocked(model, path + "/x") && !(model.containsKey(path) && !FOLDER.equals(model.get(path)))) {
                    drafts.mkdir(d, p(path), true);
                    addParents(model, path + "/x");
                }
            } else if (!committed.isEmpty()) {
                int pick = r.nextInt(committed.size());
                TreeMap<String, String> source = snapshots.get(pick);
                String to = randomPath(r) + "-c";
                if (source.containsKey(path) && !blocked(model, to) && !model.containsKey(to)) {
                    drafts.copyFromVersion(d, committed.get(pick), p(path), p(to));
                    addParents(model, to);
                    below(source, path).forEach((k, v) -> model.put(to + k.substring(path.length()), v));
                }
            }
        } catch (CofferException e) {
            throw new AssertionError("operation " + kind + " on " + path + " failed: " + e.getMessage(), e);
        }
    }
}
