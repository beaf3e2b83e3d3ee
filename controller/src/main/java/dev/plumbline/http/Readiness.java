package dev.plumbline.http;

import java.util.List;

/** What {@code /readyz} checks: each named check passes, or says why not. */
@FunctionalInterface
public interface Readiness {
    /** One check: its name, and null when it passes or the reason it does not. */
    record Check(String name, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    List<Check> checks();
}
