package dev.plumbline.source;

import dev.plumbline.domain.PlumblineException;

/**
 * The one failure type of the source package: fetching, resolving or checking out failed. The message reads
 * {@code <doing what>: <cause>} and names the repo, the URL without credentials and the branch or commit; the
 * low-level cause (usually a JGit exception) is kept.
 */
public class SourceException extends PlumblineException {
    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    public SourceException(String message, Throwable cause) {
        this(message, cause, false);
    }

    public SourceException(String message) {
        this(message, null, false);
    }

    SourceException(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** True for network and transport failures that may pass by themselves; false for auth, a missing branch... */
    public boolean isRetryable() {
        return retryable;
    }
}
