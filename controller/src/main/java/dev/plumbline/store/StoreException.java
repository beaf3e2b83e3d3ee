package dev.plumbline.store;

import dev.plumbline.domain.PlumblineException;

/**
 * The one exception the store throws for database and key-file failures; the message says what was being done
 * (naming the run or workspace) and the low-level cause is kept. Misuse, such as finishing a run twice, is an
 * {@link IllegalStateException} or {@link IllegalArgumentException} instead, because retrying will not help.
 */
public class StoreException extends PlumblineException {
    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
