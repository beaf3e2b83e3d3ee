package dev.plumbline.plan;

import java.util.List;

/**
 * A parsed {@code tofu show -json <planfile>}. Nothing in it is raw: values are masked, and
 * {@link #maskedJson()} is the whole document with every sensitive value replaced.
 *
 * @param terraformVersion the version of the tool that wrote the plan (tofu reuses terraform's field name)
 * @param errored          the plan stopped on an error; what it holds is what was planned up to then
 * @param maskedJson       the whole document masked, to be stored; null for a plan read only to be analysed
 *                         ({@link PlanFile})
 */
public record Plan(
        String formatVersion,
        String terraformVersion,
        boolean errored,
        List<ResourceChange> resourceChanges,
        List<ResourceChange> resourceDrift,
        List<OutputChange> outputChanges,
        String maskedJson) {

    public Plan {
        resourceChanges = List.copyOf(resourceChanges);
        resourceDrift = List.copyOf(resourceDrift);
        outputChanges = List.copyOf(outputChanges);
    }
}
