package dev.plumbline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.plumbline.config.CredentialsException;
import dev.plumbline.config.DaemonConfig;
import dev.plumbline.config.StoreConfig;
import dev.plumbline.domain.Tool;
import dev.plumbline.runner.ChildEnvironment;
import dev.plumbline.runner.Opa;
import dev.plumbline.runner.RunnerException;
import dev.plumbline.runner.Tofu;
import dev.plumbline.runner.ToolVersion;
import dev.plumbline.runner.Toolchain;
import dev.plumbline.store.NotificationCounts;
import dev.plumbline.store.NotificationProbe;
import dev.plumbline.store.ServerProbe;
import dev.plumbline.store.StoreException;
import dev.plumbline.util.Dirs;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Checks that this machine can run Plumbline, and says how to fix what it cannot. */
@Command(name = "doctor", description = "Check the toolchain, provider mirror, git, database and AWS emulator.")
final class DoctorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", description = "Data directory (default: $PLUMBLINE_DATA_DIR or ~/.local/share/plumbline).")
    Path dataDir;

    @Option(names = {"-c", "--config"}, description = "A daemon config: take its data_dir and tool paths.")
    Path config;

    @Option(names = "--json", description = "Print the checks as JSON.")
    boolean json;

    /** How far back doctor mentions notifications that were given up. */
    private static final Duration GIVEN_UP_SHOWN = Duration.ofDays(7);

    /** One finding. A failed required check makes doctor exit 1. */
    record Check(String name, boolean ok, boolean required, String detail, String fix) { }

    @Override
    public Integer call() throws IOException {
        Toolchain tools = Toolchain.locate(System.getenv());
        Path data = DataDir.resolve(dataDir, System.getenv());
        StoreConfig store = null;
        DaemonConfig cfg = null;
        if (config != null) {
            cfg = DaemonConfig.load(config);
            tools = tools.withOverrides(cfg.tools().tofu(), cfg.tools().terraform(), cfg.tools().cliConfig());
            data = dataDir != null ? data : cfg.dataDir();
            store = cfg.store();
        }
        List<Check> checks = new ArrayList<>();
        checks.add(toolCheck(tools, Tool.TOFU, true));
        checks.add(toolCheck(tools, Tool.TERRAFORM, false));
        checks.add(opaCheck(tools, cfg != null && !cfg.policies().sets().isEmpty()));
        checks.add(cliConfigCheck(tools));
        checks.add(mirrorCheck(tools));
        checks.add(gitCheck());
        checks.add(store == null ? databaseCheck(data) : serverCheck(store));
        notificationsCheck(data, store).ifPresent(checks::add);
        if (store != null) {
            checks.add(DoctorBackends.check(cfg, System.getenv()));
        }
        checks.add(motoCheck(tools));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(checks));
        } else {
            for (Check c : checks) {
                String mark = c.ok() ? "ok  " : c.required() ? "FAIL" : "warn";
                out.printf("%s %-10s %s%n", mark, c.name(), c.detail());
                if (!c.ok() && c.fix() != null) {
                    out.printf("     %-10s fix: %s%n", "", c.fix());
                }
            }
        }
        out.flush();
        return checks.stream().anyMatch(c -> c.required() && !c.ok()) ? 1 : 0;
    }

    private static Check toolCheck(Toolchain tools, Tool tool, boolean required) {
        Path bin = tools.binary(tool);
        String fix = "run runner-image/install-toolchain.sh, or set PLUMBLINE_" + tool.name() + " to the binary";
        if (!Files.isExecutable(bin)) {
            return new Check(tool.command(), false, required, bin + " not found", fix);
        }
        try {
            Path home = Files.createTempDirectory("plumbline-doctor");
            try {
                Tofu t = new Tofu(tool, bin, ChildEnvironment.base(System.getenv(), home, tools.cliConfigIfPresent()));
                String version = ToolVersion.of(t, home);
                String pinned = tools.pinnedVersion(tool);
                boolean matches = version.equals(pinned);
                return new Check(tool.command(), true, required,
                        version + " at " + bin + (matches ? "" : " (pinned version is " + pinned + ")"), null);
            } finally {
                Dirs.deleteRecursively(home);
            }
        } catch (RunnerException | IOException e) {
            return new Check(tool.command(), false, required, e.getMessage(), fix);
        }
    }

    /** OPA evaluates the policy sets: required once the config has some (a plan is not applied unchecked). */
    private static Check opaCheck(Toolchain tools, boolean required) {
        Path bin = tools.opa();
        String fix = "run runner-image/install-toolchain.sh, or set PLUMBLINE_OPA to the binary";
        if (!Files.isExecutable(bin)) {
            return new Check("opa", false, required, bin + " not found" + (required ? "" : " (only policy sets need it)"),
                    fix);
        }
        try {
            Path home = Files.createTempDirectory("plumbline-doctor");
            try {
                String version = new Opa(bin, home).version();
                String pinned = tools.pinnedOpaVersion();
                return new Check("opa", true, required, version + " at " + bin
                        + (version.equals(pinned) ? "" : " (pinned version is " + pinned + ")"), null);
            } finally {
                Dirs.deleteRecursively(home);
            }
        } catch (RunnerException | IOException e) {
            return new Check("opa", false, required, e.getMessage(), fix);
        }
    }

    private static Check cliConfigCheck(Toolchain tools) {
        Path cfg = tools.cliConfig();
        return Files.isRegularFile(cfg)
                ? new Check("cli-config", true, false, cfg.toString(), null)
                : new Check("cli-config", false, false, cfg + " not found: tofu will install providers from the registry",
                        "run runner-image/install-toolchain.sh, or set PLUMBLINE_TF_CLI_CONFIG");
    }

    private static Check mirrorCheck(Toolchain tools) {
        Path mirror = tools.providerMirror();
        List<String> found = new ArrayList<>();
        if (Files.isDirectory(mirror)) {
            // <mirror>/<host>/<namespace>/<type>/<version>/<os_arch>/
            try (Stream<Path> s = Files.find(mirror, 5, (p, a) -> a.isDirectory() && mirror.relativize(p).getNameCount() == 5)) {
                s.map(p -> mirror.relativize(p)).filter(p -> p.getName(0).toString().equals("registry.opentofu.org"))
                        .map(p -> p.getName(1) + "/" + p.getName(2) + " " + p.getName(3) + " (" + p.getName(4) + ")")
                        .sorted().forEach(found::add);
            } catch (IOException e) {
                return new Check("providers", false, false, "reading " + mirror + ": " + e.getMessage(), null);
            }
        }
        return found.isEmpty()
                ? new Check("providers", false, false, "no providers in the mirror " + mirror,
                        "run runner-image/install-toolchain.sh")
                : new Check("providers", true, false, String.join(", ", found), null);
    }

    private static Check gitCheck() {
        String jgit = org.eclipse.jgit.util.RawParseUtils.class.getPackage().getImplementationVersion();
        return new Check("git", true, false, "JGit " + (jgit == null ? "(bundled)" : jgit)
                + " (no git binary needed)", null);
    }

    private static Check databaseCheck(Path data) {
        Path db = data.resolve("plumbline.mv.db");
        try {
            Files.createDirectories(data);
            Path probe = Files.createTempFile(data, ".doctor", ".tmp");
            Files.delete(probe);
            return new Check("database", true, true, db + (Files.exists(db) ? " (exists, writable)" : " (will be created)"), null);
        } catch (IOException | SecurityException e) {
            return new Check("database", false, true, data + " is not writable: " + e.getMessage(),
                    "choose a writable directory with --data-dir or PLUMBLINE_DATA_DIR");
        }
    }

    /** The store's server: reached and logged into, its schema left alone. The password is never shown. */
    private static Check serverCheck(StoreConfig store) {
        String where = store.server() + " as " + store.user();
        try {
            String version = ServerProbe.version(store.url(), store.user(), store.password(System.getenv()));
            return new Check("database", true, true, version + " at " + where, null);
        } catch (CredentialsException | StoreException e) {
            return new Check("database", false, true, e.getMessage(),
                    "check store.url, store.user and the password that store.password_env or password_file names");
        }
    }

    /**
     * A line only when drift notifications wait in the outbox or were given up lately: both are worth a look. The
     * store is read as it is, never created or migrated; when it cannot be read, the database line says why.
     */
    private static Optional<Check> notificationsCheck(Path data, StoreConfig store) {
        Instant since = Instant.now().minus(GIVEN_UP_SHOWN);
        Optional<NotificationCounts> counts;
        try {
            counts = store == null ? NotificationProbe.ofFile(data.resolve("plumbline"), since)
                    : NotificationProbe.ofServer(store.url(), store.user(), store.password(System.getenv()), since);
        } catch (CredentialsException | StoreException e) {
            return Optional.empty();
        }
        return counts.filter(NotificationCounts::worthAWarning).map(c -> {
            List<String> parts = new ArrayList<>();
            if (c.pending() > 0) {
                parts.add(c.pending() + " drift notification(s) pending, the oldest since " + c.oldestPending());
            }
            if (c.givenUp() > 0) {
                parts.add(c.givenUp() + " given up in the last " + GIVEN_UP_SHOWN.toDays() + " days, the last at "
                        + c.lastGivenUp());
            }
            return new Check("notify", false, false, String.join("; ", parts),
                    "plumbline notifications -c CONFIG shows each with its channel and last error; a running daemon "
                            + "delivers pending ones");
        });
    }

    private static Check motoCheck(Toolchain tools) {
        Path moto = tools.motoServer();
        return Files.isExecutable(moto)
                ? new Check("moto", true, false, moto.toString(), null)
                : new Check("moto", false, false, moto + " not found (only the AWS tests need it)",
                        "run runner-image/install-toolchain.sh");
    }
}
