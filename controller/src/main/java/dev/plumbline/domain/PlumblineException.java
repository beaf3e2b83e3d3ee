package dev.plumbline.domain;

/**
 * The root of every error Plumbline raises on purpose. Each boundary has its own subclass (config, source, runner,
 * plan, store, vcs, aws, notify, schedule, policy refusal), whose message reads {@code <doing what>: <cause>} and
 * names the file, field, workspace or run; anything else that reaches a user is an internal error.
 */
public class PlumblineException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PlumblineException(String message) {
        super(message);
    }

    public PlumblineException(String message, Throwable cause) {
        super(message, cause);
    }
}
