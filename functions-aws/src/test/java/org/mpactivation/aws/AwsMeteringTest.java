package org.mpactivation.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mpactivation.domain.AwsSubscriptionRef;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceNotice;
import org.mpactivation.port.out.AwsMetering;
import org.mpactivation.simulator.aws.AwsOperation;
import org.mpactivation.simulator.aws.MeteringRecord;
import org.mpactivation.simulator.aws.SimulatedCustomer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Usage intake and hourly metering through the Lambda handler classes with real event JSON, against
 * dynalite and the AWS Marketplace metering wire protocol (which refuses more than 25 records, a
 * second quantity for the same hour, and hours outside its window).
 */
class AwsMeteringTest {

    private static ActivationHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new ActivationHarness();
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void givenUsageOfAClosedHour_thenReportedOncePerDimensionWithTheHourAsTimestamp() {
        Activated buyer = activate();
        Instant hour = hourNow();
        APIGatewayV2HTTPResponse accepted = postUsage(record("a-" + buyer.tag, buyer.workspace, "api_calls", hour, 100),
                record("b-" + buyer.tag, buyer.workspace, "api_calls", hour.plus(Duration.ofMinutes(10)), 50),
                record("c-" + buyer.tag, buyer.workspace, "hosts", hour, 3));
        assertEquals(200, accepted.getStatusCode(), accepted.getBody());
        assertEquals(3, json(accepted).get("accepted").asInt());
        APIGatewayV2HTTPResponse again = postUsage(record("a-" + buyer.tag, buyer.workspace, "api_calls", hour, 100));
        assertEquals(1, json(again).get("duplicates").asInt());

        runMetering();
        assertTrue(recordsOf(buyer.customer).isEmpty(), "an hour still open is not reported");

        moveTo(hour.plus(Duration.ofMinutes(76)));
        long callsBefore = harness.marketplace.callCount(AwsOperation.BATCH_METER_USAGE);
        Map<String, Integer> report = runMetering();
        Map<String, Integer> sent = quantities(buyer.customer);
        assertEquals(Map.of("requests@" + hour, 150, "hosts@" + hour, 3), sent);
        assertEquals(buyer.customer.awsAccountId(), recordsOf(buyer.customer).get(0).customerAwsAccountId());
        assertEquals(buyer.customer.licenseArn(), recordsOf(buyer.customer).get(0).licenseArn());
        assertTrue(report.get("recordsSent") >= 2);

        runMetering();
        assertEquals(sent, quantities(buyer.customer), "a second run reports nothing again");
        assertTrue(harness.marketplace.callCount(AwsOperation.BATCH_METER_USAGE) <= callsBefore + 1);
        assertEquals(List.of("SENT", "SENT"), ledgerStates(buyer));
    }

    /** The function's process dying (a timeout, out of memory): nothing in it may catch that. */
    private static final class FunctionDied extends Error {
        FunctionDied() {
            super("the function died after AWS accepted the call");
        }
    }

    @Test
    void givenRunDiesAfterTheCallSucceeded_thenTheNextRunBillsNoHourTwiceAndLosesNone() {
        Activated buyer = activate();
        Instant hour = hourNow();
        postUsage(record("f1-" + buyer.tag, buyer.workspace, "api_calls", hour, 7),
                record("f2-" + buyer.tag, buyer.workspace, "gigabytes", hour, 12));
        moveTo(hour.plus(Duration.ofMinutes(80)));

        AwsMetering real = harness.sdkMetering();
        AtomicBoolean crashed = new AtomicBoolean();
        AwsMetering crashing = (productCode, lines) -> {
            var result = real.batchMeterUsage(productCode, lines);
            boolean ours = lines.stream().anyMatch(line -> buyer.customer.licenseArn().equals(line.licenseArn()));
            if (ours && crashed.compareAndSet(false, true)) {
                throw new FunctionDied();
            }
            return result;
        };
        assertThrows(FunctionDied.class, () -> harness.meteringHandler(crashing)
                .handleRequest(TestEvents.scheduledEvent("scheduled-metering.json"), null));
        assertEquals(Map.of("requests@" + hour, 7, "storage@" + hour, 12), quantities(buyer.customer));
        assertTrue(ledgerStates(buyer).contains("PENDING"), "the crash left the ledger unsettled");

        runMetering();
        List<MeteringRecord> records = recordsOf(buyer.customer);
        assertEquals(2, records.size(), "each hour and dimension billed once: " + records);
        assertEquals(Map.of("requests@" + hour, 7, "storage@" + hour, 12), quantities(buyer.customer));
        assertEquals(List.of("SENT", "SENT"), ledgerStates(buyer));
    }

    @Test
    void givenManySubscriptions_thenCallsCarryAtMost25RecordsAndAllArrive() {
        Instant hour = hourNow();
        List<Activated> buyers = List.of(activate(), activate(), activate(), activate(), activate());
        for (Activated buyer : buyers) {
            postUsage(record("m1-" + buyer.tag, buyer.workspace, "api_calls", hour, 1),
                    record("m2-" + buyer.tag, buyer.workspace, "hosts", hour, 2),
                    record("m3-" + buyer.tag, buyer.workspace, "gigabytes", hour, 3));
        }
        moveTo(hour.plus(Duration.ofMinutes(60)));
        for (Activated buyer : buyers) {
            postUsage(record("n1-" + buyer.tag, buyer.workspace, "api_calls", hour.plus(Duration.ofHours(1)), 4),
                    record("n2-" + buyer.tag, buyer.workspace, "hosts", hour.plus(Duration.ofHours(1)), 5),
                    record("n3-" + buyer.tag, buyer.workspace, "gigabytes", hour.plus(Duration.ofHours(1)), 6));
        }
        moveTo(hour.plus(Duration.ofMinutes(136)));
        harness.marketplace.faults().throttleNext(AwsOperation.BATCH_METER_USAGE, 1);
        harness.marketplace.faults().leaveUnprocessedNext(2);
        long callsBefore = harness.marketplace.callCount(AwsOperation.BATCH_METER_USAGE);
        runMetering();
        for (Activated buyer : buyers) {
            assertEquals(6, recordsOf(buyer.customer).size(), "2 hours x 3 dimensions");
        }
        assertTrue(harness.marketplace.callCount(AwsOperation.BATCH_METER_USAGE) - callsBefore >= 3,
                "30 records need two calls, plus the throttled one and the unprocessed retry");
    }

    @Test
    void givenHoursPastTheMarketplaceWindow_thenFlaggedNeverSent() {
        Activated buyer = activate();
        Instant hour = hourNow();
        postUsage(record("w1-" + buyer.tag, buyer.workspace, "api_calls", hour, 9));
        moveTo(hour.plus(Duration.ofHours(7)));
        Map<String, Integer> report = runMetering();
        assertTrue(report.get("flagged") >= 1);
        assertTrue(recordsOf(buyer.customer).isEmpty());
        assertEquals(List.of("FLAGGED"), ledgerStates(buyer));
    }

    @Test
    void givenBuyerNoLongerSubscribed_thenMeteringStopsForThatSubscription() {
        Activated buyer = activate();
        Instant hour = hourNow();
        postUsage(record("u1-" + buyer.tag, buyer.workspace, "api_calls", hour, 5));
        harness.marketplace.unsubscribe(buyer.customer);
        moveTo(hour.plus(Duration.ofMinutes(78)));
        Map<String, Integer> report = runMetering();
        assertTrue(report.get("notSubscribed") >= 1);
        assertEquals(List.of("NOT_SUBSCRIBED"), ledgerStates(buyer));
        Map<String, AttributeValue> state = harness.snapshot().get("METER#" + buyer.subscriptionKey + "|STATE");
        assertEquals("true", state.get("stopped").s());
        assertTrue(!state.containsKey("gsi1pk"), "a stopped subscription is no longer due");
    }

    @Test
    void givenEndAnnounced_thenTheFinalReportIncludesTheCurrentHourAtOnce() {
        Activated buyer = activate();
        Instant hour = hourNow();
        postUsage(record("e1-" + buyer.tag, buyer.workspace, "hosts", hour, 4));
        harness.noticeReceiver().receive(new MarketplaceNotice("eb-" + buyer.tag, "eventbridge", LifecycleAction.ENDED,
                new AwsSubscriptionRef(ActivationHarness.PRODUCT_CODE, null, buyer.customer.awsAccountId(),
                        buyer.customer.licenseArn()), harness.clock.instant(), "Purchase Agreement Ended - Manufacturer"));
        runMetering();
        assertEquals(Map.of("hosts@" + hour, 4), quantities(buyer.customer));
        APIGatewayV2HTTPResponse late = postUsage(record("e2-" + buyer.tag, buyer.workspace, "hosts", hour, 1));
        assertEquals(422, late.getStatusCode(), "usage of a reported hour is refused, not lost silently");
        assertTrue(late.getBody().contains("final report sent"), late.getBody());
    }

    @Test
    void givenBadUsage_then4xxAndNothingStored() {
        Activated buyer = activate();
        Instant hour = hourNow();
        var before = harness.snapshot();
        assertEquals(422, postUsage(record("x1-" + buyer.tag, buyer.workspace, "unknown_dimension", hour, 1))
                .getStatusCode());
        assertEquals(422, postUsage(record("x2-" + buyer.tag, "no-such-workspace", "hosts", hour, 1)).getStatusCode());
        assertEquals(422, postUsage(record("x3-" + buyer.tag, buyer.workspace, "hosts", hour.minus(Duration.ofHours(3)),
                1)).getStatusCode(), "a closed hour");
        assertEquals(422, postUsage(record("x4-" + buyer.tag, buyer.workspace, "hosts", hour, -1)).getStatusCode());
        assertEquals(422, postUsage(record("ok-" + buyer.tag, buyer.workspace, "hosts", hour, 1),
                record("x5 bad id", buyer.workspace, "hosts", hour, 1)).getStatusCode(), "one bad record refuses all");
        assertEquals(400, usage("{\"records\": [{\"recordId\": 5}]", "application/json").getStatusCode());
        assertEquals(400, usage("not json", "application/json").getStatusCode());
        assertEquals(415, usage("{}", "text/plain").getStatusCode());
        assertEquals(before, harness.snapshot());

        postUsage(record("same-" + buyer.tag, buyer.workspace, "hosts", hour, 1));
        var stored = harness.snapshot();
        APIGatewayV2HTTPResponse conflict = postUsage(record("same-" + buyer.tag, buyer.workspace, "hosts", hour, 2));
        assertEquals(409, conflict.getStatusCode());
        assertEquals(stored, harness.snapshot());

        APIGatewayV2HTTPEvent anonymous = TestEvents.httpEvent("usage-intake-iam.json");
        anonymous.getRequestContext().setAuthorizer(null);
        anonymous.setBody(body(record("anon-" + buyer.tag, buyer.workspace, "hosts", hour, 1)));
        assertEquals(403, LambdaHttp.invoke(harness.usageHandler(), anonymous, null).getStatusCode());
        assertEquals(stored, harness.snapshot());
    }

    // ---- helpers

    private record Activated(SimulatedCustomer customer, String workspace, String subscriptionKey, String tag) {
    }

    private static Activated activate() {
        SimulatedCustomer customer = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
        Buyer buyer = new Buyer(harness);
        String username = ActivationHarness.unique("meter");
        buyer.arrive(customer);
        buyer.enterRegistration(username, username + "@example.com");
        buyer.activate("Metered " + username, "en", "us-oregon");
        Map<String, AttributeValue> subscription = harness.items("SUB#", "META").stream()
                .filter(item -> customer.licenseArn().equals(item.get("awsLicenseArn").s())).findFirst().orElseThrow();
        String key = subscription.get("subscriptionId").s();
        String workspace = harness.items("WS#", "META").stream()
                .filter(item -> item.containsKey("billingChannel") && item.get("billingChannel").s().equals(key))
                .findFirst().orElseThrow().get("id").s();
        return new Activated(customer, workspace, key, username);
    }

    private static Instant hourNow() {
        return harness.clock.instant().truncatedTo(ChronoUnit.HOURS);
    }

    private static void moveTo(Instant at) {
        Duration ahead = Duration.between(harness.clock.instant(), at);
        if (!ahead.isNegative()) {
            harness.clock.advance(ahead);
        }
    }

    private static Map<String, Integer> runMetering() {
        return harness.meteringHandler(harness.sdkMetering())
                .handleRequest(TestEvents.scheduledEvent("scheduled-metering.json"), null);
    }

    private static ObjectNode record(String id, String workspace, String dimension, Instant at, long quantity) {
        ObjectNode node = TestEvents.JSON.createObjectNode();
        node.put("recordId", id).put("workspaceId", workspace).put("dimension", dimension).put("hour", at.toString())
                .put("quantity", quantity);
        return node;
    }

    private static String body(ObjectNode... records) {
        ObjectNode root = TestEvents.JSON.createObjectNode();
        ArrayNode array = root.putArray("records");
        for (ObjectNode record : records) {
            array.add(record);
        }
        return root.toString();
    }

    private static APIGatewayV2HTTPResponse postUsage(ObjectNode... records) {
        return usage(body(records), "application/json");
    }

    private static APIGatewayV2HTTPResponse usage(String body, String contentType) {
        APIGatewayV2HTTPEvent event = TestEvents.httpEvent("usage-intake-iam.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("content-type", contentType);
        event.setHeaders(headers);
        event.setBody(body);
        return LambdaHttp.invoke(harness.usageHandler(), event, null);
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) {
        try {
            return TestEvents.JSON.readTree(response.getBody());
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<MeteringRecord> recordsOf(SimulatedCustomer customer) {
        return harness.marketplace.meteringRecords().stream()
                .filter(r -> customer.licenseArn().equals(r.licenseArn())).toList();
    }

    private static Map<String, Integer> quantities(SimulatedCustomer customer) {
        return recordsOf(customer).stream().collect(Collectors.toMap(r -> r.dimension() + "@" + r.hour(),
                r -> (int) r.quantity()));
    }

    private static List<String> ledgerStates(Activated buyer) {
        return harness.snapshot().entrySet().stream().filter(e -> e.getKey().startsWith("LEDGER#" + buyer.subscriptionKey))
                .map(e -> e.getValue().get("state").s()).toList();
    }
}
