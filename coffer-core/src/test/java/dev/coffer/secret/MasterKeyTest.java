package dev.coffer.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.CofferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {
    @TempDir
    Path tmp;

    @Test
    void a_generated_key_file_is_owner_only_base64_of_32_bytes_and_reused() throws Exception {
        Path file = tmp.resolve("data/secrets.key");
        MasterKey first = MasterKey.loadOrCreate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        assertThat(MasterKey.loadOrCreate(file).id()).isEqualTo(first.id());
        assertThat(first.toString())
                .contains(first.id())
                .doesNotContain(Files.readString(file).strip());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactly("secrets.key"); // no temporary left
        }
    }

    @Test
    void servers_starting_at_once_on_one_folder_agree_on_one_key() throws Exception {
        Path file = tmp.resolve("secrets.key");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<MasterKey>> keys = new ArrayList<>();
            for (int i = 0; i < 8; i++) keys.add(pool.submit(() -> MasterKey.loadOrCreate(file)));
            HashSet<String> ids = new HashSet<>();
            for (Future<MasterKey> k : keys) ids.add(k.get().id());
            assertThat(ids).hasSize(1);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void a_bad_key_is_refused_naming_where_it_came_from_but_never_its_text() {
        String text = "definitely-not-base64-!!";
        assertThatThrownBy(() -> MasterKey.fromBase64(text, "the setting secrets.key"))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageStartingWith("the setting secrets.key")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(text));
        String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
        assertThatThrownBy(() -> MasterKey.fromBase64(shortKey, "the setting secrets.key"))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("holds 16")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(shortKey));
        String good = Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(MasterKey.fromBase64(" " + good + "\n", "x").id())
                .isEqualTo(MasterKey.fromBase64(good, "y").id());
    }
}
