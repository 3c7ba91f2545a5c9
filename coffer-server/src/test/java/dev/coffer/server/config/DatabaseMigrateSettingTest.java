package dev.coffer.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.db.Migration;
import dev.coffer.error.CofferException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code database.migrate}: auto unless set, manual from the environment or the config file, nothing else. */
class DatabaseMigrateSettingTest {
    @TempDir
    Path data;

    CofferConfig load(Map<String, String> env) {
        return CofferConfig.load(null, env, Map.of("data", data.toString()));
    }

    @Test
    void servers_migrate_by_themselves_unless_told_otherwise() throws Exception {
        assertThat(load(Map.of()).migration()).isEqualTo(Migration.AUTO);
        assertThat(load(Map.of("COFFER_DATABASE_MIGRATE", "manual")).migration())
                .isEqualTo(Migration.MANUAL);
        assertThat(load(Map.of("COFFER_DATABASE_MIGRATE", " Auto ")).migration())
                .isEqualTo(Migration.AUTO);
        Files.writeString(data.resolve("coffer.yaml"), "database:\n  migrate: manual\n");
        assertThat(load(Map.of()).migration())
                .as("the config file's nested key")
                .isEqualTo(Migration.MANUAL);
        assertThat(load(Map.of("COFFER_DATABASE_MIGRATE", "auto")).migration())
                .as("the environment wins over the file")
                .isEqualTo(Migration.AUTO);
    }

    @Test
    void any_other_value_is_refused_naming_the_key_and_the_values_allowed() {
        assertThatThrownBy(() -> load(Map.of("COFFER_DATABASE_MIGRATE", "never")))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessage(
                        "database.migrate (COFFER_DATABASE_MIGRATE) is 'auto' (the default) or 'manual', not 'never'");
    }
}
