package dev.coffer.cli.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.cli.client.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Remote names become local paths only inside the destination folder. */
class LocalDestinationTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "..",
                "../x",
                "a/../../x",
                "a/..",
                ".",
                "./x",
                "/etc/passwd",
                "",
                "a//b",
                "a/",
                "a\\..\\..\\x",
                "nul\u0000.txt"
            })
    void hostile_names_are_refused(String name) throws Exception {
        Path dest = Files.createDirectories(tmp.resolve("dest"));
        LocalDestination d = LocalDestination.of(dest);
        assertThatThrownBy(() -> d.resolve(name))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("refused to write the remote name");
    }

    @Test
    void ordinary_names_stay_inside_even_deep_or_unusual() throws Exception {
        Path dest = Files.createDirectories(tmp.resolve("dest"));
        LocalDestination d = LocalDestination.of(dest);
        assertThat(d.resolve("a/b/c.txt")).isEqualTo(dest.toAbsolutePath().resolve("a/b/c.txt"));
        assertThat(d.resolve("..hidden/...")).isEqualTo(dest.toAbsolutePath().resolve("..hidden/..."));
        assertThat(d.resolve("日本語 file.txt")).isEqualTo(dest.toAbsolutePath().resolve("日本語 file.txt"));
    }

    @Test
    void a_symbolic_link_that_leads_out_is_refused_and_one_that_stays_inside_is_followed() throws Exception {
        Path dest = Files.createDirectories(tmp.resolve("dest"));
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.createDirectories(dest.resolve("real/sub"));
        Files.createSymbolicLink(dest.resolve("out"), outside);
        Files.createSymbolicLink(dest.resolve("in"), dest.resolve("real"));
        Files.createSymbolicLink(dest.resolve("dangling"), tmp.resolve("nothing-here"));
        Files.writeString(dest.resolve("plain.txt"), "x");
        LocalDestination d = LocalDestination.of(dest);

        assertThatThrownBy(() -> d.resolve("out/x.txt")).hasMessageContaining("leads out of");
        assertThatThrownBy(() -> d.resolve("out/deeper/x.txt")).hasMessageContaining("leads out of");
        assertThatThrownBy(() -> d.resolve("dangling/x.txt")).hasMessageContaining("leads nowhere");
        assertThatThrownBy(() -> d.resolve("plain.txt/x.txt")).hasMessageContaining("is a file");
        assertThat(d.resolve("in/sub/x.txt")).isEqualTo(dest.toAbsolutePath().resolve("in/sub/x.txt"));
        assertThat(outside).isEmptyDirectory();
    }

    @Test
    void a_destination_reached_through_a_link_is_fine() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("real-dest"));
        Path link = Files.createSymbolicLink(tmp.resolve("dest-link"), real);
        LocalDestination d = LocalDestination.of(link);
        assertThat(d.resolve("a/b.txt")).isEqualTo(link.toAbsolutePath().resolve("a/b.txt"));
        Files.createDirectories(link.resolve("a"));
        assertThat(d.resolve("a/c.txt")).isEqualTo(link.toAbsolutePath().resolve("a/c.txt"));
    }
}
