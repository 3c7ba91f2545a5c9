package dev.coffer.server.http;

import dev.coffer.access.Principal;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.team.PrivateWorkspaces;
import dev.coffer.user.Logins;
import dev.coffer.user.Users;
import dev.coffer.wire.UserWire;
import io.javalin.http.Context;

/** Local accounts: operators create, list and delete users; everyone changes their own password. */
final class UserRoutes {
    private final Services s;

    UserRoutes(Services s) {
        this.s = s;
    }

    static void requireOperator(Context ctx, String what) {
        Principal who = Api.principal(ctx);
        if (!who.hasUser() || !who.admin()) throw new CofferException.Forbidden("only server operators " + what);
    }

    void create(Context ctx) {
        requireOperator(ctx, "create users");
        UserWire.CreateUser req = Json.read(ctx, UserWire.CreateUser.class, 8192);
        if (req.name() == null) throw new CofferException.Invalid("field 'name' is required");
        if (req.password() == null)
            throw new CofferException.Invalid("field 'password' is required (at least 10 characters)");
        Users.User u = s.users().create(req.name(), req.password(), Boolean.TRUE.equals(req.admin()));
        Json.send(ctx, 201, describe(u));
    }

    void list(Context ctx) {
        requireOperator(ctx, "list users");
        Json.send(
                ctx,
                200,
                new UserWire.UserList(
                        s.users().list().stream().map(UserRoutes::describe).toList()));
    }

    void delete(Context ctx) {
        requireOperator(ctx, "delete users");
        s.users().delete(VolumeRequest.decode(ctx.pathParam("name")));
        ctx.status(204);
    }

    /** A user changes their own password; their other web sessions end (tokens stay). */
    void changeOwnPassword(Context ctx) {
        Principal who = Api.principal(ctx);
        if (!who.hasUser()) throw new CofferException.Forbidden("a platform token has no password");
        UserWire.PasswordChange req = Json.read(ctx, UserWire.PasswordChange.class, 8192);
        switch (s.logins().changePassword(who.name(), req.current(), req.next())) {
            case Logins.SignedIn in -> {
                s.sessions().endOthers(in.userId(), ctx.attribute(Authentication.SESSION_ID));
                ctx.status(204);
            }
            case Logins.Refused r ->
                throw new CofferException.Forbidden("the current password is not right; nothing was changed");
            case Logins.Locked l -> SessionRoutes.tooManyAttempts(ctx, l);
        }
    }

    private static UserWire.User describe(Users.User u) {
        return new UserWire.User(
                u.name(), u.admin(), u.hasPassword(), PrivateWorkspaces.nameFor(u.name()), u.createdAt());
    }
}
