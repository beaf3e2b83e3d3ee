package dev.plumbline.plan;

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
        List<ResourceChange> drift = plan.resourceDrift().stream().filter(d -> d.kind() != ChangeKind.NO_OP).toList();
        if (!drift.isEmpty()) {
            out.append("\nChanged outside of Plumbline/Git:\n");
            for (ResourceChange d : drift) {
                out.append("  # ").append(d.address()).append(' ').append(d.kind().drift().prose()).append('\n');
                if (d.kind() == ChangeKind.UPDATE) {
                    attributes(out, d, List.of());
                }
            }
        }
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
