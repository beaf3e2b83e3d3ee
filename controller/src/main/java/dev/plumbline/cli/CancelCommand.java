package dev.plumbline.cli;

import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunStatus;
import dev.plumbline.store.CancelRequests;
import dev.plumbline.store.WorkItem;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Cancels a run from any process: a queued run is cancelled at once; a running one is stopped by the process that
 * owns it (daemon or CLI command, on any host), which looks for requests every few seconds and interrupts its tool
 * as Ctrl-C would, so the state lock is released. The command waits for the run to end, unless told not to.
 */
@Command(name = "cancel", description = {"Cancel a run or waiting work: queued work does not start; a running run is stopped by "
        + "the process running it (SIGINT, so the state lock is released) and recorded as cancelled.",
        "Exit code: 0 cancelled (or cancel requested, with --no-wait), 1 error or the run ended otherwise."})
final class CancelCommand implements Callable<Integer> {
    /** How long the command waits for the owner to stop the run: a tool has its grace period to exit. */
    static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final Duration LOOK_EVERY = Duration.ofMillis(500);

    @Spec CommandSpec spec;
    @Mixin Common common;
    @Parameters(paramLabel = "RUN-ID", arity = "0..1", converter = Arguments.RunId.class,
            description = "The run to cancel (plumbline runs lists them).") Long runId;
    @Option(names = "--queued", paramLabel = "WORK-ID", converter = Arguments.WorkId.class,
            description = "Instead of a run: waiting work to withdraw before it starts (plumbline queue lists it).")
    Long workId;
    @Option(names = "--by", paramLabel = "NAME", converter = Arguments.Name.class,
            description = "Who cancels (default: $USER).") String by;
    @Option(names = "--no-wait", description = "Return once the cancel is requested, without waiting for the run"
            + " to stop.") boolean noWait;

    @Override
    public Integer call() throws InterruptedException {
        if ((runId == null) == (workId == null)) {
            throw new ParameterException(spec.commandLine(), "give either a RUN-ID or --queued WORK-ID");
        }
        try (App app = App.open(common.config)) {
            String who = by == null ? RunCommands.user() : by;
            if (workId != null) {
                return withdraw(app, who);
            }
            CancelRequests.Result result = app.db.cancels().request(runId, who, RunCommands.osUser());
            Run run = result.effect() == CancelRequests.Effect.REMOVED_FROM_QUEUE || noWait || result.ownerId() == null
                    ? find(app) : awaitEnd(app);
            print(result, run, who);
            boolean done = run.status() == RunStatus.CANCELLED || (noWait && !run.status().isFinal());
            return done ? Main.OK : Main.ERROR;
        }
    }

    private Integer withdraw(App app, String who) {
        WorkItem item = app.db.queuedWork().withdraw(workId, who, RunCommands.osUser());
        String said = "queued " + item.work().describe() + " (work " + workId + ") is cancelled and will not start";
        PrintWriter out = spec.commandLine().getOut();
        if (common.json) {
            Map<String, Object> m = QueueCommand.view(item);
            m.put("cancelled_by", who);
            m.put("message", said);
            out.println(Common.json(m));
        } else {
            out.println(said);
        }
        return Main.OK;
    }

    private Run find(App app) {
        return app.db.runs().find(runId).orElseThrow(() ->
                new IllegalStateException("cancelling run " + runId + ": the run is gone from the store"));
    }

    private Run awaitEnd(App app) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Run run = find(app);
        while (!run.status().isFinal() && System.nanoTime() < deadline) {
            Thread.sleep(LOOK_EVERY.toMillis());
            run = find(app);
        }
        return run;
    }

    private void print(CancelRequests.Result result, Run run, String who) {
        PrintWriter out = spec.commandLine().getOut();
        String said = switch (result.effect()) {
            case REMOVED_FROM_QUEUE -> "run " + runId + " was queued; it is cancelled and will not start";
            case REQUESTED, ALREADY_REQUESTED -> result.ownerId() == null
                    ? "cancel of run " + runId + " requested, but the run has no recorded owner to stop it"
                    : ended(run, result.ownerId());
        };
        if (common.json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("run_id", runId);
            m.put("cancelled_by", who);
            m.put("effect", result.effect().name().toLowerCase(Locale.ROOT));
            m.put("owner", result.ownerId());
            m.put("status", run.status().wire());
            m.put("message", said);
            out.println(Common.json(m));
        } else {
            out.println(said);
        }
    }

    private String ended(Run run, String owner) {
        if (!run.status().isFinal()) {
            return "cancel of run " + runId + " requested; its process (owner " + owner + ") stops it within a few"
                    + " seconds" + (noWait ? "" : ", but it is still running after " + PATIENCE.toSeconds() + " s");
        }
        return run.status() == RunStatus.CANCELLED ? "run " + runId + " cancelled by its process (owner " + owner + ")"
                : "run " + runId + " ended as " + run.status().wire() + " before it could be cancelled";
    }
}
