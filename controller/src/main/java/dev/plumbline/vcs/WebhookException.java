package dev.plumbline.vcs;

import dev.plumbline.domain.PlumblineException;

/**
 * A webhook delivery was refused: {@link Reason#UNAUTHENTICATED} when it does not prove it comes from the host
 * (answer 401), {@link Reason#MALFORMED} when its payload cannot be read (answer 400).
 */
public class WebhookException extends PlumblineException {
    public enum Reason { UNAUTHENTICATED, MALFORMED }

    private final Reason reason;

    public WebhookException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
