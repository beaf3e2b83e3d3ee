package dev.plumbline.console;

import dev.plumbline.auth.Identity;
import dev.plumbline.reconcile.Outcome;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.store.Database;
import dev.plumbline.util.Echo;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * The console's forms that change something: approve a run's plan, apply it, cancel a run. Each is done in the name
 * of the signed-in identity, which the reconciler records on the approval and in the audit log; the browser is then
 * sent to the page of what came of it. An apply runs in the request and answers once it has finished, so the
 * answer is the stored outcome, never a promise.
 */
final class Actions {
    private static final int MAX_COMMENT = 1000;

    private final Console console;
    private final Database db;
    private final Reconciler reconciler;

    Actions(Console console, Database db, Reconciler reconciler) {
        this.console = console;
        this.db = db;
        this.reconciler = reconciler;
    }

    void act(Context ctx, Identity who, String action) {
        long runId;
        try {
            runId = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            console.refuse(ctx, 404, who, "No such run", action + " run " + Echo.quote(ctx.pathParam("id"))
                    + ": not a run id");
            return;
        }
        String comment = ctx.formParam("comment");
        if (comment != null && comment.length() > MAX_COMMENT) {
            console.refuse(ctx, 400, who, "Not done", "approving run " + runId + ": the comment is over "
                    + MAX_COMMENT + " characters");
            return;
        }
        try {
            long shown = switch (action) {
                case "approve" -> approve(ctx, who, runId);
                case "apply" -> apply(who, runId);
                default -> cancel(who, runId);
            };
            ctx.redirect("/runs/" + shown, HttpStatus.SEE_OTHER);
        } catch (IllegalArgumentException e) {
            console.refuse(ctx, 404, who, "Not done", e.getMessage());
        } catch (IllegalStateException | Reconciler.PolicyRefusal e) {
            console.refuse(ctx, 409, who, "Not done", e.getMessage());
        }
    }

    private long approve(Context ctx, Identity who, long runId) {
        String comment = ctx.formParam("comment");
        reconciler.approve(runId, who.name(), who.via(), comment == null || comment.isBlank() ? null : comment.strip());
        return runId;
    }

    private long apply(Identity who, long runId) {
        Outcome o = reconciler.apply(runId, who.name(), who.via(), Cancellation.none());
        return o.apply() == null ? runId : o.apply().runId();
    }

    private long cancel(Identity who, long runId) {
        db.cancels().request(runId, who.name(), who.via());
        return runId;
    }
}
