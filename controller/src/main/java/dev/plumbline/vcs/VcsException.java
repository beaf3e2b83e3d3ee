package dev.plumbline.vcs;

import dev.plumbline.domain.PlumblineException;

/**
 * A call to a code host failed. The message names what was being done, the method and path, and the status; it
 * never holds the token. {@link #status()} is the HTTP status, or 0 when no answer came.
 */
public class VcsException extends PlumblineException {
    private final int status;

    public VcsException(String message, int status) {
        super(message);
        this.status = status;
    }

    public VcsException(String message, Throwable cause) {
        super(message, cause);
        this.status = 0;
    }

    public int status() {
        return status;
    }
}
