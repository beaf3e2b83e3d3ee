package dev.plumbline.cli;

import dev.plumbline.config.PoliciesConfig;
import dev.plumbline.domain.Enforcement;
import dev.plumbline.domain.PolicyResult;
import dev.plumbline.plan.PlanFile;
import dev.plumbline.plan.PlanFormatException;
import dev.plumbline.plan.SensitiveStrings;
import dev.plumbline.reconcile.PlanPolicies;
import dev.plumbline.reconcile.PolicyLines;
import dev.plumbline.rego.Evaluation;
import dev.plumbline.rego.PolicyFiles;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.runner.Opa;
import dev.plumbline.runner.Redactor;
import dev.plumbline.runner.Toolchain;
import dev.plumbline.util.Dirs;
import dev.plumbline.util.Echo;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code plumbline policy}: policy sets outside the daemon. */
@Command(name = "policy", description = "Check plans against policy sets as the daemon does.",
        subcommands = PolicyCommand.Check.class)
final class PolicyCommand {
    /** A denied plan: neither an error nor a pass, so that CI can tell the three apart. */
    static final int DENIED = 3;

    @Command(name = "check", description = "Evaluate a plan (`tofu show -json` output) against a policy set of the"
            + " daemon config or a directory of .rego files; exit 0 passed (warnings included), 3 denied, 1 error.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:passed (or only warned)", "1:an error: the plan or the policies could not be read",
                    "3:denied", "64:a usage error"})
    static final class Check implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "PLAN.json", description = "output of `tofu show -json <planfile>`")
        Path planJson;
        @ArgGroup(exclusive = true, multiplicity = "1") Source source;
        @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "The daemon config (for --set).")
        Path config;
        @Option(names = "--namespace", paramLabel = "NS", description = "With --dir: a package whose deny, violation"
                + " and warn rules count (repeatable; default: main).") List<String> namespaces = List.of("main");
        @Option(names = "--json", description = "Print the result as JSON.") boolean json;

        static final class Source {
            @Option(names = "--set", paramLabel = "NAME", converter = Arguments.PolicySet.class,
                    description = "A policy set of the daemon config (needs -c).") String set;
            @Option(names = "--dir", paramLabel = "DIR", description = "A directory of .rego files.") Path dir;
        }

        @Override
        public Integer call() throws IOException {
            byte[] plan = readPlan();
            Redactor mask;
            try {
                mask = Redactor.of(SensitiveStrings.of(plan));
            } catch (PlanFormatException e) {
                throw new IllegalArgumentException(Echo.text(planJson.toString()) + ": " + e.getMessage(), e);
            }
            PolicyResult r = source.set != null ? checkSet(plan, mask) : checkDir(plan, mask);
            print(r);
            return r.outcome() == PolicyResult.Outcome.ERRORED ? Main.ERROR
                    : r.outcome() == PolicyResult.Outcome.DENIED ? DENIED : Main.OK;
        }

        private byte[] readPlan() throws IOException {
            try {
                PlanFile.read(planJson); // a file that is not a plan is refused as inspect refuses it
            } catch (PlanFormatException e) {
                throw new IllegalArgumentException(Echo.text(planJson.toString()) + ": " + e.getMessage(), e);
            }
            return Files.readAllBytes(planJson);
        }

        private PolicyResult checkSet(byte[] plan, Redactor mask) {
            if (config == null) {
                throw new IllegalArgumentException("checking policy set " + source.set + ": --set needs the daemon "
                        + "config (-c FILE) that defines it");
            }
            try (App app = App.open(config)) {
                PlanPolicies policies = new PlanPolicies(app.config.policies(), app.catalog, app.toolchain.opa(),
                        app.config.dataDir().resolve("policies"));
                return policies.checkSet(source.set, plan, mask::redact, Cancellation.none());
            }
        }

        private PolicyResult checkDir(byte[] plan, Redactor mask) throws IOException {
            if (!Files.isDirectory(source.dir)) {
                throw new IllegalArgumentException("checking the policies in " + Echo.text(source.dir.toString())
                        + ": no such directory");
            }
            Toolchain tools = Toolchain.locate(System.getenv());
            Path home = Files.createTempDirectory("plumbline-policy");
            try {
                Dirs.createPrivate(home);
                Path dir = source.dir.toAbsolutePath().normalize();
                PolicyFiles files = new PolicyFiles(dir.getFileName() == null ? "dir" : dir.getFileName().toString(),
                        Enforcement.MANDATORY, namespaces, List.of(dir));
                return new Evaluation(new Opa(tools.opa(), home), PoliciesConfig.DEFAULT_TIMEOUT)
                        .evaluate(files, plan, mask::redact, Cancellation.none());
            } finally {
                Dirs.deleteRecursively(home);
            }
        }

        private void print(PolicyResult r) {
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Common.json(RunCommands.policyView(r)));
            } else {
                PolicyLines.of(r).forEach(out::println);
            }
            out.flush();
        }
    }
}
