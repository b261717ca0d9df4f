package org.mpactivation.aws.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpactivation.domain.Cloud;
import org.mpactivation.observability.RequestContext;
import org.mpactivation.observability.log.LogCapture;
import org.mpactivation.port.out.Metrics;

class EmbeddedMetricsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

    private final List<String> lines = new ArrayList<>();
    private final EmbeddedMetrics metrics = new EmbeddedMetrics("Activation/Test", "fallback",
            Clock.fixed(NOW, ZoneOffset.UTC), lines::add);

    @Test
    void givenCountsAndLatencyInARequest_whenFlushed_thenOneEmfDocumentPerOutcome() throws Exception {
        try (RequestContext.Scope ignored = RequestContext.open("req-1", "fulfillment", "aws")) {
            metrics.count(Metrics.Names.ACTIVATIONS, Cloud.AWS, "activated");
            metrics.count(Metrics.Names.ACTIVATIONS, Cloud.AWS, "activated");
            metrics.latency("fulfillment", null, "activated", Duration.ofMillis(42));
            metrics.count(Metrics.Names.ACTIVATIONS, Cloud.AWS, "refused");
            assertTrue(lines.isEmpty(), "nothing written before the flush");
            metrics.flush();
        }

        assertEquals(2, lines.size(), String.join("\n", lines));
        JsonNode activated = JSON.readTree(lines.get(0));
        JsonNode aws = activated.get("_aws");
        assertEquals(NOW.toEpochMilli(), aws.get("Timestamp").asLong());
        JsonNode directive = aws.get("CloudWatchMetrics").get(0);
        assertEquals("Activation/Test", directive.get("Namespace").asText());
        assertEquals("[[\"Cloud\",\"Function\",\"Outcome\"]]", directive.get("Dimensions").toString());
        assertEquals("[{\"Name\":\"activations\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"fulfillment.latency\",\"Unit\":\"Milliseconds\"}]", directive.get("Metrics").toString());
        assertEquals("aws", activated.get("Cloud").asText());
        assertEquals("fulfillment", activated.get("Function").asText());
        assertEquals("activated", activated.get("Outcome").asText());
        assertEquals(2, activated.get("activations").asInt(), "counts are summed");
        assertEquals(42, activated.get("fulfillment.latency").asInt());
        assertEquals("req-1", activated.get("request_id").asText());
        JsonNode refused = JSON.readTree(lines.get(1));
        assertEquals("refused", refused.get("Outcome").asText());
        assertEquals(1, refused.get("activations").asInt());
    }

    @Test
    void givenCountsAndFractionalLatencies_thenTheLineIsTheCompactDocumentWithWholeNumbersAsIntegers() {
        try (RequestContext.Scope ignored = RequestContext.open("req-2", "usage", "aws")) {
            metrics.count(Metrics.Names.ACTIVATIONS, Cloud.AWS, "ok");
            metrics.record("usage.latency", Cloud.AWS, "ok", 12.5, Metrics.Unit.MILLISECONDS);
            metrics.record("usage.latency", Cloud.AWS, "ok", 40, Metrics.Unit.MILLISECONDS);
            metrics.flush();
        }

        assertEquals(List.of("{\"_aws\":{\"Timestamp\":" + NOW.toEpochMilli() + ",\"CloudWatchMetrics\":[{"
                + "\"Namespace\":\"Activation/Test\",\"Dimensions\":[[\"Cloud\",\"Function\",\"Outcome\"]],"
                + "\"Metrics\":[{\"Name\":\"activations\",\"Unit\":\"Count\"},"
                + "{\"Name\":\"usage.latency\",\"Unit\":\"Milliseconds\"}]}]},"
                + "\"Cloud\":\"aws\",\"Function\":\"usage\",\"Outcome\":\"ok\",\"request_id\":\"req-2\","
                + "\"activations\":1,\"usage.latency\":[12.5,40]}"), lines);
    }

    @Test
    void givenAFlush_thenTheNextFlushWritesOnlyWhatCameAfter() {
        metrics.count(Metrics.Names.NOTIFICATIONS, Cloud.AWS, "applied");
        metrics.flush();
        metrics.flush();
        assertEquals(1, lines.size());
    }

    @Test
    void givenNoRequestContext_thenTheDefaultFunctionNamesTheSeries() throws Exception {
        metrics.record(Metrics.Names.METERING_RECORDS, Cloud.AWS, "failed", 0, Metrics.Unit.COUNT);
        metrics.flush();
        JsonNode line = JSON.readTree(lines.get(0));
        assertEquals("fallback", line.get("Function").asText());
        assertEquals(0, line.get("metering.records").asInt(), "a zero is written: alarms see data on every run");
    }

    @Test
    void givenManyLatencies_thenEachLineHoldsAtMostOneHundredValues() throws Exception {
        for (int i = 0; i < 150; i++) {
            metrics.latency("activation", Cloud.AWS, "ok", Duration.ofMillis(i));
        }
        metrics.flush();
        assertEquals(2, lines.size());
        assertEquals(EmbeddedMetrics.MAX_VALUES, JSON.readTree(lines.get(0)).get("activation.latency").size());
        assertEquals(50, JSON.readTree(lines.get(1)).get("activation.latency").size());
    }

    @Test
    void givenTheEnvironment_thenNamespaceAndFunctionComeFromItAndLinesGoToStandardOutput() throws Exception {
        List<String> printed;
        try (LogCapture capture = LogCapture.start()) {
            EmbeddedMetrics fromEnv = EmbeddedMetrics.fromEnvironment(Map.of("METRICS_NAMESPACE", "Seller/Activation",
                    "AWS_LAMBDA_FUNCTION_NAME", "stack-Metering-1"));
            fromEnv.count(Metrics.Names.ACTIVATIONS, Cloud.AWS, "activated");
            EmbeddedMetrics.fromEnvironment(Map.of()).count(Metrics.Names.ACTIVATIONS, Cloud.AWS, "activated");
            fromEnv.flush();
            printed = capture.printedLines();
        }
        JsonNode line = JSON.readTree(printed.stream().filter(l -> l.contains("_aws")).findFirst().orElseThrow());
        assertEquals("Seller/Activation", line.at("/_aws/CloudWatchMetrics/0/Namespace").asText());
        assertEquals("stack-Metering-1", line.get("Function").asText());
        assertEquals("MarketplaceActivation", EmbeddedMetrics.DEFAULT_NAMESPACE);
    }

    @Test
    void givenTheWrittenOutEqualityOfTheDimensions_thenItMeansWhatTheRecordsOwnWould() throws Exception {
        java.lang.reflect.Constructor<?> dimensions = Class.forName(EmbeddedMetrics.class.getName() + "$Dimensions")
                .getDeclaredConstructor(String.class, String.class, String.class, String.class);
        dimensions.setAccessible(true);
        org.mpactivation.testkit.RecordEquality.check(
                (Record) dimensions.newInstance("aws", "fulfillment", "ok", "request-1"), Map.of());
    }
}
