package dev.plumbline.reconcile;

import dev.plumbline.domain.PolicyResult;
import java.util.ArrayList;
import java.util.List;

/** The lines a policy verdict is shown in, in a run's log and on the command line. */
public final class PolicyLines {
    private PolicyLines() { }

    /**
     * {@code policy set protected (mandatory): denied in 41 ms}, then one line per message
     * ({@code   deny plumbline.protected.deny: random_pet.name is protected and would be replaced}).
     */
    public static List<String> of(PolicyResult r) {
        List<String> out = new ArrayList<>();
        out.add("policy set " + r.set() + " (" + r.enforcement().wire() + "): " + r.outcome().wire() + " in "
                + r.elapsed().toMillis() + " ms" + (r.error() == null ? "" : ": " + r.error()));
        r.messages().forEach(m -> out.add("  " + m.kind().wire() + " " + m.rule() + ": " + m.text()));
        return out;
    }
}
