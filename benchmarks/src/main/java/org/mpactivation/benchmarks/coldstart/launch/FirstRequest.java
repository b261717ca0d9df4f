package org.mpactivation.benchmarks.coldstart.launch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first request, as the parent process describes it in the environment variable {@value #VARIABLE} (JSON):
 * {@code {"method", "path", "query", "headers": {name: value}, "body", "iamCaller"}} for HTTP functions,
 * {@code {"messageBody"}} for a queue message, {@code {"event": {...}}} for a scheduled event. The description
 * is read with the streaming parser, which the functions load anyway: the launcher must not bill a function
 * for an object mapper it does not use. Only the queue and scheduled events, which the runtime maps onto
 * objects for a {@code RequestHandler}, are read as a tree ({@link #json()}), as the runtime's own mapper would.
 */
public final class FirstRequest {

    /** The environment variable that carries the request. */
    public static final String VARIABLE = "COLDSTART_REQUEST";
    /** The line the launcher prints when the function has answered; the parent stops its clock at it. */
    public static final String ANSWER_PREFIX = "COLDSTART-ANSWERED";

    private final String text;
    private final Map<String, String> fields = new LinkedHashMap<>();
    private final Map<String, List<String>> headers = new LinkedHashMap<>();

    private FirstRequest(String text) throws IOException {
        this.text = text;
        try (JsonParser parser = new JsonFactory().createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(VARIABLE + " is not a JSON object");
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("headers".equals(name) && value == JsonToken.START_OBJECT) {
                    for (JsonToken h = parser.nextToken(); h == JsonToken.FIELD_NAME; h = parser.nextToken()) {
                        String header = parser.currentName();
                        parser.nextToken();
                        headers.put(header, List.of(parser.getText()));
                    }
                } else if (value.isStructStart()) {
                    parser.skipChildren();
                } else if (value != JsonToken.VALUE_NULL) {
                    fields.put(name, parser.getText());
                }
            }
        }
    }

    static FirstRequest fromEnvironment() {
        String text = System.getenv(VARIABLE);
        if (text == null) {
            throw new IllegalStateException(VARIABLE + " is not set");
        }
        try {
            return new FirstRequest(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole description as a tree, for the events a runtime maps onto objects. */
    JsonNode json() {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String method() {
        return fields.getOrDefault("method", "GET");
    }

    String path() {
        return fields.getOrDefault("path", "/");
    }

    String query() {
        return fields.get("query");
    }

    String iamCaller() {
        return fields.get("iamCaller");
    }

    Map<String, List<String>> headers() {
        return headers;
    }

    byte[] body() {
        return fields.getOrDefault("body", "").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Prints the answer line: the status, then when main started (wall clock, so the parent can tell JVM start-up
     * from the rest), how long building the handler took and how long the first request took.
     */
    static void answered(int status, long mainStartedAtMillis, long constructNanos, long invokeNanos) {
        System.out.println(ANSWER_PREFIX + " status=" + status + " mainAt=" + mainStartedAtMillis
                + " constructMicros=" + constructNanos / 1_000 + " invokeMicros=" + invokeNanos / 1_000);
        System.out.flush();
    }
}
