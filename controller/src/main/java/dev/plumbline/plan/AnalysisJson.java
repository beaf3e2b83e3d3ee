package dev.plumbline.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.plumbline.domain.ResourceCounts;
import java.util.List;

/**
 * An analysis as a small JSON object (the machine-readable twin of {@link PlanText}). Field names follow the
 * plan format's snake case; entries keep the plan's order. Built from masked values only.
 */
public final class AnalysisJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AnalysisJson() {
    }

    public static ObjectNode of(PlanAnalysis analysis) {
        Plan plan = analysis.plan();
        ObjectNode json = NODES.objectNode();
        json.put("classification", analysis.classification().wire());
        json.put("errored", plan.errored());
        json.put("format_version", plan.formatVersion());
        json.put("terraform_version", plan.terraformVersion());
        ResourceCounts counts = analysis.counts();
        json.putObject("counts").put("add", counts.add()).put("change", counts.change())
                .put("destroy", counts.destroy()).put("forget", counts.forget());
        json.set("resource_changes", resources(plan.resourceChanges()));
        json.set("resource_drift", resources(plan.resourceDrift()));
        ArrayNode findings = json.putArray("drift_findings");
        for (DriftedAttribute f : analysis.drifted()) {
            ObjectNode finding = findings.addObject().put("address", f.address())
                    .put("kind", f.kind().drift().wire()).put("path", f.path())
                    .put("disposition", f.disposition().wire());
            if (f.rule() != null) {
                finding.put("rule", f.rule());
            }
            finding.set("before", f.before());
            finding.set("after", f.after());
        }
        ArrayNode outputs = json.putArray("output_changes");
        for (OutputChange o : plan.outputChanges()) {
            ObjectNode entry = outputs.addObject().put("name", o.name());
            entry.set("actions", actions(o.actions()));
            entry.put("sensitive", o.sensitive());
            entry.set("before", o.before());
            entry.set("after", o.after());
        }
        return json;
    }

    private static ArrayNode resources(List<ResourceChange> changes) {
        ArrayNode array = NODES.arrayNode();
        for (ResourceChange rc : changes) {
            ObjectNode entry = array.addObject().put("address", rc.address());
            if (rc.previousAddress() != null) {
                entry.put("previous_address", rc.previousAddress());
            }
            entry.set("actions", actions(rc.actions()));
            if (rc.actionReason() != null) {
                entry.put("action_reason", rc.actionReason());
            }
            ArrayNode paths = entry.putArray("changed_attributes");
            rc.changedAttributes().forEach(paths::add);
            if (!rc.replacePaths().isEmpty()) {
                ArrayNode replace = entry.putArray("replace_paths");
                rc.replacePaths().forEach(replace::add);
            }
        }
        return array;
    }

    private static ArrayNode actions(List<Action> actions) {
        ArrayNode array = NODES.arrayNode();
        actions.forEach(a -> array.add(a.wire()));
        return array;
    }
}
