package dev.plumbline.http;

import dev.plumbline.domain.PlumblineException;

/** A request refused at the HTTP edge, with the status to answer and a message naming what was asked for. */
public final class ApiException extends PlumblineException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }
}
