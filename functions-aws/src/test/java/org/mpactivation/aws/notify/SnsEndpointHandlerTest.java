package org.mpactivation.aws.notify;

import org.mpactivation.aws.LambdaHttp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceNotice;

/**
 * Through the real SnsMessageManager: only the certificate host is faked, serving a certificate made
 * here for {@code sns.amazonaws.com}. Forged, unsigned, mis-hosted and foreign-topic messages are
 * refused before anything is applied or visited.
 */
class SnsEndpointHandlerTest {

    private static final String SUBSCRIPTION_TOPIC =
            "arn:aws:sns:us-east-1:287250355862:aws-mp-subscription-notification-" + QueueEvents.PRODUCT_CODE;
    private static final String SUBSCRIBE_URL = "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription"
            + "&TopicArn=" + SUBSCRIPTION_TOPIC + "&Token=2336412f37fb687f5d51e6e2425c464de12884";
    private static final String TIMESTAMP = "2026-03-02T10:15:30.123Z";
    private static final String MESSAGE = "{\"action\":\"subscribe-success\",\"customer-identifier\":\"QvT3p8xLm2a\","
            + "\"product-code\":\"" + QueueEvents.PRODUCT_CODE + "\",\"offer-identifier\":\"offer-h2k7m4p9s1v6x\","
            + "\"isFreeTrialTermPresent\":\"false\"}";

    private static SnsSigningKey sns;
    private static SnsSigningKey impostor;
    private static SnsSigningKey wrongName;
    private static SnsSigningKey expired;

    private final FakeCertificateHost certificateHost = new FakeCertificateHost();
    private final FakeNoticeReceiver receiver = new FakeNoticeReceiver();
    private final List<URI> confirmed = new ArrayList<>();
    private final AwsNoticeParser parser = new AwsNoticeParser(QueueEvents.PRODUCT_CODE);
    private final SnsEndpointHandler handler = new SnsEndpointHandler(
            SnsEndpointHandler.verifier(parser.topics(), certificateHost), parser, receiver, confirmed::add);

    @BeforeAll
    static void issueCertificates(@TempDir Path dir) throws Exception {
        sns = SnsSigningKey.issue(dir, "sns", SnsSigningKey.SNS_CERTIFICATE_NAME, null, 2);
        impostor = SnsSigningKey.issue(dir, "impostor", SnsSigningKey.SNS_CERTIFICATE_NAME, null, 2);
        wrongName = SnsSigningKey.issue(dir, "wrong-name", "sns.example.org", null, 2);
        expired = SnsSigningKey.issue(dir, "expired", SnsSigningKey.SNS_CERTIFICATE_NAME, "-10d", 1);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void givenSignedNotification_thenNoticeIsApplied(int signatureVersion) throws Exception {
        certificateHost.serving(sns.certificatePem());
        ObjectNode message = new SignedSnsMessages(sns).signatureVersion(signatureVersion)
                .notification("d7c1e3a9-2b4f-4c6d-8e0a-1f3b5d7e9a2c", SUBSCRIPTION_TOPIC, TIMESTAMP, MESSAGE);

        APIGatewayV2HTTPResponse response = post(message.toString());

        assertEquals(200, response.getStatusCode());
        MarketplaceNotice notice = receiver.received.get(0);
        assertEquals("d7c1e3a9-2b4f-4c6d-8e0a-1f3b5d7e9a2c", notice.noticeId());
        assertEquals("sns", notice.source());
        assertEquals(LifecycleAction.SUBSCRIBED, notice.action());
        assertEquals(Instant.parse(TIMESTAMP), notice.occurredAt());
        assertEquals("QvT3p8xLm2a", notice.aws().customerIdentifier());
        assertEquals(List.of(URI.create(SignedSnsMessages.CERTIFICATE_URL)), certificateHost.requested);
    }

    @Test
    void givenBase64EncodedBody_thenItIsDecodedAndVerified() throws Exception {
        certificateHost.serving(sns.certificatePem());
        String json = signedNotification(sns).toString();

        String encoded = Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));

        APIGatewayV2HTTPResponse response = post(encoded, true);

        assertEquals(200, response.getStatusCode());
        assertEquals(1, receiver.received.size());
    }

    /** SNS posts {@code text/plain; charset=UTF-8} unless the subscription's delivery policy asks for JSON. */
    @ParameterizedTest
    @ValueSource(strings = {"text/plain", "TEXT/PLAIN;charset=utf-8", "application/json"})
    void givenTheTypesSnsSends_thenTheNoticeIsApplied(String contentType) throws Exception {
        certificateHost.serving(sns.certificatePem());

        APIGatewayV2HTTPResponse response = LambdaHttp.invoke(handler,
                withContentType(request(signedNotification(sns).toString(), false), contentType), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(1, receiver.received.size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plainx", "application/jsonx", "application/json-patch+json", "text/html",
            "application/x-www-form-urlencoded", ""})
    void givenAnotherType_then415AndNothingAppliedOrFetched(String contentType) throws Exception {
        certificateHost.serving(sns.certificatePem());

        APIGatewayV2HTTPResponse response = LambdaHttp.invoke(handler,
                withContentType(request(signedNotification(sns).toString(), false), contentType), null);

        assertEquals(415, response.getStatusCode(), contentType);
        assertTrue(response.getBody().contains("text/plain"), response.getBody());
        assertTrue(receiver.received.isEmpty());
        assertTrue(certificateHost.requested.isEmpty(), "nothing is fetched for a body of another type");
    }

    @Test
    void givenMalformedEvents_then4xxWithoutExceptionTextAndWithHsts() throws Exception {
        certificateHost.serving(sns.certificatePem());
        Map<String, APIGatewayV2HTTPEvent> events = new java.util.LinkedHashMap<>();
        events.put("null event", null);
        events.put("no body", request(null, false));
        events.put("a body marked base64 that is not", request("%%% not base64 %%%", true));
        events.put("no headers", withoutHeaders(request(signedNotification(sns).toString(), false)));
        events.put("no request context", withoutContext(request(signedNotification(sns).toString(), false)));
        events.put("JSON that breaks off", request("{\"Type\": \"Notification\", \"Message\": ", false));
        events.put("a type name with a class in it", request("{\"Type\": \"java.lang.Runtime\"}", false));
        for (Map.Entry<String, APIGatewayV2HTTPEvent> entry : events.entrySet()) {
            APIGatewayV2HTTPResponse response = LambdaHttp.invoke(handler, entry.getValue(), null);
            String body = response.getBody();
            assertTrue(response.getStatusCode() >= 400 && response.getStatusCode() < 500,
                    entry.getKey() + ": " + response.getStatusCode());
            for (String leak : List.of("Exception", "java.", "at org.")) {
                assertTrue(!body.contains(leak), entry.getKey() + ": " + body);
            }
            assertEquals("max-age=31536000; includeSubDomains", response.getHeaders().get("strict-transport-security"),
                    entry.getKey());
        }
        assertTrue(receiver.received.isEmpty());
    }

    private static APIGatewayV2HTTPEvent withoutHeaders(APIGatewayV2HTTPEvent event) {
        event.setHeaders(null);
        return event;
    }

    private static APIGatewayV2HTTPEvent withoutContext(APIGatewayV2HTTPEvent event) {
        event.setRequestContext(null);
        return event;
    }

    @Test
    void givenMessageChangedAfterSigning_then403AndNothingApplied() throws Exception {
        certificateHost.serving(sns.certificatePem());
        ObjectNode message = signedNotification(sns);
        message.put("Message", MESSAGE.replace("subscribe-success", "unsubscribe-success"));

        assertRefused(post(message.toString()));
    }

    @Test
    void givenSignatureByAnotherKey_then403AndNothingApplied() throws Exception {
        certificateHost.serving(sns.certificatePem());

        assertRefused(post(signedNotification(impostor).toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://sns.example.org/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem",
        "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem",
        "http://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem",
    })
    void givenCertificateUrlNotOnTheRegionalSnsHostOverHttps_then403AndItIsNeverFetched(String url) throws Exception {
        certificateHost.serving(impostor.certificatePem());
        ObjectNode message = new SignedSnsMessages(impostor).certificateUrl(url)
                .notification("m-2", SUBSCRIPTION_TOPIC, TIMESTAMP, MESSAGE);

        assertRefused(post(message.toString()));
        assertTrue(certificateHost.requested.isEmpty());
    }

    @Test
    void givenCertificateIssuedForAnotherName_then403() throws Exception {
        certificateHost.serving(wrongName.certificatePem());

        assertRefused(post(signedNotification(wrongName).toString()));
    }

    @Test
    void givenExpiredCertificate_then403() throws Exception {
        certificateHost.serving(expired.certificatePem());

        assertRefused(post(signedNotification(expired).toString()));
    }

    @Test
    void givenUnsignedMessage_then403() throws Exception {
        certificateHost.serving(sns.certificatePem());
        ObjectNode message = signedNotification(sns);
        message.remove(List.of("Signature", "SignatureVersion", "SigningCertURL"));

        assertRefused(post(message.toString()));
    }

    @Test
    void givenUnknownSignatureVersion_then403() throws Exception {
        certificateHost.serving(sns.certificatePem());
        ObjectNode message = signedNotification(sns);
        message.put("SignatureVersion", "3");

        assertRefused(post(message.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "{\"Type\":\"Notification\"}"})
    void givenGarbage_then403(String body) throws Exception {
        certificateHost.serving(sns.certificatePem());

        assertRefused(post(body));
    }

    @Test
    void givenGenuineMessageFromATopicOffTheAllowList_then403AndNothingApplied() throws Exception {
        certificateHost.serving(sns.certificatePem());
        ObjectNode message = new SignedSnsMessages(sns).notification("m-3",
                "arn:aws:sns:us-east-1:999988887777:aws-mp-subscription-notification-" + QueueEvents.PRODUCT_CODE,
                TIMESTAMP, MESSAGE);

        assertRefused(post(message.toString()));
    }

    @Test
    void givenSubscriptionConfirmationForAnAllowedTopic_thenSubscribeUrlIsVisited() throws Exception {
        certificateHost.serving(sns.certificatePem());

        APIGatewayV2HTTPResponse response = post(confirmation(sns, SUBSCRIPTION_TOPIC, SUBSCRIBE_URL));

        assertEquals(200, response.getStatusCode());
        assertEquals(List.of(URI.create(SUBSCRIBE_URL)), confirmed);
    }

    @Test
    void givenSubscriptionConfirmationForAnotherTopic_then403AndNothingVisited() throws Exception {
        certificateHost.serving(sns.certificatePem());
        String otherTopic = "arn:aws:sns:us-east-1:999988887777:someone-elses-topic";

        assertRefused(post(confirmation(sns, otherTopic, SUBSCRIBE_URL.replace(SUBSCRIPTION_TOPIC, otherTopic))));
        assertTrue(confirmed.isEmpty());
    }

    @Test
    void givenForgedSubscriptionConfirmation_then403AndNothingVisited() throws Exception {
        certificateHost.serving(sns.certificatePem());

        assertRefused(post(confirmation(impostor, SUBSCRIPTION_TOPIC, SUBSCRIBE_URL)));
        assertTrue(confirmed.isEmpty());
    }

    @Test
    void givenSignedConfirmationPointingElsewhere_then400AndNothingVisited() throws Exception {
        certificateHost.serving(sns.certificatePem());

        APIGatewayV2HTTPResponse response = post(confirmation(sns, SUBSCRIPTION_TOPIC,
                "https://collector.example.org/?Action=ConfirmSubscription"));

        assertEquals(400, response.getStatusCode());
        assertTrue(confirmed.isEmpty());
    }

    @Test
    void givenConfirmationThatSnsDoesNotAccept_then500SoSnsRetries() throws Exception {
        certificateHost.serving(sns.certificatePem());
        SnsEndpointHandler failingConfirmer = new SnsEndpointHandler(
                SnsEndpointHandler.verifier(parser.topics(), certificateHost), parser, receiver,
                url -> {
                    throw new IllegalStateException("SNS answered 500");
                });

        APIGatewayV2HTTPResponse response = LambdaHttp.invoke(failingConfirmer,
                request(confirmation(sns, SUBSCRIPTION_TOPIC, SUBSCRIBE_URL), false), null);

        assertEquals(500, response.getStatusCode());
    }

    @Test
    void givenUnsubscribeConfirmation_then200AndNothingAppliedOrVisited() throws Exception {
        certificateHost.serving(sns.certificatePem());
        String body = new SignedSnsMessages(sns).subscriptionConfirmation("UnsubscribeConfirmation", "m-5",
                SUBSCRIPTION_TOPIC, TIMESTAMP, SUBSCRIBE_URL, "2336412f37fb687f5d51e6e2425c464de12884").toString();

        APIGatewayV2HTTPResponse response = post(body);

        assertEquals(200, response.getStatusCode());
        assertTrue(receiver.received.isEmpty());
        assertTrue(confirmed.isEmpty());
    }

    @Test
    void givenVerifiedNotificationWithUnknownAction_then400() throws Exception {
        certificateHost.serving(sns.certificatePem());
        ObjectNode message = new SignedSnsMessages(sns).notification("m-6", SUBSCRIPTION_TOPIC, TIMESTAMP,
                MESSAGE.replace("subscribe-success", "subscribe-maybe"));

        APIGatewayV2HTTPResponse response = post(message.toString());

        assertEquals(400, response.getStatusCode());
        assertTrue(receiver.received.isEmpty());
    }

    @Test
    void givenReceiverFailure_then500SoSnsRetries() throws Exception {
        certificateHost.serving(sns.certificatePem());
        receiver.failOn("m-1");

        APIGatewayV2HTTPResponse response = post(signedNotification(sns).toString());

        assertEquals(500, response.getStatusCode());
        assertEquals("try again", response.getBody());
    }

    @Test
    void givenCertificateHostUnreachableOrFailing_then500SoSnsRetries() throws Exception {
        certificateHost.unreachable();
        assertEquals(500, post(signedNotification(sns).toString()).getStatusCode());

        FakeCertificateHost failing = new FakeCertificateHost().answering(503);
        SnsEndpointHandler handler503 = new SnsEndpointHandler(
                SnsEndpointHandler.verifier(parser.topics(), failing), parser, receiver, confirmed::add);
        assertEquals(500, LambdaHttp.invoke(handler503, request(signedNotification(sns).toString(), false), null)
                .getStatusCode());
        assertTrue(receiver.received.isEmpty());
    }

    @Test
    void givenCertificateNotFound_then403() throws Exception {
        certificateHost.answering(404);

        assertRefused(post(signedNotification(sns).toString()));
    }

    private static ObjectNode signedNotification(SnsSigningKey key) throws Exception {
        return new SignedSnsMessages(key).notification("m-1", SUBSCRIPTION_TOPIC, TIMESTAMP, MESSAGE);
    }

    private static String confirmation(SnsSigningKey key, String topic, String subscribeUrl) throws Exception {
        return new SignedSnsMessages(key).subscriptionConfirmation("SubscriptionConfirmation", "m-4", topic, TIMESTAMP,
                subscribeUrl, "2336412f37fb687f5d51e6e2425c464de12884").toString();
    }

    private void assertRefused(APIGatewayV2HTTPResponse response) {
        assertEquals(403, response.getStatusCode());
        assertEquals("forbidden", response.getBody());
        assertTrue(receiver.received.isEmpty());
        assertTrue(confirmed.isEmpty());
    }

    private APIGatewayV2HTTPResponse post(String body) {
        return post(body, false);
    }

    private APIGatewayV2HTTPResponse post(String body, boolean base64) {
        return LambdaHttp.invoke(handler, request(body, base64), null);
    }

    private static APIGatewayV2HTTPEvent withContentType(APIGatewayV2HTTPEvent event, String contentType) {
        Map<String, String> headers = new java.util.HashMap<>(event.getHeaders());
        headers.remove("content-type");
        if (!contentType.isEmpty()) {
            headers.put("content-type", contentType);
        }
        event.setHeaders(headers);
        return event;
    }

    private static APIGatewayV2HTTPEvent request(String body, boolean base64) {
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRawPath("/sns");
        event.setHeaders(Map.of("content-type", "text/plain; charset=UTF-8", "x-amz-sns-message-type", "Notification"));
        event.setBody(body);
        event.setIsBase64Encoded(base64);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("POST");
        context.setHttp(http);
        event.setRequestContext(context);
        return event;
    }
}
