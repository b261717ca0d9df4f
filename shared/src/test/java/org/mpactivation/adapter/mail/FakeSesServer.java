package org.mpactivation.adapter.mail;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Speaks the part of the SES API v2 wire protocol (REST-JSON) that {@code SendEmail} uses:
 * {@code POST /v2/email/outbound-emails} with a JSON body, answered by {@code 200} and
 * {@code {"MessageId": ...}}, or by an error status whose {@code x-amzn-ErrorType} header names
 * the error and whose JSON body carries the {@code message}.
 */
final class FakeSesServer implements AutoCloseable {

    static final String SEND_EMAIL_PATH = "/v2/email/outbound-emails";

    record Request(String method, String path, Map<String, List<String>> headers, String body) {

        String header(String name) {
            return headers.entrySet().stream()
                    .filter(h -> h.getKey().equalsIgnoreCase(name))
                    .map(h -> h.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }
    }

    private record Reply(int status, String errorType, String body) {
    }

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile Reply reply = accepted("0100018f-test-message-id");

    private FakeSesServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    static FakeSesServer start() throws IOException {
        return new FakeSesServer();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    void acceptWithMessageId(String messageId) {
        reply = accepted(messageId);
    }

    /** The next requests fail with an SES error such as {@code MessageRejected} (400). */
    void failWith(int status, String errorType, String message) {
        reply = new Reply(status, errorType, "{\"message\":" + jsonString(message) + "}");
    }

    private static Reply accepted(String messageId) {
        return new Reply(200, null, "{\"MessageId\":" + jsonString(messageId) + "}");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            requests.add(new Request(exchange.getRequestMethod(), path,
                    Map.copyOf(exchange.getRequestHeaders()), body));
            Reply r = "POST".equals(exchange.getRequestMethod()) && SEND_EMAIL_PATH.equals(path)
                    ? reply
                    : new Reply(404, "NotFoundException", "{\"message\":\"no such operation\"}");
            byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("x-amzn-RequestId", "req-" + requests.size());
            if (r.errorType() != null) {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", r.errorType());
            }
            exchange.sendResponseHeaders(r.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String jsonString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
