package dev.plumbline.plan;

import dev.plumbline.domain.DriftDisposition;
import java.util.List;

/**
 * A compact plain-text summary of an analysis, stored as the plan's rendered text. Shaped after tofu's own
 * output ({@code # address will be updated in-place}) so it reads familiar, but only the changed attributes are
 * listed. Everything in it comes from masked values.
 */
final class PlanText {
    private PlanText() {
    }

    static String render(PlanAnalysis analysis) {
        Plan plan = analysis.plan();
        StringBuilder out = new StringBuilder();
        out.append("Classification: ").append(analysis.classification().wire()).append('\n');
        if (plan.errored()) {
            out.append("The plan stopped on an error; what follows is what was planned before it.\n");
        }
        List<DriftedAttribute> found = analysis.drifted();
        findings(out, "\nChanged outside of Plumbline/Git:\n", found, DriftDisposition.DRIFT);
        findings(out, "\nIgnored by a rule (not drift):\n", found, DriftDisposition.IGNORED);
        findings(out, "\nNoise, the same value written two ways (not drift):\n", found, DriftDisposition.NOISE);
        List<ResourceChange> pending = analysis.pendingChanges();
        if (!pending.isEmpty()) {
            out.append("\nResource changes:\n");
            for (ResourceChange rc : pending) {
                resource(out, rc);
            }
        }
        List<OutputChange> outputs = plan.outputChanges().stream().filter(OutputChange::pending).toList();
        if (!outputs.isEmpty()) {
            out.append("\nOutput changes:\n");
            for (OutputChange o : outputs) {
                out.append("  ").append(o.name()).append(": ").append(ValueText.of(o.before()))
                        .append(" -> ").append(ValueText.of(o.after())).append('\n');
            }
        }
        out.append('\n').append(analysis.counts().summary()).append('\n');
        return out.toString();
    }

    /** The findings of one disposition, under their resource's address, as tofu groups them. */
    private static void findings(StringBuilder out, String title, List<DriftedAttribute> found,
            DriftDisposition disposition) {
        String address = null;
        for (DriftedAttribute f : found) {
            if (f.disposition() != disposition) {
                continue;
            }
            if (address == null) {
                out.append(title);
            }
            if (!f.address().equals(address)) {
                address = f.address();
                out.append("  # ").append(address).append(' ').append(f.kind().drift().prose()).append('\n');
            }
            if (f.kind() == ChangeKind.UPDATE && !f.path().isEmpty()) {
                out.append("    ").append(f.path()).append(": ").append(f.change().beforeText()).append(" -> ")
                        .append(f.change().afterText());
                if (f.rule() != null) {
                    out.append("  # ").append(f.rule());
                }
                out.append('\n');
            }
        }
    }

    private static void resource(StringBuilder out, ResourceChange rc) {
        out.append("  # ").append(rc.address());
        if (rc.kind() == ChangeKind.NO_OP && rc.moved()) {
            out.append(" has moved from ").append(rc.previousAddress());
        } else if (rc.kind() == ChangeKind.NO_OP && rc.importing()) {
            out.append(" will be imported");
        } else {
            out.append(' ').append(rc.kind().planned());
        }
        if (rc.deposed() != null) {
            out.append(" (deposed object ").append(rc.deposed()).append(')');
        }
        if (rc.actionReason() != null) {
            out.append(" [").append(rc.actionReason()).append(']');
        }
        out.append('\n');
        if (rc.moved() && rc.kind() != ChangeKind.NO_OP) {
            out.append("    (moved from ").append(rc.previousAddress()).append(")\n");
        }
        // created and destroyed objects would list every attribute; their address says enough here
        if (rc.kind() == ChangeKind.UPDATE || rc.kind() == ChangeKind.REPLACE) {
            attributes(out, rc, rc.replacePaths());
        }
    }

    private static void attributes(StringBuilder out, ResourceChange rc, List<String> replacePaths) {
        for (AttributeChange a : rc.attributeChanges()) {
            out.append("    ").append(a.path()).append(": ").append(a.beforeText()).append(" -> ").append(a.afterText());
            if (replacePaths.contains(a.path())) {
                out.append("  # forces replacement");
            }
            out.append('\n');
        }
    }
}
