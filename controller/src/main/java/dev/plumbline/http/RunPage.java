package dev.plumbline.http;

import dev.plumbline.domain.ResourceCounts;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunTimes;
import dev.plumbline.store.Database;
import dev.plumbline.store.StoredPlan;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * {@code GET /runs/{id}}: a run's summary and its stored plan text, as plain text, the target of the links in
 * pull request comments and commit statuses. Only what the store keeps is shown, and the store keeps plans masked.
 */
final class RunPage {
    private final Database db;

    RunPage(Database db) {
        this.db = db;
    }

    void show(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            ctx.status(404).result("no such run\n");
            return;
        }
        Optional<Run> found = db.runs().find(id);
        if (found.isEmpty()) {
            ctx.status(404).result("no such run: " + id + "\n");
            return;
        }
        Run run = found.get();
        StringBuilder out = new StringBuilder();
        out.append("Run ").append(id).append(": ").append(run.kind().wire()).append(" of ").append(run.workspace())
                .append('\n');
        line(out, "Status", run.status().wire() + (run.classification() == null ? ""
                : " (" + run.classification().wire() + ")"));
        line(out, "Trigger", run.trigger().wire());
        line(out, "Commit", run.commitSha());
        line(out, "Tool", run.tool().command() + (run.toolVersion() == null ? "" : " " + run.toolVersion()));
        RunTimes times = run.times();
        line(out, "Queued", String.valueOf(times.queuedAt()));
        line(out, "Finished", times.finishedAt() == null ? null : times.finishedAt().toString());
        ResourceCounts counts = run.counts();
        if (counts != null) {
            line(out, "Changes", counts.add() + " to add, " + counts.change() + " to change, " + counts.destroy()
                    + " to destroy");
        }
        line(out, "Error", run.errorMessage());
        db.plans().find(id).map(StoredPlan::renderedText).filter(t -> !t.isBlank())
                .ifPresent(text -> out.append('\n').append(text).append(text.endsWith("\n") ? "" : "\n"));
        ctx.contentType("text/plain; charset=utf-8").result(out.toString());
    }

    private static void line(StringBuilder out, String name, String value) {
        if (value != null && !value.isBlank()) {
            out.append(name).append(": ").append(value).append('\n');
        }
    }
}
