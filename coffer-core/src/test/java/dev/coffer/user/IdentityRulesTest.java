package dev.coffer.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.CofferException;
import dev.coffer.team.PrivateWorkspaces;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The rules that need no database: names, password checks and hashes, delays. */
class IdentityRulesTest {
    @Test
    void user_names_are_short_lower_case_and_safe() {
        for (String ok : new String[] {"a", "ada.lovelace", "x_1-2", "0day", "a".repeat(64)})
            assertThat(Users.checkName(ok)).isEqualTo(ok);
        for (String bad : new String[] {"", "A", "-a", ".a", "_a", "a b", "~a", "a/b", "é", "a".repeat(65)}) {
            assertThatThrownBy(() -> Users.checkName(bad)).as(bad).isInstanceOf(CofferException.Invalid.class);
        }
    }

    @Test
    void ordinary_team_names_cannot_take_the_private_workspace_form() {
        assertThat(PrivateWorkspaces.nameFor("ada")).isEqualTo("~ada");
        assertThatThrownBy(() -> PrivateWorkspaces.refuseReservedName("~ada"))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("reserved for Private Workspaces");
        PrivateWorkspaces.refuseReservedName("research");
        PrivateWorkspaces.refuseReservedName("ada-private");
    }

    @Test
    void passwords_are_checked_and_hashed_with_argon2id_and_a_fresh_salt() {
        assertThatThrownBy(() -> Passwords.checkAcceptable("123456789")).hasMessageContaining("at least 10 characters");
        assertThatThrownBy(() -> Passwords.checkAcceptable("x".repeat(1025))).hasMessageContaining("too long");
        Passwords.checkAcceptable("1234567890");
        String a = Passwords.hash("correct horse battery");
        String b = Passwords.hash("correct horse battery");
        assertThat(a).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").isNotEqualTo(b);
        assertThat(Passwords.matches("correct horse battery", a)).isTrue();
        assertThat(Passwords.matches("correct horse batterY", a)).isFalse();
        assertThat(Passwords.matches("correct horse battery", null)).isFalse();
    }

    @Test
    void the_delay_after_failures_doubles_up_to_one_second() {
        LoginPolicy p = LoginPolicy.DEFAULT;
        assertThat(p.delayAfter(0)).isZero();
        assertThat(p.delayAfter(1)).isEqualTo(Duration.ofMillis(250));
        assertThat(p.delayAfter(2)).isEqualTo(Duration.ofMillis(500));
        assertThat(p.delayAfter(3)).isEqualTo(Duration.ofSeconds(1));
        assertThat(p.delayAfter(40)).isEqualTo(Duration.ofSeconds(1));
    }
}
