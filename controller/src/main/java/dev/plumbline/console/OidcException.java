package dev.plumbline.console;

import dev.plumbline.domain.PlumblineException;

/** An OpenID Connect sign-in that could not be completed; the message says which step and why. */
public final class OidcException extends PlumblineException {
    public OidcException(String message) {
        super(message);
    }

    public OidcException(String message, Throwable cause) {
        super(message, cause);
    }
}
