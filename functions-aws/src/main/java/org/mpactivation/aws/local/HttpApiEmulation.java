package org.mpactivation.aws.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mpactivation.aws.HttpApiEvent;
import org.mpactivation.aws.HttpApiEventJson;

/**
 * Does what API Gateway's HTTP API does in front of a Lambda function, for a plain HTTP server (the
 * local server, the end-to-end tests, the benchmarks): a request becomes a payload 2.0 event (cookies in
 * their own field, a base64 body), the function gets the event's JSON as Lambda hands it to a
 * {@link RequestStreamHandler}, and the JSON it writes becomes the HTTP response. Streaming parser and
 * generator only, like the functions themselves: the cold-start launcher runs this too.
 */
public final class HttpApiEmulation {

    private static final JsonFactory JSON = new JsonFactory();

    private HttpApiEmulation() {
    }

    /** A function's answer as API Gateway reads it (payload 2.0). */
    public record Answer(int statusCode, Map<String, String> headers, List<String> cookies, String body,
                         boolean isBase64Encoded) {

        public Answer {
            headers = headers == null ? Map.of() : headers;
            cookies = cookies == null ? List.of() : cookies;
        }

        /** The body as bytes (base64 decoded where the function encoded it). */
        public byte[] bodyBytes() {
            return body == null ? new byte[0]
                    : isBase64Encoded ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Like {@link #toEvent(String, String, String, Map, String, byte[], String)}, for a JDK server's exchange. */
    public static HttpApiEvent toEvent(HttpExchange exchange, byte[] body, String iamCaller) {
        return toEvent(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
                exchange.getRemoteAddress().getAddress().getHostAddress(), body, iamCaller);
    }

    /**
     * The event for a request that any HTTP server received.
     *
     * @param rawPath     the path as sent, percent-encoding kept
     * @param rawQuery    the query as sent, or null
     * @param headers     every header by name as sent (any case), each with its values in order; the
     *                    {@code Cookie} headers become the event's cookies
     * @param peerAddress the address of the connection's other end (API Gateway's source IP)
     * @param iamCaller   the caller's ARN to put in the IAM authorizer context (a route with IAM
     *                    authorization that the front has authenticated), or null
     */
    public static HttpApiEvent toEvent(String method, String rawPath, String rawQuery,
                                       Map<String, List<String>> headers, String peerAddress, byte[] body,
                                       String iamCaller) {
        Map<String, String> single = new HashMap<>();
        List<String> cookies = new ArrayList<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                for (String value : values) {
                    for (String part : value.split(";")) {
                        if (!part.isBlank()) {
                            cookies.add(part.strip());
                        }
                    }
                }
            } else {
                single.merge(lower, String.join(",", values), (first, more) -> first + "," + more);
            }
        });
        // API Gateway names each request; locally the caller's x-request-id, else a fresh id
        String requestId = single.getOrDefault("x-request-id", java.util.UUID.randomUUID().toString());
        HttpApiEvent.Http http = new HttpApiEvent.Http(method, rawPath, "HTTP/1.1", peerAddress,
                single.get("user-agent"));
        boolean hasBody = body.length > 0;
        return new HttpApiEvent("2.0", "$default", rawPath, rawQuery == null ? "" : rawQuery,
                cookies.isEmpty() ? null : cookies, single, null,
                new HttpApiEvent.RequestContext(requestId, single.get("host"), http, iamCaller),
                hasBody ? Base64.getEncoder().encodeToString(body) : null, hasBody);
    }

    /** Invokes the function as Lambda does: the event's JSON in, the answer's JSON out. */
    public static Answer invoke(RequestStreamHandler function, HttpApiEvent event, Context context) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            function.handleRequest(new ByteArrayInputStream(HttpApiEventJson.of(event)), output, context);
            return readAnswer(output.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads the JSON a function wrote; fields API Gateway would not read are skipped. */
    public static Answer readAnswer(byte[] json) throws IOException {
        int status = 0;
        Map<String, String> headers = null;
        List<String> cookies = null;
        String body = null;
        boolean base64 = false;
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("the function's answer is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "statusCode" -> status = parser.getIntValue();
                    case "headers" -> headers = value == JsonToken.START_OBJECT ? textMap(parser) : null;
                    case "cookies" -> cookies = value == JsonToken.START_ARRAY ? texts(parser) : null;
                    case "body" -> body = value == JsonToken.VALUE_NULL ? null : parser.getText();
                    case "isBase64Encoded" -> base64 = value == JsonToken.VALUE_TRUE;
                    default -> parser.skipChildren();
                }
            }
        }
        return new Answer(status, headers, cookies, body, base64);
    }

    /** The body of the function's answer as bytes (base64 decoded where the function encoded it). */
    public static byte[] bodyOf(Answer answer) {
        return answer.bodyBytes();
    }

    /** Writes the function's answer as the HTTP response (each cookie its own Set-Cookie header). */
    public static void respond(HttpExchange exchange, Answer answer) throws IOException {
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        answer.cookies().forEach(cookie -> exchange.getResponseHeaders().add("Set-Cookie", cookie));
        byte[] body = answer.bodyBytes();
        boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(answer.statusCode(), noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
        }
    }

    private static Map<String, String> textMap(JsonParser parser) throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            texts.put(name, parser.getText());
        }
        return texts;
    }

    private static List<String> texts(JsonParser parser) throws IOException {
        List<String> texts = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            texts.add(parser.getText());
        }
        return texts;
    }
}
