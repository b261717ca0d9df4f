package org.mpactivation.aws.fuzz;


import org.mpactivation.aws.LambdaHttp;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mpactivation.application.FakeAwsMarketplace;
import org.mpactivation.aws.notify.AwsNoticeParser;
import org.mpactivation.aws.notify.FakeCertificateHost;
import org.mpactivation.aws.notify.SignedSnsMessages;
import org.mpactivation.aws.notify.SnsEndpointHandler;
import org.mpactivation.aws.notify.SnsSigningKey;
import org.mpactivation.testkit.fuzz.FuzzRun;
import org.mpactivation.testkit.fuzz.Snapshots;
import org.mpactivation.testkit.fuzz.HostileText;

/**
 * The SNS HTTPS endpoint through the real SnsEndpointHandler and SnsMessageManager (only the
 * certificate host is faked), applying to the real notice receiver on the in-memory store: properly
 * signed notifications whose message is mostly valid for known buyers (actions, ids and products
 * swapped now and then), signed subscription confirmations with odd URLs, messages changed after
 * signing, signed by another key, random JSON and garbage, base64 or not. Properties as for every
 * public answer (SNS's own retry answer, a 500, only comes from a failing store, which this suite does
 * not simulate), and a refused message changes nothing.
 */
class AwsSnsEndpointFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUBSCRIPTION_TOPIC =
            "arn:aws:sns:us-east-1:287250355862:aws-mp-subscription-notification-" + FakeAwsMarketplace.PRODUCT_CODE;
    private static final String ENTITLEMENT_TOPIC =
            "arn:aws:sns:us-east-1:287250355862:aws-mp-entitlement-notification-" + FakeAwsMarketplace.PRODUCT_CODE;
    private static final List<String> ACTIONS = List.of("subscribe-success", "subscribe-fail", "unsubscribe-pending",
            "unsubscribe-success", "entitlement-updated");

    private final AwsFuzzWorld world = new AwsFuzzWorld();
    private final FakeCertificateHost certificates = new FakeCertificateHost();
    private final List<URI> confirmed = new ArrayList<>();
    private final AwsNoticeParser parser = new AwsNoticeParser(FakeAwsMarketplace.PRODUCT_CODE);
    private final SnsEndpointHandler handler = new SnsEndpointHandler(
            SnsEndpointHandler.verifier(parser.topics(), certificates), parser, world.notices, confirmed::add);
    private SignedSnsMessages signed;
    private SignedSnsMessages impostor;
    private FuzzRun run;

    @Test
    void everySnsPostIsAnsweredSafelyAndARefusalChangesNothing(@TempDir Path dir) throws Exception {
        SnsSigningKey sns = SnsSigningKey.issue(dir, "sns", SnsSigningKey.SNS_CERTIFICATE_NAME, null, 2);
        certificates.serving(sns.certificatePem());
        signed = new SignedSnsMessages(sns);
        impostor = new SignedSnsMessages(SnsSigningKey.issue(dir, "other", SnsSigningKey.SNS_CERTIFICATE_NAME, null, 2));
        for (int i = 0; i < 3; i++) {
            world.activated(world.unique("sns"));
        }
        run = FuzzRun.of("AWS SNS endpoint", 1_000);
        run.run(this::oneCase);
    }

    private void oneCase(Random random, int index) throws Exception {
        String messageId = random.nextInt(10) == 0 ? "m-" + random.nextInt(5) : "m-" + index + "-" + random.nextInt();
        String topic = random.nextInt(4) == 0 ? ENTITLEMENT_TOPIC
                : HostileText.mostly(random, 12, SUBSCRIPTION_TOPIC);
        String timestamp = HostileText.mostly(random, 12, "2026-03-02T10:15:30.123Z", "2026-03-02T10:21:00Z");
        String body;
        switch (random.nextInt(10)) {
            case 0 -> body = HostileText.any(random);
            case 1 -> body = JSON.writeValueAsString(Map.of("Type", HostileText.mostly(random, 2, "Notification"),
                    "Message", HostileText.any(random), "TopicArn", topic));
            case 2 -> body = impostor.notification(messageId, topic, timestamp, message(random)).toString();
            case 3 -> {
                ObjectNode json = signed.notification(messageId, topic, timestamp, message(random));
                String field = List.of("Message", "MessageId", "TopicArn", "Timestamp", "Signature", "Type",
                        "SignatureVersion", "SigningCertURL").get(random.nextInt(8));
                json.put(field, HostileText.mutate(random, json.path(field).asText()));
                body = json.toString();
            }
            case 4 -> body = signed.subscriptionConfirmation(
                    HostileText.mostly(random, 4, "SubscriptionConfirmation", "UnsubscribeConfirmation"),
                    messageId, topic, timestamp, HostileText.mostly(random, 3,
                            "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&Token=abc",
                            "https://evil.example/?Action=ConfirmSubscription", "http://sns.us-east-1.amazonaws.com/"),
                    HostileText.mostly(random, 3, "2336412f37fb687f5d51e6e2425c")).toString();
            default -> body = signed.notification(messageId, topic, timestamp, message(random)).toString();
        }
        boolean base64 = random.nextInt(8) == 0;
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRawPath("/aws/sns");
        // as API Gateway delivers it: without an HTTP request context the handler reads nothing
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("POST");
        http.setPath("/aws/sns");
        http.setSourceIp("54.240.197.1");
        APIGatewayV2HTTPEvent.RequestContext requestContext = new APIGatewayV2HTTPEvent.RequestContext();
        requestContext.setHttp(http);
        event.setRequestContext(requestContext);
        event.setHeaders(Map.of("content-type", "text/plain; charset=UTF-8", "x-amz-sns-message-type", "Notification"));
        event.setBody(base64 && random.nextInt(4) != 0
                ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body);
        event.setIsBase64Encoded(base64);
        String context = "SNS POST " + (base64 ? "(base64) " : "") + body.length() + " chars: "
                + org.mpactivation.testkit.fuzz.WebAnswers.clip(body);

        var before = world.snapshot();
        APIGatewayV2HTTPResponse response = LambdaHttp.invoke(handler, event, null);
        run.count(Integer.toString(response.getStatusCode()));
        AwsFuzzWorld.checkAnswer(response, false, context);
        if (AwsFuzzWorld.refused(response)) {
            Snapshots.assertUnchanged(before, world.snapshot(), context);
        }
    }

    /** A marketplace message, mostly about a buyer we know and our product. */
    private String message(Random random) throws Exception {
        if (random.nextInt(10) == 0) {
            return HostileText.any(random);
        }
        ObjectNode message = JSON.createObjectNode();
        message.put("action", HostileText.mostly(random, 10, ACTIONS.toArray(String[]::new)));
        List<String> customers = world.customers;
        message.put("customer-identifier", random.nextInt(8) == 0 ? HostileText.any(random)
                : customers.get(random.nextInt(customers.size())));
        message.put("product-code", HostileText.mostly(random, 10, FakeAwsMarketplace.PRODUCT_CODE));
        if (random.nextBoolean()) {
            message.put("offer-identifier", HostileText.mostly(random, 5, "offer-h2k7m4p9s1v6x"));
        }
        if (random.nextBoolean()) {
            message.put("isFreeTrialTermPresent", HostileText.mostly(random, 5, "false", "true"));
        }
        if (random.nextInt(10) == 0) {
            message.remove(List.of("action", "customer-identifier", "product-code").get(random.nextInt(3)));
        }
        return message.toString();
    }
}
