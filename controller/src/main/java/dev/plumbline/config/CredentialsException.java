package dev.plumbline.config;

import dev.plumbline.domain.PlumblineException;

/**
 * A credentials reference that could not be resolved when it was needed (an unset variable, a missing file): a
 * repository's token or the store's password. The message names the repository or the config field, and the
 * variable or file; it never contains a secret.
 */
public class CredentialsException extends PlumblineException {
    private static final long serialVersionUID = 1L;

    public CredentialsException(String message) {
        super(message);
    }
}
