package dev.plumbline.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.plumbline.auth.Identity;
import dev.plumbline.config.WorkspaceConfig;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.Trigger;
import dev.plumbline.domain.WorkspaceId;
import dev.plumbline.reconcile.Outcome;
import dev.plumbline.reconcile.Reconciler;
import dev.plumbline.runner.Cancellation;
import dev.plumbline.store.CancelRequests;
import dev.plumbline.store.Enqueued;
import dev.plumbline.store.Work;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The API's actions, each recorded in the audit log under the caller's identity: queue a drift check or a plan
 * (the queued row and its audit entry in one transaction, before the 202), approve a run's plan, apply it (answered
 * when the apply has ended, as {@code plumbline apply} does; its log streams meanwhile), cancel a run.
 */
final class ApiActions {
    private static final int MAX_COMMENT = 2000;

    private final Reconciler reconciler;
    private final ApiReads reads;
    private final Runnable queued;

    /** {@code queued} is told once queued work is committed, so the claim loop takes it at once. */
    ApiActions(Reconciler reconciler, ApiReads reads, Runnable queued) {
        this.reconciler = reconciler;
        this.reads = reads;
        this.queued = queued;
    }

    void driftCheck(Context ctx) {
        enqueue(ctx, Work.driftCheck(Params.workspace(ctx), Trigger.MANUAL), "drift_check.requested");
    }

    void plan(Context ctx) {
        enqueue(ctx, Work.plan(Params.workspace(ctx), Trigger.MANUAL), "plan.requested");
    }

    private void enqueue(Context ctx, Work work, String action) {
        Identity who = Access.identity(ctx);
        WorkspaceId ws = work.workspace();
        configured(ws);
        Enqueued done = reconciler.db().inTransaction(tx -> {
            Enqueued e = tx.queuedWork().enqueue(work);
            tx.audit().record(who.name(), who.via(), action, Optional.of(ws), Optional.empty(),
                    work.describe() + (e.joined() ? ", joining the one already waiting" : ""));
            return e;
        });
        queued.run();
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("work_id", done.workId());
        v.put("workspace", ws.toString());
        v.put("kind", work.kind().wire());
        v.put("joined_waiting_work", done.joined());
        v.put("requested_by", who.name());
        JsonOut.send(ctx, 202, v);
    }

    /**
     * A workspace the store knows, or one its repo's settings name (registered now, so that it is listed): a new
     * workspace can be checked before its first scheduled run.
     */
    private void configured(WorkspaceId ws) {
        if (reconciler.db().workspaces().find(ws).isPresent()) {
            return;
        }
        WorkspaceConfig config;
        try {
            config = reconciler.catalog().workspace(ws);
        } catch (RuntimeException e) {
            throw ApiException.notFound("reading workspace " + ws + ": no such workspace (" + e.getMessage() + ")");
        }
        reconciler.db().workspaces().ensure(ws, config.dir(), config.tool());
    }

    void approve(Context ctx) {
        long id = Params.runId(ctx);
        reads.knownRun(id);
        Identity who = Access.identity(ctx);
        String comment = comment(ctx, id);
        refusedAsConflict(() -> reconciler.approve(id, who.name(), who.via(), comment));
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("run_id", id);
        v.put("approval", reconciler.db().approvals().find(id).map(Views::approval).orElse(null));
        JsonOut.send(ctx, v);
    }

    void apply(Context ctx) {
        long id = Params.runId(ctx);
        reads.knownRun(id);
        Identity who = Access.identity(ctx);
        Outcome[] o = new Outcome[1];
        refusedAsConflict(() -> o[0] = reconciler.apply(id, who.name(), who.via(), Cancellation.none()));
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("run_id", id);
        v.put("applied", o[0].applied());
        v.put("reason", o[0].decision().reason());
        v.put("apply_run_id", o[0].apply() == null ? null : o[0].apply().runId());
        v.put("apply_status", o[0].apply() == null ? null : o[0].apply().status().wire());
        v.put("error", o[0].apply() == null || o[0].apply().succeeded() ? null : o[0].apply().error());
        JsonOut.send(ctx, v);
    }

    void cancel(Context ctx) {
        long id = Params.runId(ctx);
        reads.knownRun(id);
        Identity who = Access.identity(ctx);
        CancelRequests.Result[] r = new CancelRequests.Result[1];
        refusedAsConflict(() -> r[0] = reconciler.db().cancels().request(id, who.name(), who.via()));
        Run run = reads.knownRun(id);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("run_id", id);
        v.put("effect", r[0].effect().name().toLowerCase(Locale.ROOT));
        v.put("owner", r[0].ownerId());
        v.put("status", run.status().wire());
        v.put("requested_by", who.name());
        JsonOut.send(ctx, 202, v);
    }

    /** The optional {@code {"comment": "..."}} of an approval; a body that is not that is a 400 naming the run. */
    private static String comment(Context ctx, long id) {
        String body = ctx.body();
        if (body.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = JsonOut.MAPPER.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("approving run " + id + ": the body is not JSON");
        }
        JsonNode comment = node == null || !node.isObject() ? null : node.get("comment");
        if (node == null || !node.isObject() || (comment != null && !comment.isTextual() && !comment.isNull())) {
            throw ApiException.badRequest("approving run " + id + ": expected {\"comment\": \"...\"}");
        }
        if (comment == null || comment.isNull()) {
            return null;
        }
        if (comment.textValue().length() > MAX_COMMENT) {
            throw ApiException.badRequest("approving run " + id + ": the comment is over " + MAX_COMMENT
                    + " characters");
        }
        return comment.textValue();
    }

    /** A refusal of the reconciler's (already approved, not a plan, stale) is a 409 with its message. */
    private static void refusedAsConflict(Runnable action) {
        try {
            action.run();
        } catch (Reconciler.PolicyRefusal | IllegalStateException | IllegalArgumentException e) {
            throw new ApiException(409, e.getMessage());
        }
    }
}
