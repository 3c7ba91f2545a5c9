package dev.coffer.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The records write and read the JSON the API has always had: names, nulls, left-out fields, enum words. */
class WireFormatTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static final List<Class<?>> HOLDERS = List.of(
            SessionWire.class,
            UserWire.class,
            TokenWire.class,
            TeamWire.class,
            MemberWire.class,
            NotebookWire.class,
            SecretWire.class,
            AuditWire.class,
            BillingWire.class,
            JobWire.class,
            DatasetWire.class,
            UsageWire.class,
            AdminWire.class,
            ChunkWire.class,
            FileWire.class);

    @Test
    void enums_travel_as_their_codes_both_ways() throws Exception {
        assertThat(JSON.writeValueAsString(new MemberWire.Member("ann", TeamWire.Role.OWNER)))
                .isEqualTo("{\"user\":\"ann\",\"role\":\"owner\"}");
        assertThat(JSON.writeValueAsString(NotebookWire.NotebookState.RUNNING)).isEqualTo("\"Running\"");
        assertThat(JSON.readValue("\"Stopping\"", NotebookWire.NotebookState.class))
                .isEqualTo(NotebookWire.NotebookState.STOPPING);
        assertThat(NotebookWire.NotebookState.STARTING).hasToString("Starting");
        assertThat(Coded.of(JobWire.JobState.class, "cancelling")).isEqualTo(JobWire.JobState.CANCELLING);
    }

    @Test
    void keyword_fields_keep_their_json_names() throws Exception {
        BillingWire.Plan plan =
                new BillingWire.Plan("pro", "Pro", null, "unlimited", true, "0", false, true, false, true);
        Map<String, Object> json = JSON.readValue(JSON.writeValueAsString(plan), Map.class);
        assertThat(json)
                .containsEntry("default", true)
                .containsEntry("includedBytes", null)
                .doesNotContainKey("isDefault");
        assertThat(JSON.readValue(JSON.writeValueAsString(plan), BillingWire.Plan.class))
                .isEqualTo(plan);

        String change = JSON.writeValueAsString(new UserWire.PasswordChange("old-password", "new-password"));
        assertThat(change).isEqualTo("{\"current\":\"old-password\",\"new\":\"new-password\"}");
        assertThat(JSON.readValue(
                        JSON.writeValueAsString(new DatasetWire.Dataset("cats", null, true, null, 1)), Map.class))
                .containsEntry("public", true)
                .containsEntry("description", null)
                .containsEntry("owner", null);
    }

    @Test
    void optional_fields_are_left_out_when_empty_and_nullable_ones_are_written_as_null() throws Exception {
        String entry = JSON.writeValueAsString(
                new FileWire.FileEntry("data", FileWire.EntryType.FOLDER, 0, 5, null, null, null));
        assertThat(entry).isEqualTo("{\"name\":\"data\",\"type\":\"folder\",\"size\":0,\"mtime\":5}");
        String listing = JSON.writeValueAsString(new FileWire.FileListing("", List.of(), null, null, null));
        assertThat(listing).isEqualTo("{\"path\":\"\",\"entries\":[],\"next\":null}");
        String link = JSON.writeValueAsString(
                new FileWire.FileEntry("l", FileWire.EntryType.SYMLINK, 5, 7, null, null, "a.txt"));
        assertThat(link).isEqualTo("{\"name\":\"l\",\"type\":\"symlink\",\"size\":5,\"mtime\":7,\"target\":\"a.txt\"}");
        String script = JSON.writeValueAsString(
                new FileWire.FileEntry("run.sh", FileWire.EntryType.FILE, 3, 7, "ab", "755", null));
        assertThat(script)
                .isEqualTo(
                        "{\"name\":\"run.sh\",\"type\":\"file\",\"size\":3,\"mtime\":7,\"digest\":\"ab\",\"mode\":\"755\"}");
        String token = JSON.writeValueAsString(new TokenWire.CreatedToken(1, "ci", "secret", null, null));
        assertThat(token).isEqualTo("{\"id\":1,\"name\":\"ci\",\"token\":\"secret\",\"expiresAt\":null}");
        assertThat(JSON.writeValueAsString(new TokenWire.CreateToken("ci", null)))
                .isEqualTo("{\"name\":\"ci\"}");
    }

    @Test
    void a_reader_that_ignores_unknown_fields_and_words_survives_a_newer_server() throws Exception {
        ObjectMapper lenient = new ObjectMapper()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_AS_NULL);
        FileWire.FileEntry e = lenient.readValue(
                "{\"name\":\"l\",\"type\":\"door\",\"size\":1,\"mtime\":2,\"owner\":\"x\"}", FileWire.FileEntry.class);
        assertThat(e.type()).isNull();
        assertThat(e.name()).isEqualTo("l");
    }

    @Test
    void record_names_are_unique_across_the_wire_because_they_name_the_schemas() {
        Map<String, Class<?>> seen = new HashMap<>();
        for (Class<?> holder : HOLDERS) {
            for (Class<?> c : holder.getDeclaredClasses()) {
                Class<?> before = seen.put(c.getSimpleName(), c);
                assertThat(before)
                        .as(c.getSimpleName() + " in " + holder.getSimpleName())
                        .isNull();
                if (c.isEnum()) assertThat(Coded.class).as(c.getName()).isAssignableFrom(c);
            }
        }
        assertThat(seen).hasSizeGreaterThan(60);
    }
}
