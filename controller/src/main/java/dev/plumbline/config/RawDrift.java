package dev.plumbline.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@code drift:} section as written, in {@code .plumbline.yaml} (per workspace) or in the daemon config (for all):
 * every field nullable. The daemon's has only {@code ignore}: the rest belongs to a workspace.
 */
record RawDrift(String at, Boolean enabled, String schedule, String onDrift, List<Ignore> ignore,
                Integer confirmAfter, Remediate remediate) {

    /** {@code at} is {@code workspaces[0].drift.ignore[1]}. */
    record Ignore(String at, String address, List<String> attributes, String reason) { }

    record Remediate(String at, List<String> attributes, List<String> never, List<String> windows,
                     Integer maxChanges) { }

    static RawDrift read(Fields d, boolean workspace) {
        Boolean enabled = workspace ? d.bool("enabled") : null;
        String schedule = workspace ? d.string("schedule") : null;
        String onDrift = workspace ? d.string("on_drift") : null;
        List<Ignore> ignore = new ArrayList<>();
        for (Fields i : d.mappings("ignore")) {
            ignore.add(new Ignore(i.path(), i.string("address"), i.strings("attributes"), i.string("reason")));
            i.rejectUnknown();
        }
        Integer confirmAfter = workspace ? d.integer("confirm_after") : null;
        Remediate remediate = null;
        Fields r = workspace ? d.mappingOrNull("remediate") : null;
        if (r != null) {
            remediate = new Remediate(r.path(), r.strings("attributes"), r.strings("never"), r.strings("windows"),
                    r.integer("max_changes"));
            r.rejectUnknown();
        }
        d.rejectUnknown();
        return new RawDrift(d.path(), enabled, schedule, onDrift, ignore, confirmAfter, remediate);
    }
}
