package dev.plumbline.rego;

import dev.plumbline.domain.PlumblineException;

/** A policy set could not be prepared for evaluation (its files, its parameters, the built-in library). */
public class RegoException extends PlumblineException {
    public RegoException(String message) {
        super(message);
    }

    public RegoException(String message, Throwable cause) {
        super(message, cause);
    }
}
