package dev.coffer.wire;

import java.util.List;

/** Teams and clusters. */
public final class TeamWire {
    private TeamWire() {}

    /** A member's role in a team, most powerful first. */
    public enum Role implements Coded {
        OWNER,
        ADMIN,
        MEMBER,
        VIEWER;

        @Override
        public String toString() {
            return code();
        }
    }

    public record CreateTeam(String name) {}

    /** A team and the caller's role in it ({@code null} for an operator who is not a member). */
    public record TeamSummary(String name, @Nullable Role role) {}

    public record TeamList(List<TeamSummary> teams) {}

    /** A team with its members and notebooks. */
    public record Team(
            String name, Role role, List<MemberWire.Member> members, List<NotebookWire.Notebook> notebooks) {}

    public record CreateCluster(String name) {}

    public record Cluster(String name) {}

    public record ClusterList(List<Cluster> clusters) {}
}
