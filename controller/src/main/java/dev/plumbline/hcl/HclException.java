package dev.plumbline.hcl;

import dev.plumbline.domain.PlumblineException;

/**
 * An HCL file could not be read. The message reads {@code reading <file>: <cause>} and never quotes the file's
 * content: it may hold a secret.
 */
public class HclException extends PlumblineException {
    private static final long serialVersionUID = 1L;

    public HclException(String message, Throwable cause) {
        super(message, cause);
    }
}
