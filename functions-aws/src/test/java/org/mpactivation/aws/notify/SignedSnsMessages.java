package org.mpactivation.aws.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;

/**
 * Builds SNS HTTP(S) messages the way SNS does: the string to sign is each signed field's name and
 * value on their own lines, in a fixed order per message type, and the result is Base64 encoded.
 */
public final class SignedSnsMessages {

    public static final String CERTIFICATE_URL =
            "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SnsSigningKey key;
    private int signatureVersion = 2;
    private String certificateUrl = CERTIFICATE_URL;

    public SignedSnsMessages(SnsSigningKey key) {
        this.key = key;
    }

    public SignedSnsMessages signatureVersion(int version) {
        this.signatureVersion = version;
        return this;
    }

    public SignedSnsMessages certificateUrl(String url) {
        this.certificateUrl = url;
        return this;
    }

    public ObjectNode notification(String messageId, String topicArn, String timestamp, String message)
            throws GeneralSecurityException {
        String canonical = line("Message", message) + line("MessageId", messageId) + line("Timestamp", timestamp)
                + line("TopicArn", topicArn) + line("Type", "Notification");
        ObjectNode json = common("Notification", messageId, topicArn, timestamp, message, canonical);
        json.put("UnsubscribeURL", "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn="
                + topicArn + ":5f2d8c1a-0b7e-4d3f-9a6c-2e8b1f4d7c90");
        return json;
    }

    public ObjectNode subscriptionConfirmation(String type, String messageId, String topicArn, String timestamp,
                                        String subscribeUrl, String token) throws GeneralSecurityException {
        String message = "You have chosen to subscribe to the topic " + topicArn
                + ".\nTo confirm the subscription, visit the SubscribeURL included in this message.";
        String canonical = line("Message", message) + line("MessageId", messageId)
                + line("SubscribeURL", subscribeUrl) + line("Timestamp", timestamp) + line("Token", token)
                + line("TopicArn", topicArn) + line("Type", type);
        ObjectNode json = common(type, messageId, topicArn, timestamp, message, canonical);
        json.put("Token", token);
        json.put("SubscribeURL", subscribeUrl);
        return json;
    }

    private ObjectNode common(String type, String messageId, String topicArn, String timestamp, String message,
                              String canonical) throws GeneralSecurityException {
        ObjectNode json = JSON.createObjectNode();
        json.put("Type", type);
        json.put("MessageId", messageId);
        json.put("TopicArn", topicArn);
        json.put("Message", message);
        json.put("Timestamp", timestamp);
        json.put("SignatureVersion", Integer.toString(signatureVersion));
        json.put("Signature", key.sign(canonical, signatureVersion));
        json.put("SigningCertURL", certificateUrl);
        return json;
    }

    private static String line(String name, String value) {
        return name + "\n" + value + "\n";
    }
}
