package dev.plumbline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code plumbline} command line; each subcommand wires the objects it needs. */
@Command(
        name = "plumbline",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Terraform/OpenTofu GitOps controller: Git is the source of truth; drift is detected and healed.",
        subcommands = {CommandLine.HelpCommand.class, DoctorCommand.class, WorkspaceCommands.Reconcile.class,
                WorkspaceCommands.Drift.class, WorkspaceCommands.Plan.class, RunCommands.Approve.class,
                RunCommands.Apply.class, RunCommands.Runs.class, RunCommands.Show.class, ServeCommand.class, AffectedCommand.class, DemoCommand.class, InspectCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("plumbline: " + ex.getMessage());
            return 1;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"plumbline " + (v == null ? "dev" : v)};
        }
    }
}
