package dev.coffer.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** A team's members and their roles. Requests carry roles as words, so a wrong one is told clearly. */
public final class MemberWire {
    private MemberWire() {}

    /** {@code role}: owner, admin, member (the default) or viewer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AddMember(String user, String role) {}

    public record RoleChange(String role) {}

    public record Member(String user, TeamWire.Role role) {}

    public record MemberList(List<Member> members) {}
}
