package dev.plumbline.events;

import dev.plumbline.domain.PlumblineException;

/** A message that cannot be read as a change event; the message says why, naming the field. */
public final class MalformedEvent extends PlumblineException {
    private static final long serialVersionUID = 1L;

    public MalformedEvent(String message) {
        super(message);
    }
}
