package dev.plumbline.domain;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What one policy set said about one plan. Messages are already masked: no sensitive value of the plan is in them.
 *
 * @param set         the set's name ({@code protected}, or {@code repo:<repo>} for a repository's own policies)
 * @param enforcement what a failure of this set does to the apply
 * @param outcome     passed, warned (warnings only), denied, or errored (the policy could not be evaluated)
 * @param messages    each denial and warning, in the order the rules gave them
 * @param error       why the evaluation failed (the tool's message, masked), or null
 * @param elapsed     how long the evaluation took
 */
public record PolicyResult(
        String set, Enforcement enforcement, Outcome outcome, List<Message> messages, String error,
        Duration elapsed) {

    public PolicyResult {
        messages = List.copyOf(messages);
    }

    /** How an evaluation ended, worst last. */
    public enum Outcome {
        PASSED, WARNED, DENIED, ERRORED;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Outcome parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** A rule's kind: {@code deny} and {@code violation} rules deny, {@code warn} rules warn. */
    public enum Kind {
        DENY, WARN;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    /** One message, with the rule that gave it ({@code main.deny}). */
    public record Message(Kind kind, String rule, String text) { }

    /** A mandatory set that denied or could not be evaluated: it blocks the apply unless overridden. */
    public boolean blocks() {
        return enforcement == Enforcement.MANDATORY && (outcome == Outcome.DENIED || outcome == Outcome.ERRORED);
    }

    /** Denied or errored, whatever the enforcement. */
    public boolean failed() {
        return outcome == Outcome.DENIED || outcome == Outcome.ERRORED;
    }

    public List<Message> denials() {
        return messages.stream().filter(m -> m.kind() == Kind.DENY).toList();
    }

    public List<Message> warnings() {
        return messages.stream().filter(m -> m.kind() == Kind.WARN).toList();
    }
}
