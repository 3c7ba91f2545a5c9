package dev.coffer.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.db.Database;
import dev.coffer.error.CofferException;
import dev.coffer.testkit.Backend;
import dev.coffer.testkit.TestClock;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Secrets at rest, on every SQL database Coffer supports: sealed per team and name, readable only with their key. */
@ParameterizedClass(name = "[{0}]")
@EnumSource(names = {"SQLITE", "POSTGRES"})
class SecretsContract {
    @TempDir
    Path tmp;

    final TestClock clock = new TestClock();
    Database db;
    MasterKey key;
    Secrets secrets;
    long teamA;
    long teamB;

    @Parameter
    Backend backend;

    @BeforeEach
    void open() throws Exception {
        db = Database.open(backend.newDatabase(tmp), clock);
        key = MasterKey.generate("a test key");
        secrets = new Secrets(db, key);
        teamA = team("a");
        teamB = team("b");
    }

    @AfterEach
    void close() {
        db.close();
    }

    long team(String name) {
        return db.write(h -> h.createQuery("INSERT INTO teams (name, created_at) VALUES (:n, 0) RETURNING id")
                .bind("n", name)
                .mapTo(Long.class)
                .one());
    }

    @Test
    void values_round_trip_from_one_byte_to_64_kib_including_any_unicode() {
        String big = "é".repeat(Secrets.MAX_VALUE_BYTES / 2);
        assertThat(secrets.put(teamA, "big", big).created()).isTrue();
        assertThat(secrets.put(teamA, "one", "x").created()).isTrue();
        assertThat(secrets.put(teamA, "emoji", "pässwörd 🔑 中").created()).isTrue();
        assertThat(secrets.reveal(teamA, "big")).isEqualTo(big);
        assertThat(secrets.reveal(teamA, "one")).isEqualTo("x");
        assertThat(secrets.reveal(teamA, "emoji")).isEqualTo("pässwörd 🔑 中");
        assertThat(secrets.list(teamA)).extracting(Secrets.Info::name).containsExactly("big", "emoji", "one");
        assertThat(secrets.list(teamB)).isEmpty();

        assertThatThrownBy(() -> secrets.put(teamA, "empty", "")).isInstanceOf(CofferException.Invalid.class);
        assertThatThrownBy(() -> secrets.put(teamA, "huge", big + "x"))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("65537 bytes")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("é"));
        assertThat(secrets.list(teamA)).hasSize(3);
    }

    @Test
    void names_are_checked_and_replacing_keeps_the_creation_time() {
        for (String bad : new String[] {"", "a b", "a/b", "ä", "x".repeat(129), "semi;colon"}) {
            assertThatThrownBy(() -> secrets.put(teamA, bad, "v")).as(bad).isInstanceOf(CofferException.Invalid.class);
        }
        assertThat(secrets.put(teamA, "Ok_name-1.2", "v").created()).isTrue();
        assertThat(secrets.put(teamA, "x".repeat(128), "v").created()).isTrue();
        Secrets.Info first = secrets.list(teamA).getFirst();
        clock.advance(Duration.ofSeconds(1));
        Secrets.Stored again = secrets.put(teamA, first.name(), "w");
        assertThat(again.created()).isFalse();
        assertThat(again.info().createdAt()).isEqualTo(first.createdAt());
        assertThat(again.info().updatedAt()).isGreaterThan(first.updatedAt());
        secrets.delete(teamA, first.name());
        assertThatThrownBy(() -> secrets.delete(teamA, first.name())).isInstanceOf(CofferException.NotFound.class);
        assertThatThrownBy(() -> secrets.reveal(teamA, first.name())).isInstanceOf(CofferException.NotFound.class);
    }

    @Test
    void a_ciphertext_moved_to_another_team_or_name_no_longer_decrypts() {
        secrets.put(teamA, "token", "team-a-value");
        secrets.put(teamB, "token", "team-b-value");
        // Copy A's sealed value over B's, then over another name of A: both must refuse to decrypt.
        db.useWrite(h -> h.execute("""
                UPDATE secrets SET nonce = (SELECT nonce FROM secrets WHERE team_id = ? AND name = 'token'),
                                   ciphertext = (SELECT ciphertext FROM secrets WHERE team_id = ? AND name = 'token')
                WHERE team_id = ?""", teamA, teamA, teamB));
        assertThatThrownBy(() -> secrets.reveal(teamB, "token"))
                .isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("moved from another team or name")
                .hasMessageContaining("secrets.key")
                .satisfies(e -> assertThat(e.getMessage())
                        .doesNotContain("team-a-value")
                        .doesNotContain("team-b-value"));
        db.useWrite(h -> h.execute("UPDATE secrets SET name = 'renamed' WHERE team_id = ?", teamA));
        assertThatThrownBy(() -> secrets.reveal(teamA, "renamed")).isInstanceOf(SecretUnreadableException.class);
        // A flipped bit is caught too.
        secrets.put(teamA, "other", "value");
        db.useWrite(h -> {
            byte[] c = h.createQuery("SELECT ciphertext FROM secrets WHERE team_id = :t AND name = 'other'")
                    .bind("t", teamA)
                    .mapTo(byte[].class)
                    .one();
            c[0] ^= 1;
            h.createUpdate("UPDATE secrets SET ciphertext = :c WHERE team_id = :t AND name = 'other'")
                    .bind("c", c)
                    .bind("t", teamA)
                    .execute();
        });
        assertThatThrownBy(() -> secrets.reveal(teamA, "other")).isInstanceOf(SecretUnreadableException.class);
    }

    @Test
    void another_key_is_refused_with_both_key_ids_and_the_setting_to_fix() {
        secrets.put(teamA, "token", "the-value");
        MasterKey other = MasterKey.generate("another test key");
        Secrets elsewhere = new Secrets(db, other);
        assertThat(elsewhere.countSealedWithOtherKeys()).isEqualTo(1);
        assertThat(secrets.countSealedWithOtherKeys()).isZero();
        assertThatThrownBy(() -> elsewhere.reveal(teamA, "token"))
                .isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining(key.id())
                .hasMessageContaining(other.id())
                .hasMessageContaining(MasterKey.SETTING)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("the-value"));
        assertThatThrownBy(() -> elsewhere.put(teamB, "new", "v"))
                .isInstanceOf(CofferException.Conflict.class)
                .hasMessageContaining(other.id())
                .hasMessageContaining(MasterKey.SETTING);
        assertThat(elsewhere.list(teamB)).isEmpty();
        assertThat(secrets.reveal(teamA, "token")).isEqualTo("the-value");
    }
}
