package dev.plumbline.plan;

import dev.plumbline.domain.Classification;
import dev.plumbline.domain.DriftFinding;
import dev.plumbline.domain.ResourceCounts;
import java.util.ArrayList;
import java.util.List;

/** What a plan means for its workspace: its classification, tofu's counts and the drift found. */
public record PlanAnalysis(Plan plan, Classification classification, ResourceCounts counts) {

    public static PlanAnalysis of(Plan plan) {
        return of(plan, false);
    }

    /**
     * @param planCommandFailed the plan command exited with an error. Its plan file may still hold a partial
     *                          plan that does not say {@code errored}; it must not pass for a clean one.
     */
    public static PlanAnalysis of(Plan plan, boolean planCommandFailed) {
        return new PlanAnalysis(plan, classify(plan, planCommandFailed), count(plan.resourceChanges()));
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

    private static Classification classify(Plan plan, boolean planCommandFailed) {
        if (plan.errored() || planCommandFailed) {
            return Classification.ERRORED;
        }
        if (plan.resourceDrift().stream().anyMatch(d -> d.kind() != ChangeKind.NO_OP)) {
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
     * Drift as rows to store: one per changed attribute, or one per resource deleted or created outside Git; values
     * masked, as text.
     */
    public List<DriftFinding> driftFindings() {
        return drifted().stream().map(DriftedAttribute::finding).toList();
    }

    /** The same drift with its masked values still JSON. */
    List<DriftedAttribute> drifted() {
        List<DriftedAttribute> findings = new ArrayList<>();
        for (ResourceChange drift : plan.resourceDrift()) {
            ChangeKind kind = drift.kind();
            if (kind == ChangeKind.NO_OP) {
                continue;
            }
            // a whole object appeared or vanished; or it changed only where the attributes are not compared
            if (kind == ChangeKind.DELETE || kind == ChangeKind.CREATE || drift.attributeChanges().isEmpty()) {
                findings.add(DriftedAttribute.of(drift.address(), kind, "", drift.before(), drift.after()));
                continue;
            }
            for (AttributeChange attribute : drift.attributeChanges()) {
                findings.add(DriftedAttribute.of(drift.address(), kind, attribute.path(),
                        attribute.before(), attribute.after()));
            }
        }
        return findings;
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
