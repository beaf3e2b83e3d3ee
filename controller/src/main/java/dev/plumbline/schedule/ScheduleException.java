package dev.plumbline.schedule;

import dev.plumbline.domain.PlumblineException;

/** The scheduler or its tables in the store failed; the message says what was being done. */
public final class ScheduleException extends PlumblineException {
    public ScheduleException(String message, Throwable cause) {
        super(message, cause);
    }
}
