package org.mpactivation.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.metrics.InMemoryMetrics;
import org.mpactivation.domain.Cloud;
import org.mpactivation.observability.log.LogCapture;
import org.mpactivation.port.out.Metrics;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;
import org.slf4j.MDC;

class InvocationsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Router router = new Router((status, key) -> WebResponse.text(status, "text/plain", "error"))
            .get("/activate/workspaces/{id}/bind", (request, params) -> WebResponse.text(200, "text/plain", "bound"))
            .get("/boom", (request, params) -> {
                throw new IllegalStateException("secret-detail");
            });
    private final InMemoryMetrics metrics = new InMemoryMetrics("default");

    @Test
    void givenARoutedRequest_thenOneClosingLineNamesTheTemplateNotThePathNorTheQuery() {
        List<JsonNode> lines;
        try (LogCapture capture = LogCapture.start()) {
            Invocations.http("req-7", "activation", Cloud.AWS, metrics, get("/activate/workspaces/ws-secret9/bind",
                    Map.of("token", List.of("tok-abc"))), router::handle);
            lines = json(capture.loggedLines());
        }

        JsonNode closing = only(lines, Invocations.CLOSING_MESSAGE).get("mdc");
        assertEquals("req-7", closing.get("request_id").asText());
        assertEquals("activation", closing.get("function").asText());
        assertEquals("aws", closing.get("cloud").asText());
        assertEquals("GET", closing.get("method").asText());
        assertEquals("/activate/workspaces/{id}/bind", closing.get("route").asText());
        assertEquals("200", closing.get("status").asText());
        assertEquals("ok", closing.get("outcome").asText());
        assertTrue(closing.get("latency_ms").asLong() >= 0);
        String all = lines.toString();
        assertFalse(all.contains("ws-secret9") || all.contains("tok-abc"), all);
        assertEquals(1, metrics.rows().size(), "the entry point's latency");
        assertEquals("activation.latency", metrics.rows().get(0).series().name());
        assertTrue(MDC.getCopyOfContextMap() == null || MDC.getCopyOfContextMap().isEmpty(), "context closed");
    }

    @Test
    void givenUnmatchedAndFailingRequests_thenOutcomesFollowTheStatus() {
        List<JsonNode> lines;
        try (LogCapture capture = LogCapture.start()) {
            Invocations.http(null, "activation", Cloud.AZURE, metrics, get("/nowhere", Map.of()), router::handle);
            Invocations.http("bad id with spaces", "activation", Cloud.AZURE, metrics, get("/boom", Map.of()),
                    router::handle);
            lines = json(capture.loggedLines());
        }
        List<JsonNode> closing = lines.stream()
                .filter(l -> Invocations.CLOSING_MESSAGE.equals(l.get("message").asText())).map(l -> l.get("mdc"))
                .toList();
        assertEquals(2, closing.size());
        assertEquals("unmatched", closing.get(0).get("route").asText());
        assertEquals("rejected", closing.get(0).get("outcome").asText());
        assertEquals("/boom", closing.get(1).get("route").asText());
        assertEquals("failed", closing.get(1).get("outcome").asText());
        assertNotEquals("bad id with spaces", closing.get(1).get("request_id").asText(),
                "an id that does not look like one is replaced");
    }

    @Test
    void givenAScheduledRunThatThrows_thenItsClosingLineSaysFailedAndTheErrorPropagates() {
        List<JsonNode> lines;
        try (LogCapture capture = LogCapture.start()) {
            assertThrows(IllegalStateException.class, () -> Invocations.run("inv-1", "metering", Cloud.AWS,
                    "schedule", metrics, () -> {
                        throw new IllegalStateException("down");
                    }, result -> "ok"));
            lines = json(capture.loggedLines());
        }
        JsonNode closing = only(lines, Invocations.CLOSING_MESSAGE).get("mdc");
        assertEquals("schedule", closing.get("method").asText());
        assertEquals("metering", closing.get("route").asText());
        assertEquals("failed", closing.get("outcome").asText());
        assertEquals(1, metrics.rows().stream().filter(r -> r.series().outcome().equals("failed")).count());
    }

    @Test
    void givenAnOuterContext_thenANestedRequestRestoresIt() {
        try (RequestContext.Scope outer = RequestContext.open("outer-1", "local", null)) {
            Invocations.http("inner-1", "activation", Cloud.AWS, Metrics.NONE, get("/x", Map.of()), router::handle);
            assertEquals("outer-1", RequestContext.requestId().orElseThrow());
            assertEquals("local", RequestContext.function().orElseThrow());
        }
    }

    @Test
    void givenATaskCarriedToAPool_thenItRunsInTheContextOfItsMaker() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (RequestContext.Scope ignored = RequestContext.open("run-9", "metering", "aws")) {
            java.util.concurrent.Callable<String> task = RequestContext.carried(
                    () -> RequestContext.requestId().orElse("none"));
            assertEquals("run-9", pool.submit(task).get());
            assertEquals("none", pool.submit(() -> RequestContext.requestId().orElse("none")).get(),
                    "the pool's thread keeps no context of its own");
        } finally {
            pool.shutdownNow();
        }
    }

    private static WebRequest get(String path, Map<String, List<String>> query) {
        return new WebRequest("GET", path, query, Map.of(), Map.of(), new byte[0]);
    }

    private static JsonNode only(List<JsonNode> lines, String message) {
        List<JsonNode> matching = lines.stream().filter(l -> message.equals(l.get("message").asText())).toList();
        assertEquals(1, matching.size(), lines.toString());
        return matching.get(0);
    }

    private static List<JsonNode> json(List<String> lines) {
        return lines.stream().map(line -> {
            try {
                return JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException(line, e);
            }
        }).toList();
    }
}
