package dev.plumbline.plan;

import dev.plumbline.config.IgnoreRule;
import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftDisposition;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.ResourceCounts;
import java.util.ArrayList;
import java.util.List;

/**
 * What a plan means for its workspace: its classification, tofu's counts and the drift found. Every entry of
 * refresh's drift becomes findings, each drift, noise ({@link Normalised}) or ignored by one of {@code ignore}; only
 * drift makes the plan {@code drifted}. {@code plumbline inspect} and the daemon both classify here.
 */
public record PlanAnalysis(Plan plan, Classification classification, ResourceCounts counts, List<IgnoreRule> ignore) {

    public PlanAnalysis {
        ignore = List.copyOf(ignore);
    }

    public static PlanAnalysis of(Plan plan) {
        return of(plan, false, List.of());
    }

    public static PlanAnalysis of(Plan plan, boolean planCommandFailed) {
        return of(plan, planCommandFailed, List.of());
    }

    /**
     * @param planCommandFailed the plan command exited with an error. Its plan file may still hold a partial
     *                          plan that does not say {@code errored}; it must not pass for a clean one.
     * @param ignore            the ignore rules in force for the workspace, the daemon's and its own
     */
    public static PlanAnalysis of(Plan plan, boolean planCommandFailed, List<IgnoreRule> ignore) {
        boolean drifted = drifted(plan, ignore).stream().anyMatch(d -> d.disposition() == DriftDisposition.DRIFT);
        return new PlanAnalysis(plan, classify(plan, planCommandFailed, drifted), count(plan.resourceChanges()),
                ignore);
    }

    /** Tofu's own summary of {@code changes}: what {@code Plan: 1 to add, 0 to change, 1 to destroy.} counts. */
    public static ResourceCounts count(List<ResourceChange> changes) {
        int add = 0;
        int change = 0;
        int destroy = 0;
        int forget = 0;
        for (ResourceChange rc : changes) {
            // tofu counts only what it renders: deleting a data source is state cleanup, ephemerals are never stored
            if (!rc.pending()) {
                continue;
            }
            List<Action> actions = rc.actions();
            if (actions.contains(Action.CREATE)) {
                add++;
            }
            if (actions.contains(Action.DELETE)) {
                destroy++;
            }
            if (actions.contains(Action.UPDATE)) {
                change++;
            }
            if (actions.contains(Action.FORGET)) {
                forget++;
            }
        }
        return new ResourceCounts(add, change, destroy, forget);
    }

    private static Classification classify(Plan plan, boolean planCommandFailed, boolean drifted) {
        if (plan.errored() || planCommandFailed) {
            return Classification.ERRORED;
        }
        if (drifted) {
            return Classification.DRIFTED;
        }
        if (plan.resourceChanges().stream().anyMatch(ResourceChange::pending)) {
            return Classification.CHANGES_PENDING;
        }
        if (plan.outputChanges().stream().anyMatch(OutputChange::pending)) {
            return Classification.OUTPUT_ONLY;
        }
        return Classification.IN_SYNC;
    }

    /**
     * Refresh's drift as rows to store: one per changed attribute, or one per resource deleted or created outside
     * Git; values masked, as text. Noise and ignored findings are among them, each saying so.
     */
    public List<DriftFinding> driftFindings() {
        return drifted().stream().map(DriftedAttribute::finding).toList();
    }

    /** Only the findings that are drift: what alerts and remediation see. */
    public List<DriftFinding> realDrift() {
        return driftFindings().stream().filter(DriftFinding::isDrift).toList();
    }

    /** The same findings with their masked values still JSON. */
    List<DriftedAttribute> drifted() {
        return drifted(plan, ignore);
    }

    private static List<DriftedAttribute> drifted(Plan plan, List<IgnoreRule> ignore) {
        List<DriftedAttribute> findings = new ArrayList<>();
        for (ResourceChange drift : plan.resourceDrift()) {
            ChangeKind kind = drift.kind();
            if (kind == ChangeKind.NO_OP) {
                continue;
            }
            if (kind == ChangeKind.DELETE || kind == ChangeKind.CREATE) {
                findings.add(judged(DriftedAttribute.of(drift.address(), kind, "", drift.before(), drift.after()),
                        ignore));
                continue;
            }
            if (drift.attributeChanges().isEmpty()) {
                // raw before and after are equal everywhere the attributes are compared: tofu listed a no-change
                findings.add(DriftedAttribute.of(drift.address(), kind, "", drift.before(), drift.after())
                        .as(DriftDisposition.NOISE, null));
                continue;
            }
            for (AttributeChange attribute : drift.attributeChanges()) {
                DriftedAttribute found = DriftedAttribute.of(drift.address(), kind, attribute.path(),
                        attribute.before(), attribute.after());
                findings.add(attribute.noise() ? found.as(DriftDisposition.NOISE, null) : judged(found, ignore));
            }
        }
        return findings;
    }

    /** Drift, or ignored by the first rule that covers it. */
    private static DriftedAttribute judged(DriftedAttribute found, List<IgnoreRule> ignore) {
        for (IgnoreRule rule : ignore) {
            if (rule.covers(found.address(), found.path())) {
                return found.as(DriftDisposition.IGNORED, rule.name());
            }
        }
        return found;
    }

    /** Changes applying would make, leaving out no-ops and reads. */
    public List<ResourceChange> pendingChanges() {
        return plan.resourceChanges().stream().filter(ResourceChange::pending).toList();
    }

    /** The whole plan document, every sensitive value replaced: the form in which a plan may be stored. */
    public String maskedJson() {
        return plan.maskedJson();
    }

    /** A short human summary, the plan's stored rendered text. */
    public String text() {
        return PlanText.render(this);
    }
}
