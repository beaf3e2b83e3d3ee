package dev.plumbline.domain;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One difference between Git and the real world, as a drift check found it: one changed attribute of a resource,
 * or a whole resource deleted (or created) outside Git, which has an empty attribute path and the whole object on
 * one side. The path and both values are null when not known; the values are text, already masked when sensitive.
 * {@code disposition} says whether it is drift at all ({@link DriftDisposition}); {@code rule} names the ignore
 * rule of an ignored finding and is null otherwise.
 */
public record DriftFinding(String address, DriftAction action, String attributePath, String before, String after,
                           DriftDisposition disposition, String rule) {
    public DriftFinding {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(disposition, "disposition");
    }

    /** A finding that is drift. */
    public DriftFinding(String address, DriftAction action, String attributePath, String before, String after) {
        this(address, action, attributePath, before, after, DriftDisposition.DRIFT, null);
    }

    public boolean isDrift() {
        return disposition == DriftDisposition.DRIFT;
    }

    /** The same finding with both values passed through {@code rewrite} (a redaction, say); a null stays null. */
    public DriftFinding withValues(UnaryOperator<String> rewrite) {
        return new DriftFinding(address, action, attributePath, before == null ? null : rewrite.apply(before),
                after == null ? null : rewrite.apply(after), disposition, rule);
    }

    /** The same finding, ignored by {@code ruleName}. */
    public DriftFinding ignoredBy(String ruleName) {
        return new DriftFinding(address, action, attributePath, before, after, DriftDisposition.IGNORED, ruleName);
    }
}
