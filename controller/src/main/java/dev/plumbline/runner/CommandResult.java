package dev.plumbline.runner;

import java.time.Duration;
import java.util.List;

/**
 * How a tool invocation ended. {@code command} is the argument list as run (paths, flags; never secret values,
 * which travel in the environment). {@code stdout} holds the captured output of commands that capture it
 * (show -json), else is empty. {@code tail} keeps the last lines of output for error messages.
 */
public record CommandResult(
        List<String> command, int exitCode, Ending ending, Duration elapsed, String stdout, List<String> tail) {

    public enum Ending {
        EXITED,
        TIMED_OUT,
        CANCELLED
    }

    public boolean succeeded() {
        return ending == Ending.EXITED && exitCode == 0;
    }

    /** For plan -detailed-exitcode: 0 no changes, 2 changes, anything else is an error. */
    public boolean planSucceeded() {
        return ending == Ending.EXITED && (exitCode == 0 || exitCode == 2);
    }

    public String describeFailure() {
        String what = String.join(" ", command.subList(0, Math.min(2, command.size())));
        String why = switch (ending) {
            case TIMED_OUT -> "timed out after " + elapsed.toSeconds() + "s";
            case CANCELLED -> "cancelled";
            case EXITED -> "exit code " + exitCode;
        };
        String last = tail.isEmpty() ? "" : ": " + String.join(" | ", tail.subList(Math.max(0, tail.size() - 5), tail.size()));
        return what + " " + why + last;
    }
}
