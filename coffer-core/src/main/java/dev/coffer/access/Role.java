package dev.coffer.access;

import dev.coffer.error.CofferException;
import java.util.Arrays;
import java.util.Locale;

/**
 * A member's role in a team, from most to least powerful. What each may do is decided by
 * {@link Authorizer} and listed in docs/user-guide.md ("Roles"):
 *
 * <ul>
 *   <li>{@code owner}: everything in the team, including managing owners and deleting the team;
 *   <li>{@code admin}: everything but touching owners: members and roles, secrets, deleting
 *       notebooks, whole volumes and dataset versions, reporting notebook states, revoking any
 *       notebook token, reading the audit log;
 *   <li>{@code member}: reads and writes files and datasets, creates notebooks and notebook tokens;
 *   <li>{@code viewer}: lists and reads only.
 * </ul>
 */
public enum Role {
    OWNER,
    ADMIN,
    MEMBER,
    VIEWER;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when this role is at least as powerful as {@code other}. */
    public boolean atLeast(Role other) {
        return ordinal() <= other.ordinal();
    }

    public static Role of(String code) {
        if (code != null) {
            for (Role r : values()) if (r.code().equals(code)) return r;
        }
        throw new CofferException.Invalid("role must be one of "
                + String.join(", ", Arrays.stream(values()).map(Role::code).toList()) + "; got '" + code + "'");
    }
}
