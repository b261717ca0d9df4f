package org.mpactivation.local;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty itself gives (a request it cannot parse, headers too large, a failure outside our
 * routes): one short plain-text line per status. Never the parser's reason, an exception's name or a stack
 * trace: those tell a prober about the server, and nothing to a person.
 */
final class PlainErrors extends ErrorHandler {

    static final String CONTENT_TYPE = "text/plain; charset=utf-8";

    /** What a status means, for a person, without any detail of this request. */
    static String message(int status) {
        return switch (status) {
            case 400 -> "Bad request.";
            case 401 -> "Sign-in required.";
            case 403 -> "Forbidden.";
            case 404 -> "Not found.";
            case 405 -> "Method not allowed.";
            case 408 -> "The request took too long.";
            case 411 -> "A request body needs its length.";
            case 413 -> "The request body is too large.";
            case 414 -> "The address is too long.";
            case 415 -> "Unsupported content type.";
            case 429 -> "Too many requests. Wait a moment, then try again.";
            case 431 -> "The request headers are too large.";
            case 500 -> "Something went wrong on our side.";
            case 501 -> "Not implemented.";
            case 503 -> "The service is unavailable. Try again shortly.";
            case 505 -> "HTTP version not supported.";
            default -> status >= 500 ? "The server could not answer." : "The request was refused.";
        } + "\n";
    }

    PlainErrors() {
        setShowStacks(false);
        setShowCauses(false);
        setShowMessageInTitle(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        response.write(true, ByteBuffer.wrap(message(code).getBytes(StandardCharsets.UTF_8)), callback);
    }

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        return ByteBuffer.wrap(message(status).getBytes(StandardCharsets.UTF_8));
    }
}
