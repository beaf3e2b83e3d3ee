package dev.plumbline.cli;

import dev.plumbline.domain.DriftFinding;
import dev.plumbline.reconcile.Outcome;
import dev.plumbline.reconcile.RunResult;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/** The JSON (and one-line text) form of an {@link Outcome}: what was planned, decided and applied. */
record OutcomeView(
        String workspace, long runId, String status, String classification, List<String> drifted,
        List<DriftView> drift, String decision, String reason, Long applyRunId, String applyStatus, String error) {

    /** {@code disposition}: drift, noise or ignored (then {@code rule} names the ignore rule). */
    record DriftView(String address, String action, String attribute, String before, String after,
                     String disposition, String rule) { }

    static OutcomeView of(Outcome o) {
        RunResult p = o.plan();
        RunResult a = o.apply();
        List<DriftView> drift = p.drift().stream().map(OutcomeView::drift).toList();
        List<String> addresses = List.copyOf(new LinkedHashSet<>(p.drift().stream().filter(DriftFinding::isDrift)
                .map(DriftFinding::address).toList()));
        String error = a != null && !a.succeeded() ? a.error() : p.error();
        return new OutcomeView(o.workspace().toString(), p.runId(), p.status().wire(),
                p.classification() == null ? null : p.classification().wire(), addresses, drift,
                o.decision().verdict().name().toLowerCase(Locale.ROOT), o.decision().reason(),
                a == null ? null : a.runId(), a == null ? null : a.status().wire(), error);
    }

    private static DriftView drift(DriftFinding f) {
        return new DriftView(f.address(), f.action().prose(), f.attributePath(), f.before(), f.after(),
                f.disposition().wire(), f.rule());
    }

    String line() {
        StringBuilder b = new StringBuilder(workspace).append(": run ").append(runId).append(' ');
        b.append(classification != null ? classification : status);
        if (!drifted.isEmpty()) {
            b.append(" (").append(String.join(", ", drifted)).append(')');
        }
        b.append("; ").append(decision.replace('_', ' ')).append(" (").append(reason).append(')');
        if (applyRunId != null) {
            b.append("; apply run ").append(applyRunId).append(' ').append(applyStatus);
        } else if (decision.equals("await_approval") && reason.contains("--override-policy")) {
            b.append("; to apply it: the approve above, then plumbline apply ").append(runId);
        } else if (decision.equals("await_approval")) {
            b.append("; to apply it: plumbline approve ").append(runId).append(", then plumbline apply ").append(runId);
        }
        if (error != null) {
            b.append("; error: ").append(error);
        }
        return b.toString();
    }
}
