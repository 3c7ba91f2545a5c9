package dev.coffer.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.CofferException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VolumePathTest {
    @Test
    void names_are_normalised_to_nfc() {
        String nfd = "cafe\u0301/re\u0301sume\u0301.txt";
        VolumePath p = VolumePath.parse(nfd);
        assertThat(p.names()).containsExactly("caf\u00e9", "r\u00e9sum\u00e9.txt");
    }

    @Test
    void leading_and_trailing_slashes_are_ignored_and_empty_is_root() {
        assertThat(VolumePath.parse("/a/b/").names()).containsExactly("a", "b");
        assertThat(VolumePath.parse("").isRoot()).isTrue();
        assertThat(VolumePath.parse("/").isRoot()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a/../b",
                "..",
                "./a",
                "a//b",
                "a/\u0000b",
                "tab\there",
                "bell\u0007",
                "del\u007f",
                "bad\uFFFDutf8",
                "lone\uD800surrogate"
            })
    void bad_paths_are_refused(String bad) {
        assertThatThrownBy(() -> VolumePath.parse(bad)).isInstanceOf(CofferException.Invalid.class);
    }

    @Test
    void names_over_255_bytes_and_paths_over_4096_bytes_are_refused() {
        String name255 = "é".repeat(127) + "a";
        assertThat(VolumePath.parse(name255).names()).hasSize(1);
        assertThatThrownBy(() -> VolumePath.parse("é".repeat(128))).hasMessageContaining("255");
        String deep = String.join("/", Collections.nCopies(2100, "ab"));
        assertThatThrownBy(() -> VolumePath.parse(deep)).hasMessageContaining("4096");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "a\\b",
                "c1\u0085x",
                "c1\u009b",
                "rtl\u202Etxt.exe",
                "isolate\u2066x",
                "zw\u200Bspace",
                "joiner\u200D",
                "bom\uFEFF",
                "tag\uDB40\uDC01"
            })
    void backslashes_c1_controls_and_format_characters_are_refused_by_their_code_point(String bad) {
        int cp =
                bad.codePoints().filter(c -> c == '\\' || c >= 0x80).findFirst().orElseThrow();
        assertThatThrownBy(() -> VolumePath.parse("folder/" + bad))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining(String.format("U+%04X", cp));
        assertThatThrownBy(() -> VolumePath.ROOT.child(bad)).isInstanceOf(CofferException.Invalid.class);
    }

    @Test
    void visible_non_ascii_names_stay_allowed() {
        assertThat(VolumePath.parse("données/日本語/emoji-\uD83D\uDE00/ß").names()).hasSize(4);
    }

    @Test
    void children_and_moved_folders_keep_the_length_limit() {
        VolumePath deep = VolumePath.parse(String.join("/", Collections.nCopies(1000, "abc")));
        assertThat(deep.byteLength()).isEqualTo(4000);
        assertThatThrownBy(() -> deep.child("n".repeat(100))).hasMessageContaining("4096");
        VolumePath.checkFits(VolumePath.parse("short"), 4000);
        assertThatThrownBy(() -> VolumePath.checkFits(deep, 200)).hasMessageContaining("4200 bytes");
    }

    @Test
    void within_and_parent() {
        VolumePath a = VolumePath.parse("x/y");
        assertThat(VolumePath.parse("x/y/z").isWithin(a)).isTrue();
        assertThat(VolumePath.parse("x/yz").isWithin(a)).isFalse();
        assertThat(a.parent().names()).isEqualTo(List.of("x"));
    }
}
