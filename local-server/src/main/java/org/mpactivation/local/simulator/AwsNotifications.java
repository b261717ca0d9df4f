package org.mpactivation.local.simulator;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.mpactivation.aws.notify.AwsNoticeParser;
import org.mpactivation.aws.notify.NotificationTopics;
import org.mpactivation.simulator.aws.SimulatedCustomer;

/**
 * Writes the notifications AWS Marketplace sends about a product's buyers, as they arrive on the
 * seller's notification queue: an SNS envelope (raw delivery off, so the marketplace's JSON is the
 * envelope's {@code Message} string) from the product's subscription or entitlement topic, or an
 * EventBridge event from {@code aws.agreement-marketplace}, each wrapped in the SQS record Lambda's
 * event source mapping hands the queue function.
 *
 * <p>Every notice gets a fresh SNS {@code MessageId} or event {@code id}. The SNS signature is a
 * placeholder: messages read from the queue are not signature-checked (the queue policy is the control).
 */
public final class AwsNotifications {

    /** SNS topics and EventBridge events of AWS Marketplace live in us-east-1. */
    public static final String REGION = "us-east-1";
    /** The queue's name in the simulated seller account (only part of the record's source ARN). */
    public static final String QUEUE_NAME = "marketplace-notifications";
    static final String CATALOG = "AWSMarketplace";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** SNS writes its envelopes indented by two spaces, with {@code " : "} between name and value. */
    private static final ObjectWriter SNS_ENVELOPE = JSON.writer(
            new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));
    private static final DateTimeFormatter SNS_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final char[] LOWER_ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] UPPER_ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private final String productCode;
    private final String sellerAccountId;
    private final String productId;
    private final String offerId;
    private final Clock clock;
    private final SecureRandom random;
    private final String signingCertUrl;
    private final Map<String, String> topicSubscriptions = new LinkedHashMap<>();
    private final String snsSenderId;
    private final String eventsSenderId;

    /** The terms an agreement event states: its id, start and (for contracts) end. */
    public record Agreement(String id, Instant start, Instant end) {
        public Agreement {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(start, "start");
        }
    }

    /**
     * One notice as AWS puts it on the queue.
     *
     * @param noticeId the SNS {@code MessageId} or the EventBridge {@code id}: what the receiver dedups by
     * @param body     the SQS message body
     */
    public record Notice(AwsLifecycleEvent event, String noticeId, String body) {
    }

    /**
     * @param sellerAccountId the seller's AWS account (the event bus and queue owner, the agreements' proposer)
     */
    public AwsNotifications(String productCode, String sellerAccountId, Clock clock, SecureRandom random) {
        this.productCode = Objects.requireNonNull(productCode, "productCode");
        this.sellerAccountId = Objects.requireNonNull(sellerAccountId, "sellerAccountId");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.productId = "prod-" + lowerAlphanumeric(13);
        this.offerId = "offer-" + lowerAlphanumeric(13);
        this.signingCertUrl = "https://sns." + REGION + ".amazonaws.com/SimpleNotificationService-"
                + HexFormat.of().formatHex(bytes(16)) + ".pem";
        topicSubscriptions.put(subscriptionTopicArn(), UUID.randomUUID().toString());
        topicSubscriptions.put(entitlementTopicArn(), UUID.randomUUID().toString());
        this.snsSenderId = "AIDA" + upperAlphanumeric(17);
        this.eventsSenderId = "AIDA" + upperAlphanumeric(17);
    }

    public String productCode() {
        return productCode;
    }

    public String sellerAccountId() {
        return sellerAccountId;
    }

    /** The listing's product id ({@code prod-…}), as licence events name it next to the product code. */
    public String productId() {
        return productId;
    }

    /** The public offer the buyers accepted ({@code offer-…}). */
    public String offerId() {
        return offerId;
    }

    public String subscriptionTopicArn() {
        return topicArn("aws-mp-subscription-notification-");
    }

    public String entitlementTopicArn() {
        return topicArn("aws-mp-entitlement-notification-");
    }

    /** The queue's ARN in the seller's account. */
    public String queueArn() {
        return "arn:aws:sqs:" + REGION + ":" + sellerAccountId + ":" + QUEUE_NAME;
    }

    /** A new agreement id ({@code agmt-} and 25 lower-case letters and digits). */
    public String newAgreementId() {
        return "agmt-" + lowerAlphanumeric(25);
    }

    // ---- SNS

    /**
     * The SNS envelope of a legacy notification about the customer.
     *
     * @param freeTrial whether the buyer's offer has a free-trial term (subscribe-success and -fail say so)
     */
    public Notice sns(AwsLifecycleEvent event, SimulatedCustomer customer, boolean freeTrial) {
        if (!event.isSns()) {
            throw new IllegalArgumentException(event + " is not an SNS notification");
        }
        ObjectNode message = JSON.createObjectNode();
        message.put("action", event.wireName());
        message.put("customer-identifier", customer.customerIdentifier());
        message.put("product-code", productCode);
        if (event == AwsLifecycleEvent.SUBSCRIBE_SUCCESS || event == AwsLifecycleEvent.SUBSCRIBE_FAIL) {
            message.put("offer-identifier", offerId);
            message.put("isFreeTrialTermPresent", Boolean.toString(freeTrial));
        }
        String topicArn = event.channel() == AwsLifecycleEvent.Channel.SNS_ENTITLEMENT
                ? entitlementTopicArn() : subscriptionTopicArn();
        String messageId = UUID.randomUUID().toString();

        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("Type", "Notification");
        envelope.put("MessageId", messageId);
        envelope.put("TopicArn", topicArn);
        envelope.put("Message", write(JSON.writer(), message));
        envelope.put("Timestamp", SNS_TIME.format(clock.instant()));
        envelope.put("SignatureVersion", "1");
        envelope.put("Signature", Base64.getEncoder().encodeToString(bytes(256)));
        envelope.put("SigningCertURL", signingCertUrl);
        envelope.put("UnsubscribeURL", "https://sns." + REGION + ".amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
                + topicArn + ":" + topicSubscriptions.get(topicArn));
        return new Notice(event, messageId, write(SNS_ENVELOPE, envelope));
    }

    // ---- EventBridge

    /**
     * The EventBridge event about the customer's agreement or licence.
     *
     * @param endedStatus the agreement's status in a Purchase Agreement Ended event (one of
     *                    {@link AwsLifecycleEvent#ENDED_STATUSES}); ignored by the other events
     */
    public Notice eventBridge(AwsLifecycleEvent event, SimulatedCustomer customer, Agreement agreement,
                              String endedStatus) {
        if (event.isSns()) {
            throw new IllegalArgumentException(event + " is not an EventBridge event");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String eventId = UUID.randomUUID().toString();

        ObjectNode root = JSON.createObjectNode();
        root.put("version", "0");
        root.put("id", eventId);
        root.put("detail-type", event.wireName());
        root.put("source", AwsNoticeParser.EVENT_SOURCE);
        root.put("account", sellerAccountId);
        root.put("time", now.toString());
        root.put("region", REGION);
        root.putArray("resources").add("arn:aws:aws-marketplace::aws:agreement:" + agreement.id());

        ObjectNode detail = root.putObject("detail");
        detail.put("requestId", UUID.randomUUID().toString());
        detail.put("catalog", CATALOG);
        ObjectNode agreementNode = detail.putObject("agreement");
        agreementNode.put("id", agreement.id());
        switch (event) {
            case AGREEMENT_CREATED, AGREEMENT_AMENDED -> {
                agreementNode.put("intent", event == AwsLifecycleEvent.AGREEMENT_CREATED ? "NEW" : "AMEND");
                agreementNode.put("status", "ACTIVE");
                agreementNode.put("acceptanceTime", seconds(agreement.start()));
                agreementNode.put("startTime", seconds(agreement.start()));
                if (agreement.end() != null) {
                    agreementNode.put("endTime", seconds(agreement.end()));
                }
            }
            case AGREEMENT_ENDED -> {
                if (!AwsLifecycleEvent.ENDED_STATUSES.contains(endedStatus)) {
                    throw new IllegalArgumentException("not an ended agreement status: " + endedStatus);
                }
                agreementNode.put("status", endedStatus);
            }
            default -> {
                ObjectNode product = detail.putObject("product");
                product.put("code", productCode);
                product.put("id", productId);
                detail.putObject("license").put("arn", customer.licenseArn());
            }
        }
        if (event == AwsLifecycleEvent.AGREEMENT_CREATED || event == AwsLifecycleEvent.AGREEMENT_AMENDED
                || event == AwsLifecycleEvent.AGREEMENT_ENDED) {
            detail.putObject("resaleAuthorization").putNull("id");
        }
        detail.putObject("acceptor").put("accountId", customer.awsAccountId());
        detail.putObject("proposer").put("accountId", sellerAccountId);
        detail.putObject("offer").put("id", offerId);
        return new Notice(event, eventId, write(JSON.writer(), root));
    }

    // ---- the queue

    /** One SQS record carrying the body, as the event source mapping hands it to the function. */
    public SQSEvent queueEvent(String body, AwsLifecycleEvent.Channel channel) {
        Instant now = clock.instant();
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setReceiptHandle("AQEB" + Base64.getEncoder().withoutPadding().encodeToString(bytes(96)));
        message.setBody(body);
        message.setMd5OfBody(md5Hex(body));
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("ApproximateReceiveCount", "1");
        attributes.put("SentTimestamp", Long.toString(now.toEpochMilli()));
        attributes.put("SenderId", channel == AwsLifecycleEvent.Channel.EVENTBRIDGE ? eventsSenderId : snsSenderId);
        attributes.put("ApproximateFirstReceiveTimestamp", Long.toString(now.toEpochMilli()));
        message.setAttributes(attributes);
        message.setMessageAttributes(Map.of());
        message.setEventSource("aws:sqs");
        message.setEventSourceArn(queueArn());
        message.setAwsRegion(REGION);
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        return event;
    }

    // ---- helpers

    private String topicArn(String prefix) {
        return "arn:aws:sns:" + REGION + ":" + NotificationTopics.MARKETPLACE_ACCOUNT + ":" + prefix + productCode;
    }

    private static String seconds(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String write(ObjectWriter writer, ObjectNode node) {
        try {
            return writer.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON", e);
        }
    }

    private static String md5Hex(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing", e);
        }
    }

    private synchronized byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        return bytes;
    }

    private String lowerAlphanumeric(int length) {
        return pick(LOWER_ALPHANUMERIC, length);
    }

    private String upperAlphanumeric(int length) {
        return pick(UPPER_ALPHANUMERIC, length);
    }

    private String pick(char[] alphabet, int length) {
        StringBuilder text = new StringBuilder(length);
        for (byte b : bytes(length)) {
            text.append(alphabet[(b & 0xff) % alphabet.length]);
        }
        return text.toString();
    }
}
