package dev.plumbline.domain;

import java.util.Locale;

/** What a failing policy set does to the apply of the plan it checked. */
public enum Enforcement {
    /** its denials and warnings are shown and stored; the apply goes on as the workspace's policy says. */
    ADVISORY,
    /** a denial, or a policy that cannot be evaluated, blocks the apply until an operator overrides the set. */
    MANDATORY;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Enforcement parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
