package org.mpactivation.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mpactivation.aws.notify.AwsNoticeParser;
import org.mpactivation.aws.notify.NotificationQueueHandler;
import org.mpactivation.simulator.aws.MeteringRecord;
import org.mpactivation.simulator.aws.SimulatedCustomer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The end of a subscription and the same AWS account buying again, end to end over HTTP through the
 * pages and the Lambda handler classes, against dynalite and the AWS Marketplace wire protocol: the
 * first subscription's final report, the release of its workspace, the new purchase binding the
 * released workspace through "bind existing workspace", and every usage hour billed once, to the
 * subscription bound in that hour.
 */
class AwsRebindEndToEndTest {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES).build();
    private static ActivationHarness harness;
    private static NotificationQueueHandler queue;

    @BeforeAll
    static void start() throws Exception {
        harness = new ActivationHarness(false);
        queue = new NotificationQueueHandler(harness.noticeReceiver(),
                new AwsNoticeParser(ActivationHarness.PRODUCT_CODE));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void givenUnsubscribeSuccess_whenTheSameAccountSubscribesAgain_thenItBindsTheReleasedWorkspaceAndEveryHourIsBilledOnce() {
        SimulatedCustomer first = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
        Buyer buyer = new Buyer(harness);
        String username = ActivationHarness.unique("back");
        buyer.arrive(first);
        buyer.enterRegistration(username, username + "@example.com");
        assertTrue(buyer.activate("Returning", "en", "us-oregon").body().contains("Activation succeeded"));
        String oldKey = subscriptionOf(first).get("subscriptionId").s();
        String workspace = harness.items("WS#", "META").stream()
                .filter(item -> item.containsKey("billingChannel") && item.get("billingChannel").s().equals(oldKey))
                .findFirst().orElseThrow().get("id").s();

        // first subscription: one hour metered as usual, the next one in its final report
        Instant hour0 = harness.clock.instant().truncatedTo(ChronoUnit.HOURS);
        Instant hour1 = hour0.plus(Duration.ofHours(1));
        Instant hour2 = hour0.plus(Duration.ofHours(2));
        assertEquals(200, postUsage(record("u0-" + username, workspace, "api_calls", hour0, 10)).getStatusCode());
        moveTo(hour0.plus(Duration.ofMinutes(76)));
        runMetering();
        assertEquals(200, postUsage(record("u1-" + username, workspace, "api_calls", hour1, 20),
                record("h1-" + username, workspace, "hosts", hour1, 2)).getStatusCode());
        deliver(sns("sqs-sns-unsubscribe-pending.json", first));
        runMetering();
        assertEquals("true", harness.snapshot().get("METER#" + oldKey + "|STATE").get("stopped").s(),
                "the final report went out");
        assertTrue(workspaceItem(workspace).containsKey("billingChannel"), "not released before the end");

        harness.marketplace.unsubscribe(first);
        deliver(sns("sqs-sns-unsubscribe-success.json", first));
        assertEquals("UNSUBSCRIBED", subscriptionOf(first).get("status").s());
        assertFalse(workspaceItem(workspace).containsKey("billingChannel"), "released after the final report");
        assertTrue(harness.snapshot().containsKey("SUB#" + oldKey + "|WS#" + workspace));
        assertTrue(harness.snapshot().get("SUB#" + oldKey + "|WS#" + workspace).containsKey("releasedAt"));
        List<Map<String, AttributeValue>> released = harness.snapshot().entrySet().stream()
                .filter(e -> e.getKey().startsWith("AUDIT#" + oldKey + "|"))
                .map(Map.Entry::getValue)
                .filter(item -> item.containsKey("workspaceId")).toList();
        assertEquals(1, released.size(), "the audit trail says so");
        assertEquals("RELEASED", released.get(0).get("to").s());

        // the same AWS account buys again: AWS keeps its customer identifier, the licence is new
        moveTo(hour2.plus(Duration.ofMinutes(5)));
        SimulatedCustomer again = harness.marketplace.subscribeAgain(first);
        deliver(sns("sqs-sns-subscribe-success.json", again));
        Buyer returning = new Buyer(harness);
        HttpResponse<String> landing = returning.arrive(again);
        assertEquals("/activate/workspaces", returning.browser.last().uri().getPath(), "the account is linked already");
        assertTrue(landing.body().contains("Returning"), landing.body());
        assertFalse(landing.body().contains(">Bound<"), "the old subscription's workspace is not shown as bound");

        HttpResponse<String> bound = returning.bindExistingWorkspace(workspace);
        assertTrue(bound.body().matches("(?s).*Returning.*Bound.*"), bound.body());
        assertTrue(returning.confirm().body().contains("Activation succeeded"));

        Map<String, AttributeValue> renewed = subscriptionOf(again);
        String newKey = renewed.get("subscriptionId").s();
        assertNotEquals(oldKey, newKey, "a new purchase is a new subscription");
        assertEquals("ACTIVE", renewed.get("status").s());
        assertEquals("true", renewed.get("confirmed").s());
        assertEquals("UNSUBSCRIBED", subscriptionOf(first).get("status").s());
        assertEquals(newKey, workspaceItem(workspace).get("billingChannel").s());

        // the new subscription is billed from its own hour on
        assertEquals(200, postUsage(record("u2-" + username, workspace, "api_calls", hour2, 30)).getStatusCode());
        moveTo(hour2.plus(Duration.ofMinutes(76)));
        runMetering();
        runMetering();

        Map<String, List<String>> billedTo = new TreeMap<>();
        for (MeteringRecord record : harness.marketplace.meteringRecords()) {
            if (first.customerIdentifier().equals(record.customerIdentifier())) {
                billedTo.computeIfAbsent(record.dimension() + "@" + record.hour() + "=" + record.quantity(),
                        k -> new ArrayList<>()).add(record.licenseArn());
            }
        }
        assertEquals(Map.of(
                "requests@" + hour0 + "=10", List.of(first.licenseArn()),
                "requests@" + hour1 + "=20", List.of(first.licenseArn()),
                "hosts@" + hour1 + "=2", List.of(first.licenseArn()),
                "requests@" + hour2 + "=30", List.of(again.licenseArn())), billedTo,
                "every hour billed once, to the subscription bound in that hour");
        assertEquals(List.of(hour0, hour1, hour1), ledgerHours(oldKey));
        assertEquals(List.of(hour2), ledgerHours(newKey));
    }

    // ---- helpers

    private static Map<String, AttributeValue> subscriptionOf(SimulatedCustomer customer) {
        List<Map<String, AttributeValue>> items = harness.items("SUB#", "META").stream()
                .filter(item -> item.containsKey("awsLicenseArn")
                        && customer.licenseArn().equals(item.get("awsLicenseArn").s())).toList();
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }

    private static Map<String, AttributeValue> workspaceItem(String id) {
        return harness.snapshot().get("WS#" + id + "|META");
    }

    private static List<Instant> ledgerHours(String subscriptionKey) {
        return harness.snapshot().entrySet().stream()
                .filter(e -> e.getKey().startsWith("LEDGER#" + subscriptionKey + "|"))
                .map(e -> Instant.parse(e.getValue().get("hour").s())).sorted().toList();
    }

    private static void moveTo(Instant at) {
        Duration ahead = Duration.between(harness.clock.instant(), at);
        if (!ahead.isNegative()) {
            harness.clock.advance(ahead);
        }
    }

    private static void runMetering() {
        harness.meteringHandler(harness.sdkMetering())
                .handleRequest(TestEvents.scheduledEvent("scheduled-metering.json"), null);
    }

    private static ObjectNode record(String id, String workspace, String dimension, Instant hour, long quantity) {
        ObjectNode node = TestEvents.JSON.createObjectNode();
        node.put("recordId", id).put("workspaceId", workspace).put("dimension", dimension).put("hour", hour.toString())
                .put("quantity", quantity);
        return node;
    }

    private static APIGatewayV2HTTPResponse postUsage(ObjectNode... records) {
        ObjectNode root = TestEvents.JSON.createObjectNode();
        ArrayNode array = root.putArray("records");
        for (ObjectNode record : records) {
            array.add(record);
        }
        APIGatewayV2HTTPEvent event = TestEvents.httpEvent("usage-intake-iam.json");
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("content-type", "application/json");
        event.setHeaders(headers);
        event.setBody(root.toString());
        APIGatewayV2HTTPResponse response = LambdaHttp.invoke(harness.usageHandler(), event, null);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return response;
    }

    private static void deliver(SQSEvent.SQSMessage message) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        SQSBatchResponse response = queue.handleRequest(event, null);
        assertTrue(response.getBatchItemFailures().isEmpty(), "delivery failed: " + message.getBody());
    }

    /** A real SNS-via-SQS sample naming this buyer, sent now, with its own SNS message id. */
    private static SQSEvent.SQSMessage sns(String file, SimulatedCustomer customer) {
        try (InputStream in = AwsRebindEndToEndTest.class.getResourceAsStream("/events/" + file)) {
            SQSEvent.SQSMessage message = JSON.readValue(in, SQSEvent.class).getRecords().get(0);
            ObjectNode envelope = (ObjectNode) JSON.readTree(message.getBody());
            ObjectNode body = (ObjectNode) JSON.readTree(envelope.get("Message").asText());
            body.put("customer-identifier", customer.customerIdentifier()).put("product-code", customer.productCode());
            String topic = envelope.get("TopicArn").asText();
            envelope.put("TopicArn", topic.substring(0, topic.lastIndexOf('-') + 1) + customer.productCode());
            envelope.put("Message", body.toString()).put("MessageId", UUID.randomUUID().toString())
                    .put("Timestamp", harness.clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
            message.setBody(envelope.toString());
            message.setMessageId(UUID.randomUUID().toString());
            return message;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
