package dev.plumbline.cli;

import dev.plumbline.store.QueueSnapshot;
import dev.plumbline.store.WorkItem;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code plumbline queue}: the work every daemon on the store is running and the work waiting, in the order it
 * will be claimed, with the work ids {@code plumbline cancel --queued} takes.
 */
@Command(name = "queue", description = {"List the work running and waiting across every daemon on the store, "
        + "waiting work in the order it will be claimed.",
        "Cancel waiting work with: plumbline cancel --queued WORK-ID"})
final class QueueCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin Common common;

    @Override
    public Integer call() {
        try (App app = App.open(common.config)) {
            QueueSnapshot queue = app.db.queuedWork().snapshot();
            PrintWriter out = spec.commandLine().getOut();
            if (common.json) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("running", queue.running().stream().map(QueueCommand::view).toList());
                m.put("waiting", queue.waiting().stream().map(QueueCommand::view).toList());
                out.println(Common.json(m));
            } else {
                print(out, "running", queue.running());
                print(out, "waiting", queue.waiting());
            }
            out.flush();
            return Main.OK;
        }
    }

    private static void print(PrintWriter out, String what, List<WorkItem> items) {
        out.printf("%d %s%n", items.size(), what);
        if (items.isEmpty()) {
            return;
        }
        out.printf("  %-7s %-20s %-28s %-9s %-7s %-27s %s%n", "WORK", "KIND", "WORKSPACE", "TRIGGER", "ATTEMPT",
                "NOT BEFORE", "OWNER / RUN");
        for (WorkItem i : items) {
            String pr = i.work().pullRequest() == null ? "" : " #" + i.work().pullRequest().number();
            String owner = i.claimedBy() == null ? "" : i.claimedBy() + (i.runId() == null ? "" : " run " + i.runId());
            out.printf("  %-7d %-20s %-28s %-9s %-7d %-27s %s%n", i.id(), i.work().kind().wire(),
                    i.work().workspace() + pr, i.work().trigger().wire(), i.work().attempt(), i.work().notBefore(),
                    owner);
        }
    }

    static Map<String, Object> view(WorkItem i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("work_id", i.id());
        m.put("kind", i.work().kind().wire());
        m.put("workspace", i.work().workspace().toString());
        m.put("pull_request", i.work().pullRequest() == null ? null : i.work().pullRequest().number());
        m.put("trigger", i.work().trigger().wire());
        m.put("attempt", i.work().attempt());
        m.put("retry_of", i.work().retryOf());
        m.put("not_before", i.work().notBefore());
        m.put("state", i.state().wire());
        m.put("owner", i.claimedBy());
        m.put("claimed_at", i.claimedAt());
        m.put("run_id", i.runId());
        m.put("created_at", i.createdAt());
        return m;
    }
}
