package org.mpactivation.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The checks every captured log line must pass: one JSON object per line, the event's fields (level,
 * logger, message, timestamp), the request's context where a request was served, and none of the
 * secrets a flow used anywhere in any line.
 */
public final class LogLines {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CLOSING_FIELDS = List.of("request_id", "function", "cloud", "method", "route",
            "outcome", "latency_ms");

    private final List<String> raw;
    private final List<JsonNode> parsed = new ArrayList<>();

    private LogLines(List<String> raw) {
        this.raw = raw;
        for (String line : raw) {
            try {
                JsonNode node = JSON.readTree(line);
                if (node == null || !node.isObject()) {
                    fail("not a JSON object: " + line);
                }
                parsed.add(node);
            } catch (IOException notJson) {
                fail("not JSON: " + line);
            }
        }
    }

    /** @throws AssertionError naming the first line that is not one JSON object */
    public static LogLines of(List<String> lines) {
        return new LogLines(lines);
    }

    public int size() {
        return raw.size();
    }

    /** Fails naming the secret and the line it appears in. */
    public LogLines containNone(Collection<String> secrets) {
        for (String secret : secrets) {
            assertTrue(secret != null && secret.length() >= 6, "a secret to look for is too short to tell: " + secret);
            for (String line : raw) {
                assertFalse(line.contains(secret), "a secret (" + secret.length() + " characters, starting "
                        + secret.substring(0, 2) + ") is in the log line: " + line);
            }
        }
        return this;
    }

    /** The logging library's events (not the metric documents): level, logger, message and time. */
    public List<JsonNode> events() {
        return parsed.stream().filter(node -> node.has("loggerName")).toList();
    }

    /** The embedded-metric-format documents. */
    public List<JsonNode> metricDocuments() {
        return parsed.stream().filter(node -> node.has("_aws")).toList();
    }

    /** The closing lines ("request handled"), each checked for its fields. */
    public List<JsonNode> closingLines() {
        List<JsonNode> closing = events().stream()
                .filter(node -> "request handled".equals(node.path("message").asText())).map(node -> node.get("mdc"))
                .toList();
        for (JsonNode mdc : closing) {
            for (String field : CLOSING_FIELDS) {
                assertTrue(mdc != null && mdc.hasNonNull(field), "closing line without " + field + ": " + mdc);
            }
        }
        return closing;
    }

    /** Every event carries the event's own fields; every other line is a metric document. */
    public LogLines wellFormed() {
        for (JsonNode node : parsed) {
            if (node.has("_aws")) {
                assertTrue(node.at("/_aws/CloudWatchMetrics/0/Namespace").isTextual(), node.toString());
                continue;
            }
            for (String field : List.of("timestamp", "level", "loggerName", "message")) {
                assertTrue(node.hasNonNull(field), "log event without " + field + ": " + node);
            }
        }
        return this;
    }

    /** Events our code logged while serving a request carry that request's id, function and cloud. */
    public LogLines ourEventsInRequestsCarryTheContext() {
        for (JsonNode event : events()) {
            JsonNode mdc = event.path("mdc");
            if (mdc.has("request_id")) {
                assertTrue(mdc.hasNonNull("function") && mdc.hasNonNull("cloud"), event.toString());
            }
        }
        return this;
    }
}
