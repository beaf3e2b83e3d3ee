package dev.plumbline.http;

import dev.plumbline.util.Echo;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answer to a request the HTTP server refuses before Plumbline sees it (a header too large or malformed, a
 * length that cannot be trusted): one line of plain text, {@code HTTP 431: request header fields too large},
 * instead of Jetty's HTML page, which repeats parts of the request.
 */
final class PlainErrors extends ErrorHandler {

    static String line(int status, String reason) {
        String why = reason == null || reason.isBlank() ? HttpStatus.getMessage(status) : reason;
        // the reason may quote the bad bytes: cut and escaped like any repeated input
        return "HTTP " + status + ": " + Echo.text(Character.toLowerCase(why.charAt(0)) + why.substring(1)) + "\n";
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        return ByteBuffer.wrap(line(status, reason).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
            Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap(line(code, message).getBytes(StandardCharsets.UTF_8)), callback);
    }
}
