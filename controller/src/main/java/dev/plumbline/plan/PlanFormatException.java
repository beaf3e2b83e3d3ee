package dev.plumbline.plan;

import dev.plumbline.domain.PlumblineException;

/** The input is not a plan this code can read: not JSON, not a plan, or a plan in an unknown shape. */
public class PlanFormatException extends PlumblineException {
    private static final long serialVersionUID = 1L;

    public PlanFormatException(String message) {
        super(message);
    }

    public PlanFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
