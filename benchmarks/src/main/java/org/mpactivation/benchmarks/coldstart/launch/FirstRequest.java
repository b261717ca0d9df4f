package org.mpactivation.benchmarks.coldstart.launch;

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
 * {@code {"messageBody"}} for a queue message, {@code {"event": {...}}} for a scheduled event. The runtimes hand
 * the function a parsed event too, so reading this JSON stands in for their own event parsing.
 */
public final class FirstRequest {

    /** The environment variable that carries the request. */
    public static final String VARIABLE = "COLDSTART_REQUEST";
    /** The line the launcher prints when the function has answered; the parent stops its clock at it. */
    public static final String ANSWER_PREFIX = "COLDSTART-ANSWERED";

    private final JsonNode json;

    private FirstRequest(JsonNode json) {
        this.json = json;
    }

    static FirstRequest fromEnvironment() {
        String text = System.getenv(VARIABLE);
        if (text == null) {
            throw new IllegalStateException(VARIABLE + " is not set");
        }
        try {
            return new FirstRequest(new ObjectMapper().readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode json() {
        return json;
    }

    String method() {
        return json.path("method").asText("GET");
    }

    String path() {
        return json.path("path").asText("/");
    }

    String query() {
        return json.hasNonNull("query") ? json.get("query").asText() : null;
    }

    String iamCaller() {
        return json.hasNonNull("iamCaller") ? json.get("iamCaller").asText() : null;
    }

    Map<String, List<String>> headers() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        json.path("headers").fields().forEachRemaining(field -> headers.put(field.getKey(),
                List.of(field.getValue().asText())));
        return headers;
    }

    byte[] body() {
        return json.path("body").asText("").getBytes(StandardCharsets.UTF_8);
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
