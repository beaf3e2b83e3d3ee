package dev.plumbline.vcs;

import java.util.Comparator;
import java.util.List;

/**
 * The last guard before a report leaves Plumbline: the caller masks the plan, but should a known secret still be
 * anywhere in what it passed, it is replaced here. Secrets shorter than {@link #MIN_EMBEDDED} characters are only
 * replaced where a whole field equals them, else every text holding a common short word would be mangled.
 */
final class SensitiveText {
    static final String MASK = "(sensitive value)";
    static final int MIN_EMBEDDED = 4;

    private SensitiveText() {
    }

    /** A copy with every copy of the sensitive values hidden, and the values themselves dropped. */
    static WorkspaceReport scrub(WorkspaceReport r) {
        List<String> secrets = r.sensitiveValues().stream().filter(s -> !s.isEmpty())
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        if (secrets.isEmpty()) {
            return r;
        }
        return new WorkspaceReport(hide(r.workspace(), secrets), r.status(), r.classification(), r.counts(),
                r.driftAddresses().stream().map(a -> hide(a, secrets)).toList(),
                r.fmtProblems().stream().map(f -> hide(f, secrets)).toList(), hide(r.validationMessage(), secrets),
                hide(r.planText(), secrets), r.runId(), List.of());
    }

    private static String hide(String text, List<String> secrets) {
        String result = text;
        for (String secret : secrets) {
            if (secret.length() >= MIN_EMBEDDED) {
                result = result.replace(secret, MASK);
            } else if (result.equals(secret)) {
                return MASK;
            }
        }
        return result;
    }
}
