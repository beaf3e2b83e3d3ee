package dev.plumbline.cli;

import dev.plumbline.config.ConfigException;
import dev.plumbline.config.DaemonConfig;
import dev.plumbline.config.StoreConfig;
import dev.plumbline.store.Database;
import dev.plumbline.store.StoreCopy;
import dev.plumbline.store.StoreException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** store: commands about the store itself. */
@Command(name = "store", description = "Work on the store itself: copy it to a PostgreSQL server (migrate-to).",
        subcommands = {StoreCommands.MigrateTo.class})
final class StoreCommands implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    /**
     * Copies data_dir's H2 history into an empty PostgreSQL database, so that a user who grows to a server (or to
     * several daemons) keeps every run, plan and finding. The daemon must be stopped: the H2 file is opened for
     * this process alone, and stays as it was.
     */
    @Command(name = "migrate-to", description = {
            "Copy the history in the H2 file of the data dir into an empty PostgreSQL database: every run, plan, log,"
                    + " finding, approval and audit event, and the pull request and webhook records.",
            "Stop the daemon first. The target's daemons need this data dir's plan.key; the schedules are not copied"
                    + " (each daemon rebuilds them from its config)."})
    static final class MigrateTo implements Callable<Integer> {
        static final String NAME = "store migrate-to";
        static final StoreConfig.Fields OPTIONS = new StoreConfig.Fields(NAME, "--url", "--user", "--password-env",
                "--password-file", "--pool-size");

        @Spec CommandSpec spec;
        @Option(names = "--url", required = true, paramLabel = "JDBC-URL",
                description = "The empty database: jdbc:postgresql://host[:port]/database[?parameters].") String url;
        @Option(names = "--user", required = true, paramLabel = "ROLE", description = "The role to log in as.")
        String user;
        @Option(names = "--password-env", paramLabel = "VAR", description = "The variable holding the password.")
        String passwordEnv;
        @Option(names = "--password-file", paramLabel = "FILE", description = "The file holding the password.")
        Path passwordFile;
        /** Refused, never used: only so that its value is not repeated as an unknown argument. */
        @Option(names = "--password", hidden = true, arity = "0..1", paramLabel = "PASSWORD") String inlinePassword;
        @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "A daemon config: copy its data_dir.")
        Path config;
        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "The data dir (default: $PLUMBLINE_DATA_DIR or ~/.local/share/plumbline).") Path dataDir;

        @Override
        public Integer call() {
            StoreConfig target = target();
            // read first, as when a daemon opens its store: a missing password is said before anything is touched
            String password = target.password(System.getenv());
            Path data = config != null ? DaemonConfig.load(config).dataDir()
                    : DataDir.resolve(dataDir, System.getenv());
            String doing = "copying the store to " + target.server();
            Path h2 = data.resolve("plumbline.mv.db");
            if (!Files.isRegularFile(h2)) {
                String which = config != null ? "the data_dir of " + config : dataDir != null ? "--data-dir"
                        : "the default data dir: $PLUMBLINE_DATA_DIR, else ~/.local/share/plumbline";
                throw new StoreException(doing + ": there is no H2 store to copy at " + h2 + " (" + which + ")");
            }
            Path key = data.resolve("plan.key");
            List<StoreCopy.TableCount> counts;
            try (Database source = Database.openAlone(data.resolve("plumbline"), key);
                 Database copy = Database.openUrl(target.url(), target.user(), password, 2, key)) {
                counts = StoreCopy.copy(source, copy, target.server());
            } catch (StoreException e) {
                throw e.getMessage().startsWith(doing) ? e : new StoreException(doing + ": " + e.getMessage(), e);
            }
            report(spec.commandLine().getOut(), h2, key, target.server(), counts);
            return Main.OK;
        }

        /** The server, held to the rules of the config's store section; a password on the command line is not. */
        private StoreConfig target() {
            CommandLine cli = spec.commandLine();
            if (inlinePassword != null) {
                throw new ParameterException(cli, "--password is refused: a password on the command line shows in "
                        + "the process list and the shell history; name a variable with --password-env or a file "
                        + "with --password-file");
            }
            if (config != null && dataDir != null) {
                throw new ParameterException(cli, "give --config or --data-dir, not both");
            }
            try {
                return StoreConfig.fromOptions(NAME, OPTIONS, url, user, passwordEnv, passwordFile);
            } catch (ConfigException e) {
                throw new ParameterException(cli, String.join("; ", e.problems()));
            }
        }

        private static void report(PrintWriter out, Path h2, Path key, String server,
                                   List<StoreCopy.TableCount> counts) {
            out.printf("copied %s to %s%n", h2, server);
            out.printf("%-28s %12s %12s%n", "TABLE", "H2 ROWS", "COPIED ROWS");
            long rows = 0;
            for (StoreCopy.TableCount c : counts) {
                out.printf("%-28s %12d %12d%n", c.table(), c.sourceRows(), c.targetRows());
                rows += c.targetRows();
            }
            out.printf("%d rows in %d tables, the same number in each table on both sides.%n", rows, counts.size());
            out.printf("Plans were copied still encrypted with %s: every daemon on %s needs that same plan.key in "
                    + "its data_dir.%n", key, server);
            out.println("The scheduler's tables (qrtz_*) were not copied: each daemon rebuilds its schedules from its"
                    + " config when it starts.");
            out.printf("Next: give the daemon config a store: section with url %s and start the daemon. %s keeps "
                    + "its history.%n", server, h2);
            out.flush();
        }
    }
}
