package dev.coffer.cli.mount;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The settings file: what is mounted, and each documented mistake reported at its line with what to write. */
class SettingsFileTest {
    static final String F = ".coffer/settings.yaml";

    /** The source page's own example, as it is printed there (a made-up version id, region and endpoint both set). */
    static final String SOURCE_PAGE_EXAMPLE = """
            integrations:
              quarterly-reports: # mounts in /datasets/quarterly-reports
                type: dataset # denotes a paperspace dataset
                id: dataset-id # a paperspace dataset id
                version: verion-id # a paperspace version id
              my-bucket-data: # mounts in /datasets/my-bucket-data
                type: s3 # an s3 bucket
                url: s3://my-bucket/my-data # your s3 bucket url
                accessKeyId: AK123 # your s3 access key id
                secretAccessKey: secret:my-bucket-secret-key # a paperspace secret with your s3 secret key
                region: "us-west-1" # the aws region your bucket is in, if not in aws set "endpoint"
                endpoint: "https://my-bucket-host.com" # a custom bucket host, do not set region if set
            """;

    @Test
    void the_source_pages_example_is_accepted_with_a_warning_for_region_and_endpoint() {
        Settings s = SettingsFile.parse(F, SOURCE_PAGE_EXAMPLE);
        assertThat(s.hasErrors()).isFalse();
        assertThat(s.integrations())
                .containsExactly(
                        new Settings.DatasetMount("quarterly-reports", 2, "dataset-id", "verion-id"),
                        new Settings.BucketMount(
                                "my-bucket-data",
                                6,
                                "s3://my-bucket/my-data",
                                "AK123",
                                "my-bucket-secret-key",
                                null,
                                "https://my-bucket-host.com"));
        assertThat(s.findings()).hasSize(1);
        assertThat(s.findings().getFirst().toString())
                .isEqualTo(
                        F
                                + ":11: warning: mount 'my-bucket-data' sets both region and endpoint; endpoint wins, so remove 'region'");
    }

    @Test
    void a_dataset_at_latest_and_one_pinned_by_number_or_tag() {
        Settings s = SettingsFile.parse(F, """
                integrations:
                  latest-reports:
                    type: dataset
                    id: reports
                  first-reports:
                    type: dataset
                    id: reports
                    version: 1
                  clean:
                    type: dataset
                    id: reports
                    version: clean
                """);
        assertThat(s.findings()).isEmpty();
        assertThat(s.integrations())
                .extracting(i -> ((Settings.DatasetMount) i).ref())
                .containsExactly("reports", "reports:1", "reports:clean");
    }

    @Test
    void an_empty_file_or_no_integrations_mounts_nothing_and_says_nothing() {
        assertThat(SettingsFile.parse(F, "")).isEqualTo(Settings.EMPTY);
        assertThat(SettingsFile.parse(F, "integrations:\n")).isEqualTo(Settings.EMPTY);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            unknown type        | integrations:\\n  a:\\n    type: ftp\\n    id: x                         | 3 | unknown type 'ftp' for mount 'a': write 'type: dataset' or 'type: s3'
            missing type        | integrations:\\n  a:\\n    id: x                                      | 2 | mount 'a' has no type: add 'type: dataset'
            missing id          | integrations:\\n  a:\\n    type: dataset                              | 2 | mount 'a' needs 'id: DATASET'
            unsafe name         | integrations:\\n  ../etc:\\n    type: dataset\\n    id: x               | 2 | mount name '../etc' is not a safe folder name
            name with a space   | integrations:\\n  my data:\\n    type: dataset\\n    id: x             | 2 | e.g. 'my-data'
            bad version         | integrations:\\n  a:\\n    type: dataset\\n    id: x\\n    version: 0  | 5 | 'version: 0' must be 1 or more
            bad tag             | integrations:\\n  a:\\n    type: dataset\\n    id: x\\n    version: a:b | 5 | is neither a version number nor a tag
            literal secret      | integrations:\\n  b:\\n    type: s3\\n    url: s3://bkt/p\\n    accessKeyId: K\\n    secretAccessKey: abc123\\n    region: r | 6 | must name a team secret, as 'secretAccessKey: secret:NAME'
            no region           | integrations:\\n  b:\\n    type: s3\\n    url: s3://bkt/p\\n    accessKeyId: K\\n    secretAccessKey: secret:k | 2 | needs 'region: REGION' (AWS) or 'endpoint: https://HOST'
            bad url             | integrations:\\n  b:\\n    type: s3\\n    url: http://bkt\\n    accessKeyId: K\\n    secretAccessKey: secret:k\\n    region: r | 4 | is not a bucket URL; write 's3://BUCKET' or 's3://BUCKET/PREFIX'
            twice               | integrations:\\n  a:\\n    type: dataset\\n    id: x\\n  a:\\n    type: dataset\\n    id: y | 5 | mount name 'a' is used twice (first on line 2)
            not yaml            | integrations:\\n  a:\\n    type: dataset\\n   id: [x                | 4 | this is not valid YAML
            not a mapping       | - a\\n- b                                                            | 1 | the file must be a mapping with 'integrations:' at the top
            """)
    void each_mistake_is_reported_at_its_line_with_what_to_write(String what, String yaml, int line, String message) {
        Settings s = SettingsFile.parse(F, yaml.replace("\\n", "\n"));
        assertThat(s.hasErrors()).as(what).isTrue();
        assertThat(s.findings()).as(what).anySatisfy(f -> {
            assertThat(f.warning()).isFalse();
            assertThat(f.line()).isEqualTo(line);
            assertThat(f.message()).contains(message);
            assertThat(f.toString()).startsWith(F + ":" + line + ": error: ");
        });
        assertThat(s.integrations()).as(what).isEmpty();
    }

    @Test
    void a_mistake_in_one_entry_leaves_the_others_mounted() {
        Settings s = SettingsFile.parse(F, """
                integrations:
                  good:
                    type: dataset
                    id: reports
                  broken:
                    type: datset
                    id: reports
                  also-good:
                    type: dataset
                    id: other
                    colour: blue
                """);
        assertThat(s.integrations()).extracting(Settings.Integration::name).containsExactly("good", "also-good");
        assertThat(s.findings())
                .extracting(Settings.Finding::toString)
                .containsExactly(
                        F + ":6: error: unknown type 'datset' for mount 'broken': write 'type: dataset' or 'type: s3'",
                        F
                                + ":11: warning: unknown field 'colour' of mount 'also-good' is ignored; a dataset mount takes type, id and version");
        assertThat(List.of(s.hasErrors())).containsExactly(true);
    }
}
