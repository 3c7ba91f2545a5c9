package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.wire.MemberWire;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "members",
        description = "The current team's members and their roles (owner, admin, member, viewer).",
        subcommands = {
            MembersCommand.List.class,
            MembersCommand.Add.class,
            MembersCommand.SetRole.class,
            MembersCommand.Remove.class
        })
final class MembersCommand {
    static String base(ClientCommand c) {
        return "/api/v1/teams/" + ApiClient.encodeName(c.team()) + "/members";
    }

    @Command(name = "ls", description = "List the team's members.")
    static final class List extends ClientCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            MemberWire.MemberList r = api().get(base(this), MemberWire.MemberList.class);
            if (json) printJson(r);
            else for (MemberWire.Member m : r.members()) System.out.printf("%-32s %s%n", m.user(), m.role());
            return 0;
        }
    }

    @Command(name = "add", description = "Add a user to the team (admins; only owners add owners).")
    static final class Add extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "USER")
        String user;

        @Option(
                names = "--role",
                defaultValue = "member",
                description = "owner, admin, member or viewer (default: ${DEFAULT-VALUE}).")
        String role;

        @Override
        public Integer call() {
            MemberWire.Member m = api().post(base(this), new MemberWire.AddMember(user, role), MemberWire.Member.class);
            if (json) printJson(m);
            else System.out.println("added " + m.user() + " as " + m.role());
            return 0;
        }
    }

    @Command(name = "role", description = "Change a member's role.")
    static final class SetRole extends ClientCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Parameters(index = "1", paramLabel = "ROLE")
        String role;

        @Override
        public Integer call() {
            MemberWire.Member m = api().put(
                            base(this) + "/" + ApiClient.encodeName(user),
                            new MemberWire.RoleChange(role),
                            MemberWire.Member.class);
            if (json) printJson(m);
            else System.out.println(m.user() + " is now " + m.role());
            return 0;
        }
    }

    @Command(
            name = "rm",
            description = "Remove a member (their tokens lose access at once); your own name leaves the team.")
    static final class Remove extends ClientCommand implements Callable<Integer> {
        @Parameters(paramLabel = "USER")
        String user;

        @Override
        public Integer call() {
            api().delete(base(this) + "/" + ApiClient.encodeName(user));
            if (json) printJson(Map.of("removed", user));
            else System.out.println("removed " + user);
            return 0;
        }
    }
}
