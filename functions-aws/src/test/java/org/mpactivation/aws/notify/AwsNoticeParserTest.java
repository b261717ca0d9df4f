package org.mpactivation.aws.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceNotice;

class AwsNoticeParserTest {

    private static final String SUBSCRIPTION_TOPIC =
            "arn:aws:sns:us-east-1:287250355862:aws-mp-subscription-notification-" + QueueEvents.PRODUCT_CODE;

    private final AwsNoticeParser parser = new AwsNoticeParser(QueueEvents.PRODUCT_CODE);

    /**
     * AWS documents agreement events without product or licence. Should they ever carry both, they
     * map the same way; the end of an agreement opens the final report (the licence's deprovisioning
     * is the end); the end of a renewed or replaced agreement is not the subscription's end.
     */
    @ParameterizedTest
    @CsvSource({
        "sqs-eb-purchase-agreement-created-proposer.json,     RENEW,     SUBSCRIBED",
        "sqs-eb-purchase-agreement-created-manufacturer.json, REPLACE,   SUBSCRIBED",
        "sqs-eb-purchase-agreement-amended-proposer.json,     AMEND,     ENTITLEMENTS_CHANGED",
        "sqs-eb-purchase-agreement-ended-proposer.json,       CANCELLED, ENDING",
        "sqs-eb-purchase-agreement-ended-manufacturer.json,   EXPIRED,   ENDING",
        "sqs-eb-purchase-agreement-ended-manufacturer.json,   TERMINATED, ENDING",
    })
    void givenAgreementEventNamingProductAndLicence_thenItMapsToItsAction(String file, String intentOrStatus,
                                                                         LifecycleAction action) throws Exception {
        ObjectNode event = bodyOf(file);
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.putObject("product").put("code", QueueEvents.PRODUCT_CODE).put("id", "prod-w3n8b5c1z7qxe");
        detail.putObject("license").put("arn", QueueEvents.LICENSE_ARN);
        ((ObjectNode) detail.get("agreement")).put(file.contains("ended") ? "status" : "intent", intentOrStatus);

        MarketplaceNotice notice = accepted(parser.parseQueueBody(event.toString()));

        assertEquals(action, notice.action());
        assertEquals(event.get("detail-type").asText(), notice.detail());
        assertEquals(QueueEvents.BUYER_ACCOUNT, notice.aws().customerAwsAccountId());
    }

    @ParameterizedTest
    @CsvSource({"RENEWED", "REPLACED"})
    void givenEndOfARenewedOrReplacedAgreement_thenIgnored(String status) throws Exception {
        ObjectNode event = bodyOf("sqs-eb-purchase-agreement-ended-proposer.json");
        ObjectNode detail = (ObjectNode) event.get("detail");
        detail.putObject("product").put("code", QueueEvents.PRODUCT_CODE);
        detail.putObject("license").put("arn", QueueEvents.LICENSE_ARN);
        ((ObjectNode) detail.get("agreement")).put("status", status);

        assertInstanceOf(ParsedNotice.Ignored.class, parser.parseQueueBody(event.toString()));
    }

    @Test
    void givenLicenceEventWithProposerSuffix_thenTreatedLikeManufacturer() throws Exception {
        ObjectNode event = bodyOf("sqs-eb-license-updated-manufacturer.json");
        event.put("detail-type", "License Updated - Proposer");

        assertEquals(LifecycleAction.ENTITLEMENTS_CHANGED, accepted(parser.parseQueueBody(event.toString())).action());
    }

    @Test
    void givenLicenceEventWithoutLicenceArn_thenMalformed() {
        ObjectNode event = bodyOf("sqs-eb-license-deprovisioned-manufacturer.json");
        ((ObjectNode) event.get("detail")).remove("license");

        assertProblem("licence event without product code or licence ARN",
                () -> parser.parseQueueBody(event.toString()));
    }

    @Test
    void givenEventFromAnotherSource_thenMalformed() {
        ObjectNode event = bodyOf("sqs-eb-license-updated-manufacturer.json");
        event.put("source", "aws.marketplacecatalog");

        assertProblem("event from an unexpected source", () -> parser.parseQueueBody(event.toString()));
    }

    @Test
    void givenEventWithoutAcceptor_thenMalformed() {
        ObjectNode event = bodyOf("sqs-eb-license-updated-manufacturer.json");
        ((ObjectNode) event.get("detail")).remove("acceptor");

        assertProblem("missing object acceptor", () -> parser.parseQueueBody(event.toString()));
    }

    @Test
    void givenSnsSubscriptionConfirmationOnTheQueue_thenIgnored() throws Exception {
        ObjectNode envelope = bodyOf("sqs-sns-subscribe-success.json");
        envelope.put("Type", "SubscriptionConfirmation");

        assertInstanceOf(ParsedNotice.Ignored.class, parser.parseQueueBody(envelope.toString()));
    }

    @Test
    void givenUnknownSnsType_thenMalformed() {
        ObjectNode envelope = bodyOf("sqs-sns-subscribe-success.json");
        envelope.put("Type", "Announcement");

        assertProblem("unknown SNS message type", () -> parser.parseQueueBody(envelope.toString()));
    }

    @Test
    void givenMessageThatIsNotAString_thenMalformed() {
        ObjectNode envelope = bodyOf("sqs-sns-subscribe-success.json");
        envelope.putObject("Message").put("action", "subscribe-success");

        assertProblem("missing or empty field Message", () -> parser.parseQueueBody(envelope.toString()));
    }

    @Test
    void givenUnparseableTimestamp_thenMalformed() {
        ObjectNode envelope = bodyOf("sqs-sns-subscribe-success.json");
        envelope.put("Timestamp", "yesterday");

        assertProblem("field Timestamp is not an ISO-8601 instant",
                () -> parser.parseQueueBody(envelope.toString()));
    }

    @Test
    void givenMessageWithoutCustomerIdentifier_thenMalformed() {
        String message = "{\"action\":\"subscribe-success\",\"product-code\":\"" + QueueEvents.PRODUCT_CODE + "\"}";

        assertProblem("missing or empty field customer-identifier",
                () -> parser.parseSnsNotification("m-1", SUBSCRIPTION_TOPIC, Instant.now(), message));
    }

    @Test
    void givenDuplicateKeys_thenMalformed() {
        String body = "{\"Type\":\"Notification\",\"Type\":\"Notification\"}";

        assertProblem("message body is not JSON", () -> parser.parseQueueBody(body));
    }

    @Test
    void givenNoticeIdLongerThanTheDomainAllows_thenMalformed() {
        String message = "{\"action\":\"subscribe-success\",\"customer-identifier\":\"c-1\",\"product-code\":\""
                + QueueEvents.PRODUCT_CODE + "\"}";

        assertProblem("notice fails the domain's checks",
                () -> parser.parseSnsNotification("m".repeat(257), SUBSCRIPTION_TOPIC, Instant.now(), message));
    }

    @Test
    void givenCustomerIdentifierWithSurroundingSpace_thenItIsTrimmed() throws Exception {
        // AWS's own sample message shows " X01EXAMPLEX" with a leading space.
        String message = "{\"action\":\"subscribe-success\",\"customer-identifier\":\" X01EXAMPLEX\","
                + "\"product-code\":\""
                + QueueEvents.PRODUCT_CODE + "\"}";

        MarketplaceNotice notice = accepted(
                parser.parseSnsNotification("m-1", SUBSCRIPTION_TOPIC, Instant.now(), message));

        assertEquals("X01EXAMPLEX", notice.aws().customerIdentifier());
    }

    @Test
    void givenNoConfiguredTopics_thenTheProductsTwoMarketplaceTopicsAreAllowed() {
        NotificationTopics topics = NotificationTopics.fromEnvironment(Map.of(), QueueEvents.PRODUCT_CODE);

        assertTrue(topics.allows(SUBSCRIPTION_TOPIC));
        assertTrue(topics.allows(
                "arn:aws:sns:us-east-1:287250355862:aws-mp-entitlement-notification-" + QueueEvents.PRODUCT_CODE));
        assertFalse(topics.allows("arn:aws:sns:us-east-1:287250355862:aws-mp-subscription-notification-other"));
        assertEquals("us-east-1", topics.region());
    }

    @Test
    void givenConfiguredTopics_thenOnlyThoseAreAllowed() {
        String topic = "arn:aws-cn:sns:cn-northwest-1:123456789012:aws-mp-subscription-notification-x";
        AwsNoticeParser configured = AwsNoticeParser.fromEnvironment(Map.of(
                "MARKETPLACE_PRODUCT_CODE", QueueEvents.PRODUCT_CODE,
                NotificationTopics.ENVIRONMENT_VARIABLE, " " + topic + " ,"));

        assertTrue(configured.topics().allows(topic));
        assertFalse(configured.topics().allows(SUBSCRIPTION_TOPIC));
        assertEquals("cn-northwest-1", configured.topics().region());
    }

    @Test
    void givenTopicsInTwoRegionsOrNoProductCode_thenConfigurationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NotificationTopics.fromEnvironment(Map.of(
                NotificationTopics.ENVIRONMENT_VARIABLE,
                "arn:aws:sns:us-east-1:1:a,arn:aws:sns:eu-west-1:1:b"), QueueEvents.PRODUCT_CODE));
        assertThrows(IllegalArgumentException.class, () -> NotificationTopics.fromEnvironment(Map.of(
                NotificationTopics.ENVIRONMENT_VARIABLE, "not-an-arn"), QueueEvents.PRODUCT_CODE));
        assertThrows(IllegalArgumentException.class, () -> AwsNoticeParser.fromEnvironment(Map.of()));
    }

    private static void assertProblem(String problem, Executable parse) {
        assertEquals(problem, assertThrows(MalformedNoticeException.class, parse).getMessage());
    }

    private static MarketplaceNotice accepted(ParsedNotice parsed) {
        return assertInstanceOf(ParsedNotice.Accepted.class, parsed).notice();
    }

    /** The body of a sample file's only record, to vary one field at a time. */
    private static ObjectNode bodyOf(String file) {
        return (ObjectNode) QueueEvents.body(QueueEvents.onlyRecord(file));
    }
}
