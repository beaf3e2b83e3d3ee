package dev.plumbline.reconcile;

import java.util.List;

/**
 * A pull request's review of one workspace: the plan run, and the checks before it. {@code fmtProblems} lists the
 * files {@code fmt -check} found unformatted (a failed check that does not stop the plan); {@code validationMessage}
 * is what {@code validate} said, redacted, empty when it said nothing. When {@code invalid}, the run failed with that
 * message and nothing was planned.
 */
public record ReviewResult(RunResult run, List<String> fmtProblems, String validationMessage, boolean invalid) {
    public ReviewResult {
        fmtProblems = List.copyOf(fmtProblems);
        validationMessage = validationMessage == null ? "" : validationMessage;
    }
}
