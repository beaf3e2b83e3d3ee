package dev.plumbline.runner;

import dev.plumbline.domain.PlumblineException;

/** A tool could not be run at all (missing binary, unwritable directory); a tool that ran and failed is a result. */
public class RunnerException extends PlumblineException {
    public RunnerException(String message) {
        super(message);
    }

    public RunnerException(String message, Throwable cause) {
        super(message, cause);
    }
}
