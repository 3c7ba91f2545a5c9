package dev.coffer.team;

import static dev.coffer.team.NotebookState.RUNNING;
import static dev.coffer.team.NotebookState.STARTING;
import static dev.coffer.team.NotebookState.STOPPED;
import static dev.coffer.team.NotebookState.STOPPING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.coffer.error.CofferException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The moves between notebook states, as documented in docs/design/identity.md. */
class NotebookStateTest {
    static final Map<NotebookState, Set<NotebookState>> DOCUMENTED = Map.of(
            STOPPED, Set.of(STARTING),
            STARTING, Set.of(RUNNING, STOPPING, STOPPED),
            RUNNING, Set.of(STOPPING, STOPPED),
            STOPPING, Set.of(STOPPED));

    @Test
    void every_move_is_allowed_or_refused_as_documented() {
        for (NotebookState from : NotebookState.values()) {
            for (NotebookState to : NotebookState.values()) {
                boolean legal = from == to || DOCUMENTED.get(from).contains(to);
                if (legal) {
                    from.requireMoveTo(to, "lab");
                } else {
                    assertThatThrownBy(() -> from.requireMoveTo(to, "lab"))
                            .as(from + " -> " + to)
                            .isInstanceOf(CofferException.Conflict.class)
                            .hasMessageContaining("is " + from.code)
                            .hasMessageContaining("not to " + to.code)
                            .satisfies(e -> assertThat(((CofferException) e).details())
                                    .containsEntry("state", from.code)
                                    .containsEntry("allowed", from.nextCodes()));
                }
            }
        }
    }

    @Test
    void running_is_reached_only_through_starting() {
        for (NotebookState from : NotebookState.values()) {
            assertThat(from.next().contains(RUNNING)).as(from.code).isEqualTo(from == STARTING);
        }
        assertThat(STOPPED.nextCodes()).isEqualTo(List.of("Starting"));
    }

    @Test
    void unknown_states_are_invalid_and_name_the_known_ones() {
        assertThatThrownBy(() -> NotebookState.of("Paused"))
                .isInstanceOf(CofferException.Invalid.class)
                .hasMessageContaining("Stopped, Starting, Running, Stopping");
        assertThatThrownBy(() -> NotebookState.of(null)).isInstanceOf(CofferException.Invalid.class);
        assertThatThrownBy(() -> NotebookState.of("running")).isInstanceOf(CofferException.Invalid.class);
    }
}
