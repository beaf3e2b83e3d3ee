package dev.plumbline.reconcile;

import dev.plumbline.config.AttributePath;
import dev.plumbline.config.DriftPolicy;
import dev.plumbline.domain.DriftDisposition;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.Run;
import dev.plumbline.domain.RunKind;
import dev.plumbline.plan.ChangeKind;
import dev.plumbline.plan.Plan;
import dev.plumbline.plan.PlanFormatException;
import dev.plumbline.plan.PlanReader;
import dev.plumbline.plan.ResourceChange;
import dev.plumbline.policy.Decision;
import dev.plumbline.policy.RemediationFacts;
import dev.plumbline.policy.RemediationPolicy;
import dev.plumbline.store.Database;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Gathers what {@link RemediationPolicy} needs about a stored plan that is about to apply on its own: its drift
 * (from the stored findings) and its changes (from the stored masked plan), then asks it.
 */
final class RemediationCheck {
    private final Database db;

    RemediationCheck(Database db) {
        this.db = db;
    }

    /** The decision, held for approval when the plan is outside its guards or undoes ignored drift. */
    Decision guard(Run run, DriftPolicy drift, Decision decided) {
        if (!decided.applies()) {
            return decided;
        }
        List<DriftFinding> findings = db.drift().forRun(run.id());
        List<ResourceChange> pending = pending(run.id());
        List<String> drifted = findings.stream().filter(DriftFinding::isDrift)
                .map(f -> f.attributePath() == null ? "" : f.attributePath()).toList();
        Set<String> actions = new LinkedHashSet<>();
        for (ResourceChange rc : pending) {
            actions.addAll(actions(rc.kind()));
        }
        List<String> undoes = new ArrayList<>();
        for (DriftFinding f : findings) {
            if (f.disposition() == DriftDisposition.IGNORED && undoes(pending, f)) {
                undoes.add(f.address() + (f.attributePath() == null || f.attributePath().isEmpty() ? ""
                        : " " + f.attributePath()) + " (" + f.rule() + ")");
            }
        }
        boolean remediation = run.kind() == RunKind.DRIFT_CHECK;
        return RemediationPolicy.guard(decided, remediation, drift.remediate(),
                new RemediationFacts(drifted, actions, pending.size(), undoes, Instant.now()));
    }

    private List<ResourceChange> pending(long runId) {
        String json = db.plans().find(runId).map(p -> p.maskedJson()).orElse("{}");
        if (json.equals("{}")) {
            return List.of();
        }
        try {
            Plan plan = PlanReader.read(json);
            return plan.resourceChanges().stream().filter(ResourceChange::pending).toList();
        } catch (PlanFormatException e) {
            throw new IllegalStateException("reading the stored plan of run " + runId + ": " + e.getMessage(), e);
        }
    }

    /** Whether a pending change of the finding's resource touches the ignored attribute (or anything, for ""). */
    private static boolean undoes(List<ResourceChange> pending, DriftFinding ignored) {
        String path = ignored.attributePath() == null ? "" : ignored.attributePath();
        for (ResourceChange rc : pending) {
            if (!rc.address().equals(ignored.address())) {
                continue;
            }
            if (path.isEmpty() || rc.kind() != ChangeKind.UPDATE) {
                return true;
            }
            try {
                AttributePath p = AttributePath.parse(path);
                if (rc.changedAttributes().stream().anyMatch(c -> p.covers(c) || AttributePath.parse(c).covers(path))) {
                    return true;
                }
            } catch (IllegalArgumentException e) {
                return true; // a path that does not parse cannot be told apart: count it as touched
            }
        }
        return false;
    }

    private static List<String> actions(ChangeKind kind) {
        return switch (kind) {
            case REPLACE -> List.of("replace", "delete", "create");
            case CREATE, UPDATE, DELETE -> List.of(kind.name().toLowerCase(Locale.ROOT));
            default -> List.of();
        };
    }
}
