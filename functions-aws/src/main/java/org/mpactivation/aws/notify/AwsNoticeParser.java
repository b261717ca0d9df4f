package org.mpactivation.aws.notify;

import org.mpactivation.domain.Timestamps;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import org.mpactivation.domain.AwsSubscriptionRef;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceNotice;

/**
 * Reads AWS Marketplace notifications into {@link MarketplaceNotice}s. One queue carries two shapes:
 * SNS envelopes from the product's legacy topics (raw delivery off, so {@code Message} is a JSON
 * string) and EventBridge events from {@code aws.agreement-marketplace} (the rule targets the queue,
 * so the body is the event itself).
 *
 * <p>Strict where a mistake would be silent: an unknown envelope type, SNS action or detail type, a
 * topic off the allow-list, a missing field, or an SNS message whose product code is not the one its
 * topic belongs to is {@link MalformedNoticeException} (dead-letter queue, visible). Lenient where
 * the marketplace itself is being normal: an EventBridge event for another product of the same
 * seller account and the end of an agreement that was renewed or replaced (its successor is
 * announced by its own Created event) come back as {@link ParsedNotice.Ignored}. Agreement events
 * name only the agreement (AWS documents them without product or licence); they are passed on with
 * the agreement id, which the licence events of the same agreement link to the licence.
 */
public final class AwsNoticeParser {

    public static final String SOURCE_SNS = "sns";
    public static final String SOURCE_EVENTBRIDGE = "eventbridge";
    public static final String EVENT_SOURCE = "aws.agreement-marketplace";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Map<String, LifecycleAction> SNS_ACTIONS = Map.of(
            "subscribe-success", LifecycleAction.SUBSCRIBED,
            "subscribe-fail", LifecycleAction.FAILED,
            "unsubscribe-pending", LifecycleAction.ENDING,
            "unsubscribe-success", LifecycleAction.ENDED,
            "entitlement-updated", LifecycleAction.ENTITLEMENTS_CHANGED);

    /** "We are the manufacturer" or "we proposed the agreement": the same news for our purposes. */
    private static final Set<String> ROLE_SUFFIXES = Set.of(" - Manufacturer", " - Proposer");
    private static final Set<String> SUPERSEDED_AGREEMENT = Set.of("RENEWED", "REPLACED");

    private final String productCode;
    private final NotificationTopics topics;

    /** Accepts the product's two default AWS Marketplace topics. */
    public AwsNoticeParser(String productCode) {
        this(productCode, NotificationTopics.forProduct(productCode));
    }

    public AwsNoticeParser(String productCode, NotificationTopics topics) {
        NotificationTopics.requireProductCode(productCode);
        this.productCode = productCode;
        this.topics = topics;
    }

    /** {@code MARKETPLACE_PRODUCT_CODE} and, optionally, {@code MARKETPLACE_SNS_TOPIC_ARNS}. */
    public static AwsNoticeParser fromEnvironment(Map<String, String> env) {
        String productCode = env.get("MARKETPLACE_PRODUCT_CODE");
        NotificationTopics.requireProductCode(productCode);
        return new AwsNoticeParser(productCode, NotificationTopics.fromEnvironment(env, productCode));
    }

    public NotificationTopics topics() {
        return topics;
    }

    /** One SQS message body: an SNS envelope or an EventBridge event. */
    public ParsedNotice parseQueueBody(String body) throws MalformedNoticeException {
        JsonNode root = readObject(body, "message body");
        if (root.has("Type")) {
            return parseSnsEnvelope(root);
        }
        if (root.has("detail-type")) {
            return parseEvent(root);
        }
        throw new MalformedNoticeException("neither an SNS envelope nor an EventBridge event");
    }

    /**
     * The payload of one SNS {@code Notification}, from the queue or from a verified HTTPS post.
     *
     * @param message the envelope's {@code Message}: the marketplace's JSON as a string
     */
    public ParsedNotice parseSnsNotification(String messageId, String topicArn, Instant timestamp, String message)
            throws MalformedNoticeException {
        if (messageId == null || messageId.isBlank() || timestamp == null) {
            throw new MalformedNoticeException("SNS notification without message id or timestamp");
        }
        if (!topics.allows(topicArn)) {
            throw new MalformedNoticeException("SNS topic is not on the allow-list");
        }
        JsonNode content = readObject(message, "SNS Message");
        String action = text(content, "action");
        LifecycleAction lifecycle = SNS_ACTIONS.get(action);
        if (lifecycle == null) {
            throw new MalformedNoticeException("unknown SNS action");
        }
        // Each product has its own topics, so a foreign product code here is a wiring mistake.
        if (!productCode.equals(text(content, "product-code").strip())) {
            throw new MalformedNoticeException("SNS message for a product this function does not sell");
        }
        String customer = text(content, "customer-identifier");
        return accepted(messageId, SOURCE_SNS, lifecycle,
                () -> new AwsSubscriptionRef(productCode, customer, null, null), timestamp, action);
    }

    private ParsedNotice parseSnsEnvelope(JsonNode envelope) throws MalformedNoticeException {
        String type = text(envelope, "Type");
        String messageId = text(envelope, "MessageId");
        String topicArn = text(envelope, "TopicArn");
        if (!topics.allows(topicArn)) {
            throw new MalformedNoticeException("SNS topic is not on the allow-list");
        }
        return switch (type) {
            case "Notification" -> parseSnsNotification(messageId, topicArn, instant(envelope, "Timestamp"),
                    text(envelope, "Message"));
            case "SubscriptionConfirmation" -> new ParsedNotice.Ignored(messageId, SOURCE_SNS,
                    "SNS subscription confirmation on the queue");
            case "UnsubscribeConfirmation" -> new ParsedNotice.Ignored(messageId, SOURCE_SNS,
                    "SNS unsubscribe confirmation on the queue");
            default -> throw new MalformedNoticeException("unknown SNS message type");
        };
    }

    private ParsedNotice parseEvent(JsonNode event) throws MalformedNoticeException {
        if (!EVENT_SOURCE.equals(text(event, "source"))) {
            throw new MalformedNoticeException("event from an unexpected source");
        }
        String eventId = text(event, "id");
        String detailType = text(event, "detail-type");
        Instant time = instant(event, "time");
        EventKind kind = EventKind.of(detailType);
        JsonNode detail = object(event, "detail");
        String agreementId = text(object(detail, "agreement"), "id");
        String acceptor = text(object(detail, "acceptor"), "accountId");
        String product = optionalText(detail, "product", "code");
        String licenseArn = optionalText(detail, "license", "arn");

        if (kind.namesLicence && (product == null || licenseArn == null)) {
            throw new MalformedNoticeException("licence event without product code or licence ARN");
        }
        if (product != null && !productCode.equals(product)) {
            return new ParsedNotice.Ignored(eventId, SOURCE_EVENTBRIDGE, "event for another product");
        }
        if (kind == EventKind.AGREEMENT_ENDED
                && SUPERSEDED_AGREEMENT.contains(optionalText(detail, "agreement", "status"))) {
            return new ParsedNotice.Ignored(eventId, SOURCE_EVENTBRIDGE, "agreement renewed or replaced");
        }
        // agreement events name only the agreement: the receiver finds the subscription through the
        // licence that the agreement's licence events link to it
        return accepted(eventId, SOURCE_EVENTBRIDGE, kind.action,
                () -> new AwsSubscriptionRef(product, null, acceptor, licenseArn, agreementId), time, detailType);
    }

    private static ParsedNotice accepted(String noticeId, String source, LifecycleAction action,
                                         RefSupplier ref, Instant occurredAt, String detail)
            throws MalformedNoticeException {
        try {
            return new ParsedNotice.Accepted(
                    new MarketplaceNotice(noticeId, source, action, ref.get(), occurredAt, detail));
        } catch (IllegalArgumentException invalid) {
            throw new MalformedNoticeException("notice fails the domain's checks", invalid);
        }
    }

    private static JsonNode readObject(String json, String what) throws MalformedNoticeException {
        if (json == null || json.isBlank()) {
            throw new MalformedNoticeException(what + " is empty");
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException notJson) {
            throw new MalformedNoticeException(what + " is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new MalformedNoticeException(what + " is not a JSON object");
        }
        return node;
    }

    private static JsonNode object(JsonNode parent, String field) throws MalformedNoticeException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new MalformedNoticeException("missing object " + field);
        }
        return node;
    }

    private static String text(JsonNode parent, String field) throws MalformedNoticeException {
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new MalformedNoticeException("missing or empty field " + field);
        }
        return node.asText();
    }

    /** {@code parent.object.field} when present as non-blank text; null when absent or JSON null. */
    private static String optionalText(JsonNode parent, String object, String field) throws MalformedNoticeException {
        JsonNode holder = parent.get(object);
        if (holder == null || holder.isNull()) {
            return null;
        }
        JsonNode node = holder.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new MalformedNoticeException("field " + object + "." + field + " is not text");
        }
        return node.asText().isBlank() ? null : node.asText().strip();
    }

    private static Instant instant(JsonNode parent, String field) throws MalformedNoticeException {
        try {
            return Timestamps.parse(text(parent, field));
        } catch (DateTimeParseException notATime) {
            throw new MalformedNoticeException("field " + field + " is not an ISO-8601 instant");
        }
    }

    @FunctionalInterface
    private interface RefSupplier {
        AwsSubscriptionRef get();
    }

    /** The EventBridge detail types we act on, without their role suffix. */
    private enum EventKind {
        AGREEMENT_CREATED("Purchase Agreement Created", LifecycleAction.SUBSCRIBED, false),
        AGREEMENT_AMENDED("Purchase Agreement Amended", LifecycleAction.ENTITLEMENTS_CHANGED, false),
        /** Opens the hour for the final usage report; the licence's deprovisioning is the end. */
        AGREEMENT_ENDED("Purchase Agreement Ended", LifecycleAction.ENDING, false),
        LICENSE_UPDATED("License Updated", LifecycleAction.ENTITLEMENTS_CHANGED, true),
        LICENSE_DEPROVISIONED("License Deprovisioned", LifecycleAction.ENDED, true);

        private final String name;
        private final LifecycleAction action;
        /** Licence events always carry product code and licence ARN; agreement events (so far) do not. */
        private final boolean namesLicence;

        EventKind(String name, LifecycleAction action, boolean namesLicence) {
            this.name = name;
            this.action = action;
            this.namesLicence = namesLicence;
        }

        static EventKind of(String detailType) throws MalformedNoticeException {
            for (String suffix : ROLE_SUFFIXES) {
                if (detailType.endsWith(suffix)) {
                    String base = detailType.substring(0, detailType.length() - suffix.length());
                    for (EventKind kind : values()) {
                        if (kind.name.equals(base)) {
                            return kind;
                        }
                    }
                }
            }
            throw new MalformedNoticeException("unknown detail type");
        }
    }
}
