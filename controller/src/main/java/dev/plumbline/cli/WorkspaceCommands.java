package dev.plumbline.cli;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.Attempt;
import dev.plumbline.reconcile.Outcome;
import dev.plumbline.runner.Cancellation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** reconcile, drift and plan: commands that plan workspaces now, in this process. */
final class WorkspaceCommands {
    private WorkspaceCommands() { }

    /** Runs {@code action} for each workspace, one at a time, printing progress and outcomes. */
    static List<Outcome> forEach(CommandSpec spec, List<WorkspaceId> targets, boolean json,
            BiFunction<WorkspaceId, Cancellation, Outcome> action) {
        return forEach(spec, targets, json, true, 1, action);
    }

    /**
     * Runs {@code action} for each workspace, up to {@code parallel} at once ({@link FanOut}), and, when
     * {@code print}, prints the outcomes to stdout in input order.
     */
    static List<Outcome> forEach(CommandSpec spec, List<WorkspaceId> targets, boolean json, boolean print,
            int parallel, BiFunction<WorkspaceId, Cancellation, Outcome> action) {
        List<Outcome> outcomes = new FanOut(spec.commandLine().getErr(), parallel).run(targets, action);
        if (print) {
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Common.json(Map.of("workspaces", outcomes.stream().map(OutcomeView::of).toList())));
            } else {
                outcomes.forEach(o -> out.println(OutcomeView.of(o).line()));
            }
            out.flush();
        }
        return outcomes;
    }

    static boolean failed(Outcome o) {
        return o.plan().status() != RunStatus.SUCCEEDED || (o.apply() != null && !o.apply().succeeded());
    }

    @Command(name = "reconcile", description = "Bring workspaces to Git's state now: plan, then apply by their policy.")
    static final class Reconcile implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Common common;
        @ArgGroup(multiplicity = "1") Targets target;

        @Override
        public Integer call() {
            List<Outcome> out = target.forEach(spec, common,
                    (app, ws, stop) -> app.reconciler.reconcile(ws, Trigger.MANUAL, Attempt.FIRST, stop));
            return out.stream().anyMatch(WorkspaceCommands::failed) ? 1 : 0;
        }
    }

    /** What a command does to one workspace. */
    @FunctionalInterface
    interface WorkspaceAction {
        Outcome run(App app, WorkspaceId workspace, Cancellation stop);
    }

    /** Either workspaces named on the command line or --all; the repos involved are fetched once. */
    static final class Targets {
        // converted in named(), not by picocli: in an argument group a value it cannot convert is reported as an
        // unexpected argument, which hides why it was refused
        @Parameters(paramLabel = "REPO/WORKSPACE", arity = "1..*") List<String> workspaces;
        @Option(names = "--all", required = true, description = "Every workspace of every repo.") boolean all;

        /** The workspaces named on the command line; a malformed one is a usage error. */
        List<WorkspaceId> named(CommandSpec spec) {
            List<WorkspaceId> ids = new ArrayList<>();
            for (String w : all ? List.<String>of() : workspaces) {
                try {
                    WorkspaceId id = new Arguments.Workspace().convert(w);
                    if (!ids.contains(id)) {
                        ids.add(id);
                    }
                } catch (TypeConversionException e) {
                    throw new ParameterException(spec.commandLine(), e.getMessage(), e,
                            spec.positionalParameters().get(0), w);
                }
            }
            return ids;
        }

        /** What {@code action} made of each target, run as the config allows and printed as asked. */
        List<Outcome> forEach(CommandSpec spec, Common common, WorkspaceAction action) {
            named(spec);
            try (App app = App.open(common.config)) {
                return WorkspaceCommands.forEach(spec, resolve(spec, app), common.json, true,
                        app.config.maxConcurrentRuns(), (ws, stop) -> action.run(app, ws, stop));
            }
        }

        List<WorkspaceId> resolve(CommandSpec spec, App app) {
            List<WorkspaceId> targets = new ArrayList<>();
            if (all) {
                for (String repo : app.catalog.repos()) {
                    var view = app.catalog.refresh(repo);
                    if (view.settingsError() != null) {
                        spec.commandLine().getErr().println("plumbline: " + view.settingsError());
                    }
                    if (view.settings() != null) {
                        view.settings().workspaces().forEach(w -> targets.add(w.id()));
                    }
                }
            } else {
                named(spec).forEach(targets::add);
                targets.stream().map(WorkspaceId::repo).distinct().forEach(app.catalog::refresh);
                targets.forEach(app.catalog::workspace);
            }
            return targets;
        }
    }

    @Command(name = "plan", description = "Plan a workspace and store the plan, applying nothing.")
    static final class Plan implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin Common common;
        @Parameters(paramLabel = "REPO/WORKSPACE", converter = Arguments.Workspace.class) WorkspaceId id;

        @Override
        public Integer call() {
            try (App app = App.open(common.config)) {
                app.catalog.refresh(id.repo());
                app.catalog.workspace(id);
                List<Outcome> out = forEach(spec, List.of(id), common.json,
                        (ws, stop) -> app.reconciler.plan(ws, Trigger.MANUAL, stop));
                return out.stream().anyMatch(WorkspaceCommands::failed) ? 1 : 0;
            }
        }
    }

    @Command(name = "drift", description = {"Check workspaces for drift now; correct it only where on_drift: remediate.",
            "Exit code: 0 all in sync, 2 drift found, 1 error, 64 usage error.",
            "drift ack|status|history: the drift the store holds, without a check."},
            subcommands = {DriftCommands.Ack.class, DriftCommands.Status.class, DriftCommands.History.class})
    static final class Drift implements Callable<Integer> {
        @Spec CommandSpec spec;
        // Common's options, optional for picocli so that ack, status and history (which take their own) need
        // neither them nor a target; both are required below
        @Option(names = {"-c", "--config"}, paramLabel = "FILE",
                description = "The daemon config (YAML): data_dir, repos, tools.") Path config;
        @Option(names = "--json", description = "Print the result as JSON.") boolean json;
        @ArgGroup(multiplicity = "0..1") Targets target;

        @Override
        public Integer call() {
            if (target == null) {
                throw new ParameterException(spec.commandLine(), "Error: Missing required argument (specify one of "
                        + "these): ([REPO/WORKSPACE...] | --all), or one of the subcommands ack, status, history");
            }
            if (config == null) {
                throw new MissingParameterException(spec.commandLine(), spec.findOption("--config"),
                        "Missing required option: '--config=FILE'");
            }
            Common common = new Common();
            common.config = config;
            common.json = json;
            List<Outcome> out = target.forEach(spec, common,
                    (app, ws, stop) -> app.reconciler.driftCheck(ws, Trigger.MANUAL, Attempt.FIRST, stop));
            if (out.stream().anyMatch(WorkspaceCommands::failed)) {
                return Main.ERROR;
            }
            return out.stream().anyMatch(o -> o.plan().classification() == Classification.DRIFTED)
                    ? Main.DRIFT : Main.OK;
        }
    }
}
