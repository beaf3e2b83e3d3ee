package dev.plumbline.config;

import dev.plumbline.util.Echo;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The meaning of a {@code drift:} section's ignore rules, confirmation and remediation guards; one problem each. */
final class DriftRules {
    static final int MAX_RULES = 200;

    private final String fileLabel;
    private final Problems problems;

    /** @param fileLabel how an ignored finding names the file of its rule ({@code .plumbline.yaml}) */
    DriftRules(String fileLabel, Problems problems) {
        this.fileLabel = fileLabel;
        this.problems = problems;
    }

    List<IgnoreRule> ignore(RawDrift d) {
        List<IgnoreRule> out = new ArrayList<>();
        if (d.ignore().size() > MAX_RULES) {
            problems.add(d.at() + ".ignore", "has " + d.ignore().size() + " rules, at most " + MAX_RULES);
            return out;
        }
        for (RawDrift.Ignore i : d.ignore()) {
            IgnoreRule rule = rule(i);
            if (rule != null) {
                out.add(rule);
            }
        }
        return out;
    }

    private IgnoreRule rule(RawDrift.Ignore i) {
        AddressGlob address = null;
        if (i.address() == null) {
            problems.add(i.at() + ".address", "must be set: the resources the rule covers, like "
                    + "aws_autoscaling_group.* (use \"*\" for every resource)");
        } else {
            try {
                address = AddressGlob.of(i.address());
            } catch (IllegalArgumentException e) {
                problems.add(i.at() + ".address", e.getMessage() + ", got " + Echo.quote(i.address()));
            }
        }
        List<AttributePath> attributes = paths(i.attributes(), i.at() + ".attributes");
        if (i.reason() == null || i.reason().isBlank()) {
            problems.add(i.at() + ".reason", "must be set: say why this drift may be ignored");
        }
        if (address == null || attributes == null || i.reason() == null || i.reason().isBlank()) {
            return null;
        }
        return new IgnoreRule(fileLabel + ": " + i.at(), address, attributes, i.reason().strip());
    }

    /** The paths, or null (with a problem for each bad one). */
    List<AttributePath> paths(List<String> written, String at) {
        List<AttributePath> out = new ArrayList<>();
        boolean ok = true;
        for (int n = 0; n < written.size(); n++) {
            String p = written.get(n);
            if (p == null) {
                ok = false;
                continue;
            }
            try {
                out.add(AttributePath.parse(p));
            } catch (IllegalArgumentException e) {
                problems.add(at + "[" + n + "]", e.getMessage() + ", got " + Echo.quote(p));
                ok = false;
            }
        }
        return ok ? out : null;
    }

    int confirmAfter(RawDrift d, int fallback) {
        Integer n = d.confirmAfter();
        if (n == null) {
            return fallback;
        }
        if (n < 1 || n > DriftPolicy.MAX_CONFIRM_AFTER) {
            problems.add(d.at() + ".confirm_after", "must be from 1 to " + DriftPolicy.MAX_CONFIRM_AFTER + ", got " + n);
            return fallback;
        }
        return n;
    }

    RemediationGuards remediate(RawDrift.Remediate r) {
        if (r == null) {
            return RemediationGuards.NONE;
        }
        List<AttributePath> attributes = paths(r.attributes(), r.at() + ".attributes");
        Set<String> never = new LinkedHashSet<>();
        for (int n = 0; n < r.never().size(); n++) {
            String a = r.never().get(n);
            if (a != null && !RemediationGuards.ACTIONS.contains(a)) {
                problems.add(r.at() + ".never[" + n + "]", "must be one of create, update, delete, replace, got "
                        + Echo.quote(a));
            } else if (a != null) {
                never.add(a);
            }
        }
        List<ChangeWindow> windows = new ArrayList<>();
        for (int n = 0; n < r.windows().size(); n++) {
            String w = r.windows().get(n);
            if (w == null) {
                continue;
            }
            try {
                windows.add(ChangeWindow.parse(w));
            } catch (IllegalArgumentException e) {
                problems.add(r.at() + ".windows[" + n + "]", e.getMessage() + ", got " + Echo.quote(w));
            }
        }
        if (r.maxChanges() != null && r.maxChanges() < 1) {
            problems.add(r.at() + ".max_changes", "must be at least 1, got " + r.maxChanges());
        }
        return new RemediationGuards(attributes == null ? List.of() : attributes, never, windows, r.maxChanges());
    }
}
