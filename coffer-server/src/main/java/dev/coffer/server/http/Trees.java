package dev.coffer.server.http;

import dev.coffer.access.Action;
import dev.coffer.access.Principal;
import dev.coffer.access.TeamAction;
import dev.coffer.dataset.Version;
import dev.coffer.dataset.VersionFileTree;
import dev.coffer.error.CofferException;
import dev.coffer.server.Services;
import dev.coffer.team.Teams;
import dev.coffer.tree.FileTree;
import dev.coffer.tree.VolumeFileTree;
import dev.coffer.volume.Volume;
import io.javalin.http.Context;

/**
 * Opens the tree a request names, after the authorizer allowed {@code action} on it. Another
 * team's tree, or one that does not exist, is "not found" alike.
 */
final class Trees {
    private final Services s;

    Trees(Services s) {
        this.s = s;
    }

    FileTree open(Context ctx, TreeRef ref, Action action) {
        Principal who = Api.principal(ctx);
        return ref.isVolume() ? volumeTree(who, ref, action) : versionTree(who, ref, action);
    }

    /** The volume a reference names, checked for {@code action} (also used by the usage view). */
    Volume volume(Principal who, TreeRef ref, Action action) {
        Teams.Team team = s.teams().team(ref.team());
        AuditTrail.knownTeam(team.name(), team.id());
        s.authorizer().checkTeam(who, team.id(), team.name(), TeamAction.VIEW);
        Volume v = ref.kind().equals(TreeRef.STORAGE)
                ? s.teams().storage(team.id(), ref.name())
                : s.teams().notebookVolume(team.id(), ref.name());
        s.authorizer().check(who, v, action);
        return v;
    }

    private FileTree volumeTree(Principal who, TreeRef ref, Action action) {
        return new VolumeFileTree(s.tree(), s.content(), volume(who, ref, action), ref.label());
    }

    private FileTree versionTree(Principal who, TreeRef ref, Action action) {
        Long teamId = null;
        if (ref.team() != null) {
            try {
                teamId = s.teams().team(ref.team()).id();
            } catch (CofferException.NotFound e) {
                throw new CofferException.NotFound("no such dataset");
            }
        }
        s.authorizer().checkDataset(who, teamId, action);
        Version version = s.datasets().datasets().resolve(teamId, ref.name());
        return new VersionFileTree(s.datasets().drafts(), s.datasets().reader(), version, teamId);
    }
}
