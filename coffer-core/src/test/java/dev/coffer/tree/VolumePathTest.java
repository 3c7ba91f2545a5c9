package dev.coffer.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.CofferException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

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
    @ValueSource(strings = {"a/../b", "..", "./a", "a//b", "a/\u0000b", "tab\there", "bell\u0007", "del\u007f", "bad\uFFFDutf8", "lone\uD800surrogate"})
    void bad_paths_are_refused(String bad) {
        assertThatThrownBy(() -> VolumePath.parse(bad)).isInstanceOf(CofferException.Invalid.class);
    }

    @Test
    void names_over_255_bytes_and_paths_over_4096_bytes_are_refused() {
        String name255 = "é".repeat(127) + "a";
        assertThat(VolumePath.parse(name255).names()).hasSize(1);
        assertThatThrownBy(() -> VolumePath.parse("é".repeat(128))).hasMessageContaining("255");
        String deep = String.join("/", java.util.Collections.nCopies(2100, "ab"));
        assertThatThrownBy(() -> VolumePath.parse(deep)).hasMessageContaining("4096");
    }

    @Test
    void within_and_parent() {
        VolumePath a = VolumePath.parse("x/y");
        assertThat(VolumePath.parse("x/y/z").isWithin(a)).isTrue();
        assertThat(VolumePath.parse("x/yz").isWithin(a)).isFalse();
        assertThat(a.parent().names()).isEqualTo(List.of("x"));
    }
}
