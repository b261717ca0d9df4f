package org.mpactivation.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mpactivation.aws.notify.AwsNoticeParser;
import org.mpactivation.aws.notify.NotificationQueueHandler;
import org.mpactivation.simulator.aws.EntitlementValue;
import org.mpactivation.simulator.aws.SimulatedCustomer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The subscription lifecycle through the notification queue handler with real SNS and EventBridge
 * event JSON (from {@code src/test/resources/events/}), and the daily renewal check through its
 * handler, against dynalite and the AWS Marketplace wire protocol.
 */
class AwsLifecycleTest {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_PROPERTIES).build();
    private static ActivationHarness harness;
    private static NotificationQueueHandler queue;

    @BeforeAll
    static void start() throws Exception {
        harness = new ActivationHarness(false);
        queue = new NotificationQueueHandler(harness.noticeReceiver(), new AwsNoticeParser(ActivationHarness.PRODUCT_CODE));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void givenSubscribeSuccessBeforeTheBuyerArrives_thenItIsRememberedAndApplied() {
        SimulatedCustomer customer = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
        deliver(sns("sqs-sns-subscribe-success.json", customer, "m-" + UUID.randomUUID()));
        assertTrue(harness.items("SUB#", "META").stream().noneMatch(item -> isOf(item, customer)));

        Buyer buyer = new Buyer(harness);
        buyer.arrive(customer);
        assertEquals("true", subscription(customer).get("confirmed").s());
        String username = ActivationHarness.unique("early");
        buyer.enterRegistration(username, username + "@example.com");
        buyer.activate("Early", "en", "us-oregon");
        assertEquals("ACTIVE", subscription(customer).get("status").s());
    }

    @Test
    void givenUnsubscribeSuccess_thenNeverActiveAgainAndAudited() {
        SimulatedCustomer customer = activated();
        deliver(sns("sqs-sns-unsubscribe-success.json", customer, "end-" + UUID.randomUUID()));
        assertEquals("UNSUBSCRIBED", subscription(customer).get("status").s());
        deliver(sns("sqs-sns-subscribe-success.json", customer, "late-" + UUID.randomUUID()));
        assertEquals("UNSUBSCRIBED", subscription(customer).get("status").s(), "a late subscribe-success changes nothing");
        List<String> trail = audit(customer);
        assertEquals(List.of("PENDING_ACTIVATION>ACTIVE", "ACTIVE>UNSUBSCRIBED"), trail);
    }

    @Test
    void givenEntitlementUpdated_thenEntitlementsAreReadAgain() {
        SimulatedCustomer customer = activated();
        harness.marketplace.entitlement(customer, "hosts", EntitlementValue.ofInteger(25),
                harness.clock.instant().plus(Duration.ofDays(365)));
        deliver(sns("sqs-sns-entitlement-updated.json", customer, "ent-" + UUID.randomUUID()));
        assertTrue(subscription(customer).get("entitlements").s().contains("\"hosts\""));
        assertTrue(subscription(customer).get("entitlements").s().contains("\"25\""));
    }

    @Test
    void givenDuplicateAndShuffledDeliveries_thenEveryOrderEndsInTheSameState() {
        List<String> files = List.of("sqs-sns-subscribe-success.json", "sqs-sns-entitlement-updated.json",
                "sqs-sns-unsubscribe-pending.json", "sqs-sns-unsubscribe-success.json");
        List<Map<String, String>> endStates = new ArrayList<>();
        for (int order = 0; order < 4; order++) {
            SimulatedCustomer customer = activated();
            harness.marketplace.entitlement(customer, "hosts", EntitlementValue.ofInteger(5), null);
            List<SQSEvent.SQSMessage> deliveries = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                SQSEvent.SQSMessage message = sns(files.get(i), customer, customer.customerIdentifier() + "-" + i);
                int copies = 1 + new Random(order * 31L + i).nextInt(3);
                for (int copy = 0; copy < copies; copy++) {
                    deliveries.add(message);
                }
            }
            if (order > 0) {
                Collections.shuffle(deliveries, new Random(order));
            }
            for (SQSEvent.SQSMessage delivery : deliveries) {
                deliver(delivery);
            }
            endStates.add(meaning(subscription(customer)));
        }
        assertEquals(Map.of("status", "UNSUBSCRIBED", "stage", "ENDED", "confirmed", "true"),
                Map.of("status", endStates.get(0).get("status"), "stage", endStates.get(0).get("stage"),
                        "confirmed", endStates.get(0).get("confirmed")));
        for (Map<String, String> state : endStates) {
            assertEquals(endStates.get(0), state);
        }
    }

    @Test
    void givenEventBridgeEvents_thenTheAgreementIsLinkedThroughItsLicenceAndEnds() {
        SimulatedCustomer customer = activated();
        String agreement = "agmt-" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        deliver(eventBridge("sqs-eb-purchase-agreement-created-proposer.json", customer, agreement));
        deliver(eventBridge("sqs-eb-license-updated-manufacturer.json", customer, agreement));
        assertEquals("true", subscription(customer).get("confirmed").s(), "the agreement reached the subscription");
        deliver(eventBridge("sqs-eb-purchase-agreement-ended-proposer.json", customer, agreement));
        assertEquals("UNSUBSCRIBE_PENDING", subscription(customer).get("status").s());
        Map<String, AttributeValue> metering = harness.snapshot().get("METER#" + key(customer) + "|STATE");
        assertEquals("true", metering.get("finalReport").s(), "the end makes the final report due at once");
        deliver(eventBridge("sqs-eb-license-deprovisioned-manufacturer.json", customer, agreement));
        assertEquals("UNSUBSCRIBED", subscription(customer).get("status").s());
    }

    @Test
    void givenBatchWithAMalformedMessage_thenOnlyItIsReportedAsFailed() throws Exception {
        SimulatedCustomer customer = activated();
        SQSEvent batch = new SQSEvent();
        SQSEvent.SQSMessage good = sns("sqs-sns-unsubscribe-pending.json", customer, "pend-" + UUID.randomUUID());
        SQSEvent.SQSMessage bad = load("sqs-bad-garbage-body.json").getRecords().get(0);
        batch.setRecords(List.of(good, bad));
        SQSBatchResponse response = queue.handleRequest(batch, null);
        assertEquals(List.of(bad.getMessageId()), response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
        assertEquals("UNSUBSCRIBE_PENDING", subscription(customer).get("status").s());
    }

    @Test
    void givenDailyCheck_thenLapsedEntitlementsAreRepairedAndEndingSoonIsFlagged() {
        SimulatedCustomer lapsing = activated();
        SimulatedCustomer ending = activated();
        SimulatedCustomer fine = activated();
        Instant now = harness.clock.instant();
        harness.marketplace.entitlement(lapsing, "hosts", EntitlementValue.ofInteger(3), now.plus(Duration.ofDays(300)));
        harness.marketplace.entitlement(ending, "hosts", EntitlementValue.ofInteger(3), now.plus(Duration.ofDays(12)));
        harness.marketplace.entitlement(fine, "hosts", EntitlementValue.ofInteger(3), now.plus(Duration.ofDays(300)));
        for (SimulatedCustomer customer : List.of(lapsing, ending, fine)) {
            deliver(sns("sqs-sns-entitlement-updated.json", customer, "r-" + UUID.randomUUID()));
        }
        // a missed unsubscribe: the entitlement disappears without a notification
        harness.marketplace.removeEntitlement(lapsing, "hosts");
        long untouchedVersion = Long.parseLong(subscription(fine).get("v").n());

        Map<String, Integer> notDue = harness.renewalHandler().handleRequest(
                TestEvents.scheduledEvent("scheduled-renewal.json"), null);
        assertEquals(untouchedVersion, Long.parseLong(subscription(fine).get("v").n()),
                "a subscription is read only when its check is due: " + notDue);

        harness.clock.advance(Duration.ofHours(25));
        Map<String, Integer> report = harness.renewalHandler().handleRequest(
                TestEvents.scheduledEvent("scheduled-renewal.json"), null);
        assertTrue(report.get("checked") >= 3, report.toString());
        assertEquals("ACTIVE", subscription(lapsing).get("status").s(), "one empty answer may be transient");
        assertEquals("1", subscription(lapsing).get("missedChecks").s());
        harness.clock.advance(Duration.ofMinutes(61));
        harness.renewalHandler().handleRequest(TestEvents.scheduledEvent("scheduled-renewal.json"), null);
        assertEquals("UNSUBSCRIBED", subscription(lapsing).get("status").s(), "the second one in a row ends it");
        assertTrue(audit(lapsing).contains("ACTIVE>UNSUBSCRIBED"));
        assertTrue(harness.snapshot().entrySet().stream()
                .anyMatch(e -> e.getKey().startsWith("AUDIT#" + key(lapsing))
                        && e.getValue().get("cause").s().equals("renewal:9b1c3e52-6a0f-4d0e-9a57-5f3c2d1e7b21")));
        assertEquals("true", subscription(ending).get("endingSoon").s());
        assertEquals("ACTIVE", subscription(ending).get("status").s());
        assertEquals("false", subscription(fine).get("endingSoon").s());
        assertTrue(Instant.parse(subscription(fine).get("nextCheckAt").s()).isAfter(harness.clock.instant()));
        assertFalse(subscription(lapsing).containsKey("gsi1pk"), "an ended subscription is no longer checked");
    }

    // ---- helpers

    private static SimulatedCustomer activated() {
        SimulatedCustomer customer = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
        Buyer buyer = new Buyer(harness);
        String username = ActivationHarness.unique("life");
        buyer.arrive(customer);
        buyer.enterRegistration(username, username + "@example.com");
        buyer.activate("Life " + username, "en", "us-oregon");
        return customer;
    }

    private static void deliver(SQSEvent.SQSMessage message) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        SQSBatchResponse response = queue.handleRequest(event, null);
        assertTrue(response.getBatchItemFailures().isEmpty(), "delivery failed: " + message.getBody());
    }

    /** A real SNS-via-SQS sample, naming this buyer, with its own SNS message id. */
    private static SQSEvent.SQSMessage sns(String file, SimulatedCustomer customer, String messageId) {
        try {
            SQSEvent.SQSMessage message = load(file).getRecords().get(0);
            ObjectNode envelope = (ObjectNode) JSON.readTree(message.getBody());
            ObjectNode body = (ObjectNode) JSON.readTree(envelope.get("Message").asText());
            body.put("customer-identifier", customer.customerIdentifier()).put("product-code", customer.productCode());
            String topic = envelope.get("TopicArn").asText();
            envelope.put("TopicArn", topic.substring(0, topic.lastIndexOf('-') + 1) + customer.productCode());
            envelope.put("Message", body.toString()).put("MessageId", messageId);
            message.setBody(envelope.toString());
            message.setMessageId(UUID.randomUUID().toString());
            return message;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A real EventBridge sample for this buyer's licence and the given agreement. */
    private static SQSEvent.SQSMessage eventBridge(String file, SimulatedCustomer customer, String agreement) {
        try {
            SQSEvent.SQSMessage message = load(file).getRecords().get(0);
            ObjectNode event = (ObjectNode) JSON.readTree(message.getBody());
            event.put("id", UUID.randomUUID().toString());
            ObjectNode detail = (ObjectNode) event.get("detail");
            ((ObjectNode) detail.get("agreement")).put("id", agreement);
            ((ObjectNode) detail.get("acceptor")).put("accountId", customer.awsAccountId());
            if (detail.has("product")) {
                ((ObjectNode) detail.get("product")).put("code", customer.productCode());
            }
            if (detail.has("license")) {
                ((ObjectNode) detail.get("license")).put("arn", customer.licenseArn());
            }
            message.setBody(event.toString());
            message.setMessageId(UUID.randomUUID().toString());
            return message;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SQSEvent load(String name) {
        try (InputStream in = AwsLifecycleTest.class.getResourceAsStream("/events/" + name)) {
            return JSON.readValue(in, SQSEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isOf(Map<String, AttributeValue> item, SimulatedCustomer customer) {
        return item.containsKey("awsLicenseArn") && customer.licenseArn().equals(item.get("awsLicenseArn").s());
    }

    private static Map<String, AttributeValue> subscription(SimulatedCustomer customer) {
        List<Map<String, AttributeValue>> items = harness.items("SUB#", "META").stream()
                .filter(item -> isOf(item, customer)).toList();
        assertEquals(1, items.size());
        return items.get(0);
    }

    private static String key(SimulatedCustomer customer) {
        return subscription(customer).get("subscriptionId").s();
    }

    /** What a subscription's state means, without the bookkeeping of how it got there. */
    private static Map<String, String> meaning(Map<String, AttributeValue> item) {
        return item.entrySet().stream()
                .filter(e -> List.of("status", "stage", "confirmed", "entitlements", "billingAccountId",
                        "endingSoon").contains(e.getKey()))
                .filter(e -> !e.getKey().equals("billingAccountId"))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().s()));
    }

    private static List<String> audit(SimulatedCustomer customer) {
        return harness.snapshot().entrySet().stream().filter(e -> e.getKey().startsWith("AUDIT#" + key(customer)))
                .map(e -> e.getValue().get("from").s() + ">" + e.getValue().get("to").s()).toList();
    }
}
