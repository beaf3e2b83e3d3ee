package dev.plumbline.http;

import dev.plumbline.domain.Attribution;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.Run;
import dev.plumbline.fleet.WorkspaceState;
import dev.plumbline.store.Approval;
import dev.plumbline.store.AuditEvent;
import dev.plumbline.store.LogLine;
import dev.plumbline.store.WorkItem;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The API's JSON shapes, field by field: what is written here is the contract the OpenAPI document describes. */
final class Views {
    private Views() {
    }

    static Map<String, Object> workspace(WorkspaceState s, Instant now) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("workspace", s.id().toString());
        v.put("repo", s.id().repo());
        v.put("name", s.id().name());
        v.put("tool", s.tool().command());
        v.put("condition", s.condition().wire());
        if (s.lastCheck() == null) {
            v.put("last_check", null);
        } else {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("run_id", s.lastCheck().runId());
            c.put("status", s.lastCheck().status().wire());
            c.put("classification", s.lastCheck().classification() == null ? null
                    : s.lastCheck().classification().wire());
            c.put("finished_at", s.lastCheck().finishedAt());
            c.put("age_seconds", s.lastCheck().finishedAt() == null ? null
                    : Duration.between(s.lastCheck().finishedAt(), now).toSeconds());
            v.put("last_check", c);
        }
        v.put("last_success_at", s.lastSuccessAt());
        v.put("drifted_since", s.driftedSince());
        v.put("drifted_addresses", s.driftedAddresses());
        v.put("drifted_resources", s.driftedAddresses().size());
        v.put("pending_approvals", s.pendingApprovals());
        v.put("locked_by_pull_request", s.lockedBy());
        v.put("running_on", s.runningOn());
        v.put("queue_position", s.queuePosition() == 0 ? null : s.queuePosition());
        return v;
    }

    static Map<String, Object> run(Run r) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", r.id());
        v.put("workspace", r.workspace().toString());
        v.put("kind", r.kind().wire());
        v.put("trigger", r.trigger().wire());
        v.put("status", r.status().wire());
        v.put("classification", r.classification() == null ? null : r.classification().wire());
        v.put("commit", r.commitSha());
        v.put("tool", r.tool().command());
        v.put("tool_version", r.toolVersion());
        v.put("attempt", r.attempt());
        v.put("retry_of", r.retryOf());
        v.put("queued_at", r.times().queuedAt());
        v.put("started_at", r.times().startedAt());
        v.put("finished_at", r.times().finishedAt());
        v.put("exit_code", r.exitCode());
        if (r.counts() != null) {
            v.put("changes", Map.of("add", r.counts().add(), "change", r.counts().change(),
                    "destroy", r.counts().destroy()));
        } else {
            v.put("changes", null);
        }
        v.put("error", r.errorMessage());
        return v;
    }

    static Map<String, Object> finding(DriftFinding f) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("address", f.address());
        v.put("action", f.action().wire());
        v.put("attribute", f.attributePath());
        v.put("before", f.before());
        v.put("after", f.after());
        v.put("disposition", f.disposition().wire());
        v.put("rule", f.rule());
        return v;
    }

    /** A finding of a run, with who changed the resource when a change event says, as {@code show --json} has it. */
    static Map<String, Object> finding(DriftFinding f, Attribution changedBy) {
        Map<String, Object> v = finding(f);
        v.put("changed_by", changedBy == null ? null : JsonOut.asRecords(changedBy));
        return v;
    }

    static Map<String, Object> approval(Approval a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("approved_by", a.approvedBy());
        v.put("approved_via", a.approvedVia());
        v.put("approved_at", a.approvedAt());
        v.put("plan_sha256", a.planSha256());
        v.put("comment", a.comment());
        return v;
    }

    static Map<String, Object> audit(AuditEvent e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", e.id());
        v.put("at", e.at());
        v.put("actor", e.actor());
        v.put("via", e.via());
        v.put("action", e.action());
        v.put("workspace", e.workspace() == null ? null : e.workspace().toString());
        v.put("run_id", e.runId());
        v.put("detail", e.detail());
        return v;
    }

    static Map<String, Object> work(WorkItem w, int position) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", w.id());
        v.put("workspace", w.work().workspace().toString());
        v.put("kind", w.work().kind().wire());
        v.put("trigger", w.work().trigger().wire());
        v.put("attempt", w.work().attempt());
        v.put("state", w.state().wire());
        v.put("position", position == 0 ? null : position);
        v.put("claimed_by", w.claimedBy());
        v.put("claimed_at", w.claimedAt());
        v.put("run_id", w.runId());
        v.put("queued_at", w.createdAt());
        v.put("not_before", w.work().notBefore());
        return v;
    }

    static Map<String, Object> log(int seq, LogLine l) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("seq", seq);
        v.put("stream", l.stream().wire());
        v.put("at", l.at());
        v.put("text", l.text());
        return v;
    }

    /** A page: its items under {@code key}, and the cursor of the next page (null on the last). */
    static Map<String, Object> page(String key, Object items, Object next) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(key, items);
        v.put("next_cursor", next == null ? null : String.valueOf(next));
        return v;
    }
}
