package dev.coffer.server.http;

import dev.coffer.access.Role;
import dev.coffer.access.TeamAction;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.team.Members;
import dev.coffer.team.Teams;
import dev.coffer.wire.MemberWire;
import io.javalin.http.Context;

/** A team's members and their roles. */
final class MemberRoutes {
    private final Services s;

    MemberRoutes(Services s) {
        this.s = s;
    }

    void list(Context ctx) {
        Json.send(ctx, 200, list(TeamRoutes.team(s, ctx, TeamAction.VIEW)));
    }

    MemberWire.MemberList list(Teams.Team team) {
        return new MemberWire.MemberList(
                s.members().list(team.id()).stream().map(MemberRoutes::json).toList());
    }

    void add(Context ctx) {
        Teams.Team team = TeamRoutes.team(s, ctx, TeamAction.MANAGE_MEMBERS);
        MemberWire.AddMember req = Json.read(ctx, MemberWire.AddMember.class, 4096);
        if (req.user() == null) throw new CofferException.Invalid("field 'user' is required");
        Role role = req.role() == null ? Role.MEMBER : Role.of(req.role());
        Members.Member m = s.members().add(team.id(), req.user(), role, TeamRoutes.role(s, ctx, team));
        Json.send(ctx, 201, json(m));
    }

    void setRole(Context ctx) {
        Teams.Team team = TeamRoutes.team(s, ctx, TeamAction.MANAGE_MEMBERS);
        MemberWire.RoleChange req = Json.read(ctx, MemberWire.RoleChange.class, 4096);
        Members.Member m = s.members()
                .setRole(
                        team.id(),
                        VolumeRequest.decodeName(ctx.pathParam("user")),
                        Role.of(req.role()),
                        TeamRoutes.role(s, ctx, team));
        Json.send(ctx, 200, json(m));
    }

    /** Admins remove members; anyone may remove themselves (leave), except the last owner. */
    void remove(Context ctx) {
        String user = VolumeRequest.decodeName(ctx.pathParam("user"));
        boolean self = user.equals(Api.principal(ctx).name());
        Teams.Team team = TeamRoutes.team(s, ctx, self ? TeamAction.VIEW : TeamAction.MANAGE_MEMBERS);
        s.members().remove(team.id(), user, TeamRoutes.role(s, ctx, team), self);
        ctx.status(204);
    }

    static MemberWire.Member json(Members.Member m) {
        return new MemberWire.Member(m.user(), TeamRoutes.role(m.role()));
    }
}
