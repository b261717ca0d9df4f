package org.mpactivation.azure.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.azure.fulfillment.AccessTokens;
import org.mpactivation.azure.fulfillment.RetryPolicy;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.azure.UsageEvent;
import org.mpactivation.port.out.azure.UsageEventResult;
import org.mpactivation.port.out.azure.UsageEventStatus;

/** The adapter's wire format and retries, against a scripted endpoint. */
class HttpAzureMeteringTest {

    private static final Instant HOUR = Instant.parse("2026-03-02T09:00:00Z");
    private static final UsageEvent FIRST = new UsageEvent("ledger-1", "res-1", "metered", "requests", HOUR,
            new BigDecimal("12.5"));
    private static final UsageEvent SECOND = new UsageEvent("ledger-2", "res-2", "metered", "requests", HOUR,
            new BigDecimal("3"));

    private record Seen(String method, URI uri, Headers headers, String body) {
    }

    private record Answer(int status, String body, String retryAfter) {
    }

    private final ObjectMapper mapper = new ObjectMapper();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Deque<Answer> answers = new ConcurrentLinkedDeque<>();
    private final List<Duration> waits = new ArrayList<>();
    private HttpServer server;
    private HttpAzureMetering metering;

    @BeforeEach
    void startTheEndpoint() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::answer);
        server.start();
        URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/");
        RetryPolicy retries = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMinutes(5));
        metering = new HttpAzureMetering(base, new FixedToken(), retries, new RecordingPause());
    }

    @AfterEach
    void stopTheEndpoint() {
        server.stop(0);
    }

    @Test
    void sendsTheBatchToTheDocumentedPathWithTokenAndIds_andNeverOurLedgerKey() throws IOException {
        answers.add(new Answer(200, "{\"count\":1,\"result\":[{\"usageEventId\":\"e-1\",\"status\":\"Accepted\","
                + "\"resourceId\":\"res-1\",\"dimension\":\"requests\",\"effectiveStartTime\":\"2026-03-02T09:00:00Z\","
                + "\"quantity\":12.5,\"planId\":\"metered\"}]}", null));

        List<UsageEventResult> results = metering.batchUsageEvent(List.of(FIRST));

        assertEquals(List.of(UsageEventResult.accepted(FIRST, "e-1")), results);
        Seen call = seen.get(0);
        assertEquals("POST", call.method());
        assertEquals("/api/batchUsageEvent", call.uri().getPath());
        assertEquals("api-version=2018-08-31", call.uri().getQuery());
        assertEquals("Bearer token-for-the-marketplace", call.headers().getFirst("Authorization"));
        assertNotNull(call.headers().getFirst("x-ms-requestid"));
        assertNotNull(call.headers().getFirst("x-ms-correlationid"));
        JsonNode event = mapper.readTree(call.body()).get("request").get(0);
        assertEquals("res-1", event.get("resourceId").asText());
        assertEquals("metered", event.get("planId").asText());
        assertEquals("requests", event.get("dimension").asText());
        assertEquals("2026-03-02T09:00:00Z", event.get("effectiveStartTime").asText());
        assertTrue(event.get("quantity").isNumber());
        assertEquals(0, new BigDecimal("12.5").compareTo(event.get("quantity").decimalValue()));
        assertFalse(call.body().contains("ledger"));
    }

    @Test
    void matchesResultsToEventsByResourceDimensionAndHour_whateverTheirOrder() {
        answers.add(new Answer(200, "{\"count\":2,\"result\":["
                + "{\"status\":\"ResourceNotActive\",\"resourceId\":\"res-2\",\"dimension\":\"requests\","
                + "\"effectiveStartTime\":\"2026-03-02T09:00:00Z\"},"
                + "{\"status\":\"Duplicate\",\"resourceId\":\"res-1\",\"dimension\":\"requests\","
                + "\"effectiveStartTime\":\"2026-03-02T09:00:00Z\"}]}", null));

        List<UsageEventResult> results = metering.batchUsageEvent(List.of(FIRST, SECOND));

        assertEquals(UsageEventResult.refused(SECOND, UsageEventStatus.ResourceNotActive), results.get(0));
        assertEquals(FIRST, results.get(1).event());
        assertEquals(UsageEventStatus.Duplicate, results.get(1).status());
        assertNull(results.get(1).acceptedQuantity(), "a duplicate without the accepted event leaves it unknown");
    }

    @Test
    void anUnknownStatusIsAnError() {
        answers.add(new Answer(200, "{\"count\":1,\"result\":[{\"status\":\"SomethingNew\",\"resourceId\":\"res-1\","
                + "\"dimension\":\"requests\",\"effectiveStartTime\":\"2026-03-02T09:00:00Z\"}]}", null));

        assertEquals(UsageEventStatus.Error, metering.batchUsageEvent(List.of(FIRST)).get(0).status());
    }

    @Test
    void honoursRetryAfterOnThrottling_thenSucceeds() {
        answers.add(new Answer(429, "{}", "3"));
        answers.add(new Answer(200, "{\"count\":1,\"result\":[{\"usageEventId\":\"e-1\",\"status\":\"Accepted\","
                + "\"resourceId\":\"res-1\",\"dimension\":\"requests\",\"effectiveStartTime\":\"2026-03-02T09:00:00Z\"}]}",
                null));

        assertEquals(UsageEventStatus.Accepted, metering.batchUsageEvent(List.of(FIRST)).get(0).status());
        assertEquals(List.of(Duration.ofSeconds(3)), waits);
        assertEquals(2, seen.size());
    }

    @Test
    void givesUpOnServerErrorsAfterTheBoundedAttempts() {
        for (int attempt = 0; attempt < 5; attempt++) {
            answers.add(new Answer(503, "{}", null));
        }

        assertThrows(MarketplaceUnavailableException.class, () -> metering.batchUsageEvent(List.of(FIRST)));
        assertEquals(3, seen.size());
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI(), exchange.getRequestHeaders(), body));
        Answer next = answers.poll();
        Answer answer = next == null ? new Answer(500, "{}", null) : next;
        if (answer.retryAfter() != null) {
            exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
        }
        byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static final class FixedToken implements AccessTokens {

        @Override
        public String token() {
            return "token-for-the-marketplace";
        }

        @Override
        public void invalidate() {
            // a fixed token has nothing cached
        }
    }

    private final class RecordingPause implements Pause {

        private long nanos;

        @Override
        public synchronized void sleep(Duration duration) {
            waits.add(duration);
            nanos += duration.toNanos();
        }

        @Override
        public synchronized long nanoTime() {
            return nanos;
        }
    }
}
