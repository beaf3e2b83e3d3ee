package dev.plumbline.console;

import dev.plumbline.domain.Attribution;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.Run;
import dev.plumbline.store.Approval;
import dev.plumbline.store.LogLine;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A run's page: the run, the plan run an apply applies ({@code planRunId}, else null), its masked plan as coloured
 * lines, its findings per attribute with who changed each resource when a change event explains it ({@code
 * changedBy}, by address), its approval (null when none), the applies of its plan, its log, and which actions the
 * viewer may take now.
 */
public record RunView(Run run, Long planRunId, List<DiffLine> plan, List<DriftFinding> findings,
                      Map<String, Attribution> changedBy, Approval approval, List<Run> applies, List<LogLine> log,
                      Actions actions, Instant now) {
    /** The buttons shown: only to operators and admins, and only where the action makes sense for the run. */
    public record Actions(boolean approve, boolean apply, boolean cancel) { }

    /** The findings that are drift. */
    public List<DriftFinding> drift() {
        return findings.stream().filter(DriftFinding::isDrift).toList();
    }

    /** The findings that are not: noise, and drift an ignore rule covers. */
    public List<DriftFinding> notDrift() {
        return findings.stream().filter(f -> !f.isDrift()).toList();
    }

    public boolean live() {
        return run.times().finishedAt() == null;
    }
}
