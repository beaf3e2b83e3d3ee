package dev.plumbline.schedule;

/** The scheduler or its tables in the store failed; the message says what was being done. */
public final class ScheduleException extends RuntimeException {
    public ScheduleException(String message, Throwable cause) {
        super(message, cause);
    }
}
