package dev.plumbline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code plumbline} command line; each subcommand wires the objects it needs. */
@Command(
        name = "plumbline",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Terraform/OpenTofu GitOps controller: Git is the source of truth; drift is detected and healed.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:an error (the message says what and why)",
                "2:drift found (drift only)", "64:a usage error: an unknown option, a missing or bad argument"},
        subcommands = {CommandLine.HelpCommand.class, DoctorCommand.class, WorkspaceCommands.Reconcile.class,
                WorkspaceCommands.Drift.class, WorkspaceCommands.Plan.class, RunCommands.Approve.class,
                RunCommands.Apply.class, RunCommands.Runs.class, RunCommands.Show.class, NotificationsCommand.class,
                ServeCommand.class, AffectedCommand.class, DemoCommand.class, InspectCommand.class,
                StoreCommands.class, CancelCommand.class, QueueCommand.class, PolicyCommand.class,
                EventCommands.Owner.class, EventCommands.Events.class, TokenCommands.class, ConsoleCommand.class})
public final class Main {
    /** The exit codes of every command; a usage error never shares a code with a result such as drift found. */
    static final int OK = 0;
    static final int ERROR = 1;
    static final int DRIFT = 2;
    /** sysexits.h EX_USAGE. */
    static final int USAGE = 64;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler(new CommandErrors());
        cli.setParameterExceptionHandler(new UsageErrors());
        cli.setExecutionStrategy(Main::runReportingErrors);
        setUsageExitCode(cli);
        return cli;
    }

    /**
     * Picocli hands exceptions to the execution exception handler but lets an {@link Error} through to the JVM,
     * which prints its stack trace: running out of heap on a large plan must end like any other failure.
     */
    private static int runReportingErrors(CommandLine.ParseResult parsed) {
        try {
            return new CommandLine.RunLast().execute(parsed);
        } catch (Error e) {
            CommandLine.ParseResult last = parsed;
            while (last.hasSubcommand()) {
                last = last.subcommand();
            }
            throw new CommandLine.ExecutionException(last.commandSpec().commandLine(), "the command failed", e);
        }
    }

    /** Also for the codes picocli returns itself (help of an unknown command). */
    private static void setUsageExitCode(CommandLine cli) {
        cli.getCommandSpec().exitCodeOnInvalidInput(USAGE);
        cli.getSubcommands().values().forEach(Main::setUsageExitCode);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"plumbline " + (v == null ? "dev" : v)};
        }
    }
}
