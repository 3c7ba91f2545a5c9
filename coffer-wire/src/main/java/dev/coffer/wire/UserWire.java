package dev.coffer.wire;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Local accounts. */
public final class UserWire {
    private UserWire() {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CreateUser(String name, String password, Boolean admin) {}

    /** A user changes their own password ({@code new} is a Java keyword). */
    public record PasswordChange(
            String current, @JsonProperty("new") String next) {}

    /** {@code createdAt}: epoch milliseconds; {@code privateWorkspace}: the name of their own team. */
    public record User(String name, boolean admin, boolean hasPassword, String privateWorkspace, long createdAt) {}

    public record UserList(List<User> users) {}
}
