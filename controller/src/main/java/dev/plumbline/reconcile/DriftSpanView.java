package dev.plumbline.reconcile;

import dev.plumbline.store.DriftSpan;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One span of a workspace's drift history as {@code plumbline drift history --json} and the API write it, field by
 * field: one shape for both, so that a script can move from one to the other.
 */
public final class DriftSpanView {
    private DriftSpanView() {
    }

    public static Map<String, Object> of(DriftSpan s, Instant now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", s.address());
        m.put("attribute_path", s.attributePath());
        m.put("action", s.action().wire());
        m.put("first_seen_at", s.firstSeenAt());
        m.put("first_run_id", s.firstRunId());
        m.put("last_seen_at", s.lastSeenAt());
        m.put("last_run_id", s.lastRunId());
        m.put("checks", s.checks());
        m.put("before", s.before());
        m.put("after", s.after());
        m.put("resolved_at", s.open() ? null : s.resolved().at());
        m.put("resolution", s.open() ? null : s.resolved().how().wire());
        m.put("resolved_by_run_id", s.open() ? null : s.resolved().byRunId());
        m.put("resolved_by_commit", s.open() ? null : s.resolved().byCommit());
        m.put("lasted_seconds", s.lasted(now).toSeconds());
        return m;
    }
}
