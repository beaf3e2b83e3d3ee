package dev.plumbline.notify;

import dev.plumbline.domain.PlumblineException;

/** A notification could not be delivered; the message names the channel (without secrets) and the workspace. */
public class NotificationException extends PlumblineException {
    private static final long serialVersionUID = 1L;

    public NotificationException(String message, Throwable cause) {
        super(message, cause);
    }

    public NotificationException(String message) {
        super(message);
    }
}
