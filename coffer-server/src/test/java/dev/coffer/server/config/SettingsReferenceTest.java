package dev.coffer.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The operator guide's settings table and the settings the server reads are the same list: a
 * setting added to {@link CofferConfig#KEYS} without a row (or a row left for a setting that is
 * gone, or a wrong environment variable) fails here.
 */
class SettingsReferenceTest {
    private static final Pattern ROW = Pattern.compile("(?m)^\\| `([A-Za-z0-9.]+)` \\| `(COFFER_[A-Z0-9_]+)` \\|");

    @Test
    void every_setting_has_one_row_in_the_operator_guide_with_its_environment_variable() throws Exception {
        String guide = Files.readString(Path.of("..", "docs", "operations.md"));
        String table = guide.substring(guide.indexOf("## Settings"));
        table = table.substring(0, table.indexOf("\n## ", 1));
        Map<String, String> documented = new LinkedHashMap<>();
        Matcher m = ROW.matcher(table);
        while (m.find()) {
            assertThat(documented.put(m.group(1), m.group(2)))
                    .as("documented twice: " + m.group(1))
                    .isNull();
        }
        assertThat(documented).as("docs/operations.md, section Settings").isEqualTo(CofferConfig.KEYS);
    }
}
