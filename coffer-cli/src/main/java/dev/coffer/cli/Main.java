package dev.coffer.cli;

import dev.coffer.cli.client.ApiClient;
import dev.coffer.cli.client.CliException;
import dev.coffer.error.CofferException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code coffer} program: {@code coffer serve} runs the server; every other command is a client. */
@Command(
        name = "coffer",
        mixinStandardHelpOptions = true,
        version = "coffer 0.1.0",
        description = "Storage and datasets for team notebooks.",
        subcommands = {
            ServeCommand.class,
            LoginCommand.class,
            LsCommand.class,
            CpCommand.class,
            MvCommand.class,
            RmCommand.class,
            MkdirCommand.class,
            CatCommand.class,
            NotebooksCommand.class,
            TeamsCommand.class,
            MembersCommand.class,
            ClustersCommand.class,
            AdminCommand.class,
            TokensCommand.class,
            UsersCommand.class,
            PasswdCommand.class,
            SecretsCommand.class,
            SourcesCommand.class,
            AuditCommand.class,
            PlansCommand.class,
            BillCommand.class,
            UsageCommand.class,
            StorageCommand.class,
            ImportCommand.class,
            JobsCommand.class,
            DatasetsCommand.class,
            MountCommand.class,
            UnmountCommand.class,
            SettingsCommand.class
        })
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String message;
            int code;
            switch (e) {
                case CliException ce -> {
                    message = ce.getMessage();
                    code = ce.exitCode();
                }
                case ApiClient.ProblemException pe -> {
                    message = pe.getMessage();
                    code = CliException.exitCodeFor(pe.status());
                }
                case CofferException ce -> {
                    message = ce.getMessage();
                    code = 2;
                }
                case NoSuchFileException nf -> {
                    message = "no such file: " + nf.getFile();
                    code = 4;
                }
                case IOException io -> {
                    message = io.getMessage();
                    code = 1;
                }
                default -> throw e;
            }
            cmd.getErr().println("coffer: " + message);
            return code;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
