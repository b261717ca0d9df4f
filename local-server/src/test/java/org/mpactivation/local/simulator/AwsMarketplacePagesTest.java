package org.mpactivation.local.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mpactivation.aws.notify.AwsNoticeParser;
import org.mpactivation.aws.notify.NotificationQueueHandler;
import org.mpactivation.aws.notify.ParsedNotice;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceNotice;
import org.mpactivation.port.in.NoticeReceiver;
import org.mpactivation.simulator.aws.AwsMarketplaceSimulator;
import org.mpactivation.simulator.aws.SimulatedCustomer;
import org.mpactivation.web.PageRenderer;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.marketplaceentitlement.MarketplaceEntitlementClient;
import software.amazon.awssdk.services.marketplaceentitlement.model.GetEntitlementsRequest;
import software.amazon.awssdk.services.marketplaceentitlement.model.GetEntitlementsResponse;
import software.amazon.awssdk.services.marketplacemetering.MarketplaceMeteringClient;
import software.amazon.awssdk.services.marketplacemetering.model.BatchMeterUsageResponse;
import software.amazon.awssdk.services.marketplacemetering.model.ResolveCustomerResponse;
import software.amazon.awssdk.services.marketplacemetering.model.UsageRecord;

class AwsMarketplacePagesTest {

    private static final String PRODUCT = "7k2m9x4q1w8e5r3t6y0uab1cd";
    private static final Instant NOW = Instant.parse("2026-03-02T10:15:30Z");
    private static final Pattern TOKEN = Pattern.compile(
            "<input type=\"hidden\" name=\"x-amzn-marketplace-token\" value=\"([^\"]+)\">");
    private static final Pattern BUYER_KEY = Pattern.compile("/simulator/aws/buyers/(l-[0-9a-f]+)/events");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<SQSEvent> delivered = new CopyOnWriteArrayList<>();
    private AwsMarketplaceSimulator simulator;
    private MarketplaceMeteringClient metering;
    private Router router;

    @BeforeEach
    void start() {
        simulator = AwsMarketplaceSimulator.start(clock);
        simulator.product(PRODUCT).dimensions("requests", "seats");
        metering = MarketplaceMeteringClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")))
                .region(Region.US_EAST_1)
                .endpointOverride(simulator.endpoint())
                .build();
        router = mount(NotificationDelivery.accepting(delivered::add));
    }

    @AfterEach
    void stop() {
        metering.close();
        simulator.close();
    }

    private Router mount(NotificationDelivery delivery) {
        AwsMarketplacePages pages = new AwsMarketplacePages(simulator, PRODUCT, "/aws/fulfillment", delivery,
                new PageRenderer(), clock);
        Router mounted = new Router((status, key) -> WebResponse.html(status, "<p>" + key + "</p>"));
        pages.mount(mounted);
        return mounted;
    }

    // ---- the product page and subscribing

    @Test
    void productPageOffersToSubscribe() {
        WebResponse page = router.handle(get("/simulator/aws"));

        assertEquals(200, page.status());
        assertTrue(page.body().contains("<form method=\"post\" action=\"/simulator/aws/subscribe\">"));
        assertTrue(page.body().contains("Continue to Subscribe"));
        assertTrue(page.body().contains("No buyer has subscribed yet"));
        assertCspFriendly(page);
    }

    @Test
    void subscribingAnswersAFormThatPostsTheTokenToTheFulfillmentUrl() {
        WebResponse answer = router.handle(post("/simulator/aws/subscribe", Map.of("awsAccountId", "")));

        assertEquals(200, answer.status());
        assertTrue(answer.body().contains("Set up your account"));
        assertTrue(answer.body().contains("<form method=\"post\" action=\"/aws/fulfillment\">"), answer.body());
        assertFalse(answer.body().contains("x-amzn-marketplace-offer-type"), "no offer type for a paid offer");
        assertCspFriendly(answer);

        List<SimulatedCustomer> customers = simulator.customers();
        assertEquals(1, customers.size());
        SimulatedCustomer buyer = customers.get(0);
        assertTrue(buyer.awsAccountId().matches("[1-9][0-9]{11}"));
        ResolveCustomerResponse resolved = metering.resolveCustomer(r -> r.registrationToken(tokenIn(answer)));
        assertEquals(buyer.customerIdentifier(), resolved.customerIdentifier());
        assertEquals(buyer.awsAccountId(), resolved.customerAWSAccountId());
        assertEquals(PRODUCT, resolved.productCode());

        WebResponse page = router.handle(get("/simulator/aws"));
        assertTrue(page.body().contains(buyer.customerIdentifier()));
        assertTrue(page.body().contains(buyer.awsAccountId()));
        assertTrue(page.body().contains(buyer.licenseArn()));
        assertTrue(page.body().contains("subscribed</span>"));
    }

    @Test
    void theSameAccountReturnsAsTheSameBuyerWithANewToken() {
        WebResponse first = router.handle(post("/simulator/aws/subscribe", Map.of("awsAccountId", "123456789012")));
        WebResponse second = router.handle(post("/simulator/aws/subscribe", Map.of("awsAccountId", "123456789012")));

        assertEquals(200, second.status());
        assertEquals(1, simulator.customers().size());
        assertTrue(second.body().contains("You are subscribed"));
        String firstToken = tokenIn(first);
        String secondToken = tokenIn(second);
        assertNotEquals(firstToken, secondToken);
        String customer = simulator.customers().get(0).customerIdentifier();
        assertEquals(customer, metering.resolveCustomer(r -> r.registrationToken(firstToken)).customerIdentifier());
        assertEquals(customer, metering.resolveCustomer(r -> r.registrationToken(secondToken)).customerIdentifier());
    }

    @Test
    void anEndedBuyerSubscribesAgainAsANewSubscriptionOfTheSameAccount() {
        router.handle(post("/simulator/aws/subscribe", Map.of("awsAccountId", "123456789012")));
        SimulatedCustomer first = simulator.customers().get(0);
        String firstKey = buyerKey();
        assertFalse(router.handle(get("/simulator/aws")).body().contains("Subscribe again"),
                "a buyer who subscribes cannot buy again");
        router.handle(post("/simulator/aws/buyers/" + firstKey + "/events", Map.of("event", "unsubscribe-success")));
        WebResponse ended = router.handle(get("/simulator/aws"));
        assertTrue(ended.body().contains("action=\"/simulator/aws/buyers/" + firstKey + "/subscribe-again\""),
                ended.body());

        WebResponse again = router.handle(post("/simulator/aws/buyers/" + firstKey + "/subscribe-again", Map.of()));

        assertEquals(200, again.status());
        assertTrue(again.body().contains("Thank you for subscribing"), again.body());
        assertCspFriendly(again);
        assertEquals(2, simulator.customers().size());
        SimulatedCustomer second = simulator.customers().get(1);
        assertEquals(first.customerIdentifier(), second.customerIdentifier(), "AWS keeps the customer identifier");
        assertEquals(first.awsAccountId(), second.awsAccountId());
        assertNotEquals(first.licenseArn(), second.licenseArn(), "a new licence: a new subscription");
        assertTrue(simulator.isSubscribed(second));
        assertFalse(simulator.isSubscribed(first));
        String token = tokenIn(again);
        ResolveCustomerResponse resolved = metering.resolveCustomer(r -> r.registrationToken(token));
        assertEquals(first.customerIdentifier(), resolved.customerIdentifier());
        assertEquals(first.awsAccountId(), resolved.customerAWSAccountId());
        assertEquals("Success", meter(second, 5).results().get(0).statusAsString());

        WebResponse twice = router.handle(post("/simulator/aws/buyers/" + firstKey + "/subscribe-again", Map.of()));
        assertEquals(409, twice.status(), "the account subscribes again already");
        assertEquals(2, simulator.customers().size());
    }

    @Test
    void theAccountOfAnEndedBuyerTypedAgainBuysAgain() {
        router.handle(post("/simulator/aws/subscribe", Map.of("awsAccountId", "123456789012")));
        router.handle(post("/simulator/aws/buyers/" + buyerKey() + "/events", Map.of("event", "unsubscribe-success")));

        WebResponse again = router.handle(post("/simulator/aws/subscribe", Map.of("awsAccountId", "123456789012")));
        WebResponse open = router.handle(post("/simulator/aws/subscribe", Map.of("awsAccountId", "123456789012")));

        assertTrue(again.body().contains("Thank you for subscribing"), again.body());
        assertTrue(open.body().contains("You are subscribed"), "the new subscription, opened again");
        assertEquals(2, simulator.customers().size());
        SimulatedCustomer second = simulator.customers().get(1);
        assertEquals(simulator.customers().get(0).customerIdentifier(), second.customerIdentifier());
        assertEquals(second.customerIdentifier(),
                metering.resolveCustomer(r -> r.registrationToken(tokenIn(open))).customerIdentifier());
    }

    @Test
    void aConcurrentAgreementProductGivesTheSameAccountASecondSubscription() {
        simulator.product(PRODUCT).concurrentAgreements(true);

        router.handle(post("/simulator/aws/subscribe", Map.of("awsAccountId", "123456789012")));
        WebResponse second = router.handle(post("/simulator/aws/subscribe", Map.of("awsAccountId", "123456789012")));

        assertEquals(2, simulator.customers().size());
        ResolveCustomerResponse resolved = metering.resolveCustomer(r -> r.registrationToken(tokenIn(second)));
        assertEquals("123456789012", resolved.customerAWSAccountId());
        assertNull(resolved.customerIdentifier(), "concurrent-agreement products return no customer identifier");
        assertNotEquals(simulator.customers().get(0).licenseArn(), simulator.customers().get(1).licenseArn());
    }

    @Test
    void aFreeTrialOfferPostsTheOfferType() {
        WebResponse answer = router.handle(post("/simulator/aws/subscribe", Map.of("freeTrial", "true")));

        assertTrue(answer.body().contains(
                "<input type=\"hidden\" name=\"x-amzn-marketplace-offer-type\" value=\"free-trial\">"), answer.body());
        String key = buyerKey();
        router.handle(post("/simulator/aws/buyers/" + key + "/events", Map.of("event", "subscribe-success")));
        JsonNode message = snsMessage(lastBody());
        assertEquals("true", message.get("isFreeTrialTermPresent").asText());
    }

    @Test
    void setUpAgainIssuesAFreshTokenForTheSameBuyer() {
        String firstToken = tokenIn(router.handle(post("/simulator/aws/subscribe", Map.of())));

        WebResponse again = router.handle(post("/simulator/aws/buyers/" + buyerKey() + "/setup", Map.of()));

        assertEquals(200, again.status());
        String token = tokenIn(again);
        assertNotEquals(firstToken, token);
        assertEquals(simulator.customers().get(0).customerIdentifier(),
                metering.resolveCustomer(r -> r.registrationToken(token)).customerIdentifier());
    }

    @Test
    void aHostileAccountIdIsRefusedAndEscaped() {
        String hostile = "\"><script>alert(1)</script>";

        WebResponse answer = router.handle(post("/simulator/aws/subscribe", Map.of("awsAccountId", hostile)));

        assertEquals(400, answer.status());
        assertTrue(simulator.customers().isEmpty());
        assertFalse(answer.body().contains("<script>"), answer.body());
        assertTrue(answer.body().contains("&lt;script>") || answer.body().contains("&lt;script&gt;"), answer.body());
        assertTrue(answer.body().contains("An AWS account id is 12 digits"));
    }

    @Test
    void anAccountIdThatIsNotTwelveDigitsIsRefused() {
        for (String bad : List.of("12345678901", "1234567890123", "12345678901a", "١٢٣٤٥٦٧٨٩٠١٢")) {
            WebResponse answer = router.handle(post("/simulator/aws/subscribe", Map.of("awsAccountId", bad)));
            assertEquals(400, answer.status(), bad);
        }
        assertTrue(simulator.customers().isEmpty());
    }

    // ---- lifecycle notifications

    @ParameterizedTest
    @EnumSource(AwsLifecycleEvent.class)
    void eachButtonDeliversABodyTheQueueFunctionAccepts(AwsLifecycleEvent event) throws Exception {
        router.handle(post("/simulator/aws/subscribe", Map.of()));
        SimulatedCustomer buyer = simulator.customers().get(0);

        WebResponse answer = router.handle(post("/simulator/aws/buyers/" + buyerKey() + "/events",
                Map.of("event", event.formValue())));

        assertEquals(303, answer.status());
        assertEquals("/simulator/aws?done=delivered#deliveries", answer.headers().get("Location"));
        assertEquals(1, delivered.size());
        SQSEvent.SQSMessage record = delivered.get(0).getRecords().get(0);
        assertEquals("aws:sqs", record.getEventSource());
        assertEquals("us-east-1", record.getAwsRegion());
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(record.getBody().getBytes(StandardCharsets.UTF_8))), record.getMd5OfBody());

        ParsedNotice parsed = new AwsNoticeParser(PRODUCT).parseQueueBody(record.getBody());
        MarketplaceNotice notice = assertInstanceOf(ParsedNotice.Accepted.class, parsed).notice();
        assertEquals(EXPECTED.get(event), notice.action());
        assertEquals(event.wireName(), notice.detail());
        JsonNode body = JSON.readTree(record.getBody());
        if (event.isSns()) {
            assertEquals("sns", notice.source());
            assertEquals(buyer.customerIdentifier(), notice.aws().customerIdentifier());
            assertEquals(body.get("MessageId").asText(), notice.noticeId());
            assertEquals("Notification", body.get("Type").asText());
            assertEquals("arn:aws:sns:us-east-1:287250355862:aws-mp-"
                    + (event == AwsLifecycleEvent.ENTITLEMENT_UPDATED ? "entitlement" : "subscription")
                    + "-notification-" + PRODUCT, body.get("TopicArn").asText());
            assertEquals("1", body.get("SignatureVersion").asText());
            assertTrue(body.get("SigningCertURL").asText().startsWith("https://sns.us-east-1.amazonaws.com/"));
            assertTrue(body.get("UnsubscribeURL").asText().contains(body.get("TopicArn").asText()));
            assertTrue(record.getBody().startsWith("{\n  \"Type\" : \"Notification\",\n"), record.getBody());
        } else {
            assertEquals("eventbridge", notice.source());
            assertEquals(buyer.awsAccountId(), notice.aws().customerAwsAccountId());
            assertEquals(body.get("id").asText(), notice.noticeId());
            assertEquals("aws.agreement-marketplace", body.get("source").asText());
            assertEquals("us-east-1", body.get("region").asText());
            assertEquals(Instant.parse(body.get("time").asText()), NOW);
            assertTrue(notice.aws().agreementId().startsWith("agmt-"));
            if (event == AwsLifecycleEvent.LICENSE_UPDATED || event == AwsLifecycleEvent.LICENSE_DEPROVISIONED) {
                assertEquals(buyer.licenseArn(), notice.aws().licenseArn());
                assertEquals(PRODUCT, notice.aws().productCode());
            } else {
                assertNull(notice.aws().licenseArn(), "agreement events name only the agreement");
            }
        }
    }

    private static final Map<AwsLifecycleEvent, LifecycleAction> EXPECTED = new EnumMap<>(Map.of(
            AwsLifecycleEvent.SUBSCRIBE_SUCCESS, LifecycleAction.SUBSCRIBED,
            AwsLifecycleEvent.SUBSCRIBE_FAIL, LifecycleAction.FAILED,
            AwsLifecycleEvent.UNSUBSCRIBE_PENDING, LifecycleAction.ENDING,
            AwsLifecycleEvent.UNSUBSCRIBE_SUCCESS, LifecycleAction.ENDED,
            AwsLifecycleEvent.ENTITLEMENT_UPDATED, LifecycleAction.ENTITLEMENTS_CHANGED,
            AwsLifecycleEvent.AGREEMENT_CREATED, LifecycleAction.SUBSCRIBED,
            AwsLifecycleEvent.AGREEMENT_AMENDED, LifecycleAction.ENTITLEMENTS_CHANGED,
            AwsLifecycleEvent.AGREEMENT_ENDED, LifecycleAction.ENDING,
            AwsLifecycleEvent.LICENSE_UPDATED, LifecycleAction.ENTITLEMENTS_CHANGED,
            AwsLifecycleEvent.LICENSE_DEPROVISIONED, LifecycleAction.ENDED));

    @Test
    void everyNotificationHasAFreshIdAndTheAgreementEventsOfABuyerShareItsAgreement() throws Exception {
        router.handle(post("/simulator/aws/subscribe", Map.of()));
        String key = buyerKey();
        for (AwsLifecycleEvent event : AwsLifecycleEvent.values()) {
            router.handle(post("/simulator/aws/buyers/" + key + "/events", Map.of("event", event.formValue())));
            router.handle(post("/simulator/aws/buyers/" + key + "/events", Map.of("event", event.formValue())));
        }

        Set<String> noticeIds = new HashSet<>();
        Set<String> sqsIds = new HashSet<>();
        Set<String> agreements = new HashSet<>();
        for (SQSEvent event : delivered) {
            SQSEvent.SQSMessage record = event.getRecords().get(0);
            sqsIds.add(record.getMessageId());
            MarketplaceNotice notice = ((ParsedNotice.Accepted) new AwsNoticeParser(PRODUCT)
                    .parseQueueBody(record.getBody())).notice();
            noticeIds.add(notice.noticeId());
            if (notice.aws().agreementId() != null) {
                agreements.add(notice.aws().agreementId());
            }
        }
        assertEquals(delivered.size(), noticeIds.size());
        assertEquals(delivered.size(), sqsIds.size());
        assertEquals(1, agreements.size());
    }

    @Test
    void unsubscribeSuccessEndsTheSubscriptionInTheSimulatorAndMeteringIsRefused() {
        router.handle(post("/simulator/aws/subscribe", Map.of()));
        SimulatedCustomer buyer = simulator.customers().get(0);
        assertEquals("Success", meter(buyer, 3).results().get(0).statusAsString());

        router.handle(post("/simulator/aws/buyers/" + buyerKey() + "/events", Map.of("event", "unsubscribe-pending")));
        assertTrue(simulator.isSubscribed(buyer), "the last hour can still be metered");

        router.handle(post("/simulator/aws/buyers/" + buyerKey() + "/events", Map.of("event", "unsubscribe-success")));
        assertFalse(simulator.isSubscribed(buyer));
        assertEquals("CustomerNotSubscribed", meter(buyer, 4).results().get(0).statusAsString());
        assertTrue(router.handle(get("/simulator/aws")).body().contains("unsubscribed</span>"));

        router.handle(post("/simulator/aws/buyers/" + buyerKey() + "/events", Map.of("event", "subscribe-success")));
        assertTrue(simulator.isSubscribed(buyer));
    }

    @Test
    void theOtherEndingsChangeTheSubscriptionWhereTheMarketplaceWould() {
        router.handle(post("/simulator/aws/subscribe", Map.of()));
        SimulatedCustomer buyer = simulator.customers().get(0);
        String events = "/simulator/aws/buyers/" + buyerKey() + "/events";

        router.handle(post(events, Map.of("event", "subscribe-fail")));
        assertFalse(simulator.isSubscribed(buyer));
        router.handle(post(events, Map.of("event", "agreement-created")));
        assertTrue(simulator.isSubscribed(buyer));
        router.handle(post(events, Map.of("event", "agreement-ended", "agreementStatus", "EXPIRED")));
        assertTrue(simulator.isSubscribed(buyer), "the licence is deprovisioned separately");
        router.handle(post(events, Map.of("event", "license-deprovisioned")));
        assertFalse(simulator.isSubscribed(buyer));
    }

    @Test
    void anAgreementEndedByRenewalIsWellFormedAndIgnoredByTheParser() throws Exception {
        router.handle(post("/simulator/aws/subscribe", Map.of()));

        router.handle(post("/simulator/aws/buyers/" + buyerKey() + "/events",
                Map.of("event", "agreement-ended", "agreementStatus", "RENEWED")));

        JsonNode body = JSON.readTree(lastBody());
        assertEquals("RENEWED", body.at("/detail/agreement/status").asText());
        assertInstanceOf(ParsedNotice.Ignored.class, new AwsNoticeParser(PRODUCT).parseQueueBody(lastBody()));
    }

    @Test
    void unknownEventsStatusesAndBuyersAreRefused() {
        router.handle(post("/simulator/aws/subscribe", Map.of()));
        String events = "/simulator/aws/buyers/" + buyerKey() + "/events";

        assertEquals(400, router.handle(post(events, Map.of("event", "<b>subscribe</b>"))).status());
        assertEquals(400, router.handle(post(events, Map.of("event", "agreement-ended", "agreementStatus", "ACTIVE")))
                .status());
        assertEquals(404, router.handle(post("/simulator/aws/buyers/l-0123abcd/events",
                Map.of("event", "subscribe-success"))).status());
        assertEquals(404, router.handle(post("/simulator/aws/buyers/%3Cx%3E/events",
                Map.of("event", "subscribe-success"))).status());
        assertTrue(delivered.isEmpty());
    }

    @Test
    void eachDeliveryShowsWhatTheQueueFunctionAnswered() {
        Router failing = mount(event -> new SQSBatchResponse(List.of(
                new SQSBatchResponse.BatchItemFailure(event.getRecords().get(0).getMessageId()))));
        failing.handle(post("/simulator/aws/subscribe", Map.of()));
        String key = buyerKey();
        failing.handle(post("/simulator/aws/buyers/" + key + "/events", Map.of("event", "subscribe-success")));

        String page = failing.handle(get("/simulator/aws?done=delivered")).body();
        assertTrue(page.contains("The notification was delivered"));
        assertTrue(page.contains("<strong class=\"result-failed\">failed</strong>"), page);
        assertTrue(page.contains("batchItemFailures"));

        Router throwing = mount(event -> {
            throw new IllegalStateException("boom");
        });
        throwing.handle(post("/simulator/aws/buyers/" + key + "/events", Map.of("event", "subscribe-success")));
        assertTrue(throwing.handle(get("/simulator/aws")).body().contains("the function threw IllegalStateException"));

        router.handle(post("/simulator/aws/buyers/" + key + "/events", Map.of("event", "subscribe-success")));
        String applied = router.handle(get("/simulator/aws")).body();
        assertTrue(applied.contains("<strong class=\"result-ok\">applied</strong>"), applied);
        assertTrue(applied.contains("<pre>{\n  \"Type\" : \"Notification\",\n  \"MessageId\" : "), applied);
    }

    @Test
    void deliverAgainRepeatsTheSameNoticeAsANewQueueMessageAndTheRealFunctionSeesItTwice() {
        List<MarketplaceNotice> received = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        NoticeReceiver receiver = notice -> {
            received.add(notice);
            return seen.merge(notice.noticeId(), 1, Integer::sum) == 1
                    ? NoticeReceiver.Outcome.APPLIED : NoticeReceiver.Outcome.DUPLICATE;
        };
        NotificationQueueHandler handler = new NotificationQueueHandler(receiver, PRODUCT);
        List<SQSEvent> sent = new ArrayList<>();
        Router real = mount(event -> {
            sent.add(event);
            return handler.handleRequest(event, null);
        });
        real.handle(post("/simulator/aws/subscribe", Map.of()));
        real.handle(post("/simulator/aws/buyers/" + buyerKey() + "/events", Map.of("event", "license-updated")));

        WebResponse again = real.handle(post("/simulator/aws/deliveries/1/again", Map.of()));

        assertEquals(303, again.status());
        assertEquals(2, received.size());
        assertEquals(received.get(0).noticeId(), received.get(1).noticeId());
        assertEquals(sent.get(0).getRecords().get(0).getBody(), sent.get(1).getRecords().get(0).getBody());
        assertNotEquals(sent.get(0).getRecords().get(0).getMessageId(), sent.get(1).getRecords().get(0).getMessageId());
        String page = real.handle(get("/simulator/aws")).body();
        assertTrue(page.contains("delivery #1"), "the repeat names the delivery it repeats");
        assertEquals(404, real.handle(post("/simulator/aws/deliveries/99/again", Map.of())).status());
    }

    @Test
    void testsCanFireNotificationsWithoutThePage() throws Exception {
        AwsMarketplacePages pages = new AwsMarketplacePages(simulator, PRODUCT, "/aws/fulfillment",
                NotificationDelivery.accepting(delivered::add), new PageRenderer(), clock);
        SimulatedCustomer buyer = simulator.registerCustomer(PRODUCT);

        SimulatorViews.Delivery delivery = pages.fire(AwsLifecycleEvent.UNSUBSCRIBE_SUCCESS, buyer, null);

        assertTrue(delivery.accepted());
        assertEquals(1, delivery.number());
        assertEquals("unsubscribe-success", delivery.event());
        assertFalse(simulator.isSubscribed(buyer));
        assertEquals(List.of(delivery), pages.deliveries());
        assertEquals(delivery.noticeId(), JSON.readTree(lastBody()).get("MessageId").asText());
    }

    // ---- entitlements

    @Test
    void theEntitlementsFormGrantsWhatGetEntitlementsReturns() {
        router.handle(post("/simulator/aws/subscribe", Map.of()));
        SimulatedCustomer buyer = simulator.customers().get(0);
        String entitlements = "/simulator/aws/buyers/" + buyerKey() + "/entitlements";

        WebResponse set = router.handle(post(entitlements,
                Map.of("dimension", "seats", "value", "10", "expires", "2027-03-01", "action", "set")));

        assertEquals(303, set.status());
        try (MarketplaceEntitlementClient client = MarketplaceEntitlementClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("id", "secret")))
                .region(Region.US_EAST_1)
                .endpointOverride(simulator.endpoint())
                .build()) {
            GetEntitlementsRequest request = GetEntitlementsRequest.builder().productCode(PRODUCT)
                    .filterWithStrings(Map.of("CUSTOMER_IDENTIFIER", List.of(buyer.customerIdentifier()))).build();
            GetEntitlementsResponse granted = client.getEntitlements(request);
            assertEquals(1, granted.entitlements().size());
            assertEquals("seats", granted.entitlements().get(0).dimension());
            assertEquals(10, granted.entitlements().get(0).value().integerValue());
            assertEquals(Instant.parse("2027-03-01T00:00:00Z"), granted.entitlements().get(0).expirationDate());

            String page = router.handle(get("/simulator/aws?done=entitlement-set")).body();
            assertTrue(page.contains("2027-03-01T00:00:00Z"));

            router.handle(post("/simulator/aws/buyers/" + buyerKey() + "/events", Map.of("event", "agreement-amended")));
            assertEquals("2027-03-01T00:00:00Z", snsOrEvent(lastBody()).at("/detail/agreement/endTime").asText(),
                    "a contract's agreement ends when its entitlements do");

            router.handle(post(entitlements, Map.of("dimension", "seats", "action", "remove")));
            assertTrue(client.getEntitlements(request).entitlements().isEmpty());
        }
    }

    @Test
    void badEntitlementsAreRefusedAndEchoedEscaped() {
        router.handle(post("/simulator/aws/subscribe", Map.of()));
        String entitlements = "/simulator/aws/buyers/" + buyerKey() + "/entitlements";

        WebResponse unknown = router.handle(post(entitlements,
                Map.of("dimension", "<img src=x>", "value", "1", "action", "set")));
        assertEquals(400, unknown.status());
        assertFalse(unknown.body().contains("<img src=x>"));
        assertTrue(unknown.body().contains("&lt;img src=x&gt;") || unknown.body().contains("&lt;img src=x>"));

        assertEquals(400, router.handle(post(entitlements, Map.of("dimension", "seats", "value", "-1"))).status());
        assertEquals(400, router.handle(post(entitlements, Map.of("dimension", "seats", "value", "ten"))).status());
        assertEquals(400, router.handle(post(entitlements,
                Map.of("dimension", "seats", "value", "1", "expires", "next year"))).status());
    }

    // ---- metering

    @Test
    void theMeteringViewListsTheRecordsReceivedNewestFirstWithTheCallCounts() {
        router.handle(post("/simulator/aws/subscribe", Map.of()));
        SimulatedCustomer buyer = simulator.customers().get(0);
        meter(buyer, 7);
        BatchMeterUsageResponse second = metering.batchMeterUsage(r -> r.productCode(PRODUCT).usageRecords(
                UsageRecord.builder().customerIdentifier(buyer.customerIdentifier()).dimension("seats").quantity(2)
                        .timestamp(Instant.parse("2026-03-02T10:00:00Z")).build()));
        String firstId = simulator.meteringRecords().get(0).meteringRecordId();
        String secondId = second.results().get(0).meteringRecordId();

        WebResponse page = router.handle(get("/simulator/aws/metering"));

        assertEquals(200, page.status());
        String body = page.body();
        assertTrue(body.contains(firstId) && body.contains(secondId));
        assertTrue(body.indexOf(secondId) < body.indexOf(firstId), "newest first");
        assertTrue(body.contains(buyer.customerIdentifier()));
        assertTrue(body.contains("2026-03-02T09:00:00Z"));
        assertTrue(body.contains("<code>requests</code>") && body.contains("<code>seats</code>"));
        assertTrue(body.contains("<td class=\"number\">7</td>"), body);
        assertTrue(body.contains("<td>BatchMeterUsage</td><td><code>AWSMPMeteringService.BatchMeterUsage</code></td>"
                + "<td class=\"number\">2</td>"), body);
        assertCspFriendly(page);
    }

    // ---- requests from elsewhere, the Azure page, the stylesheet

    @Test
    void postsFromAnotherSiteOrNotAsFormsAreRefused() {
        WebResponse crossSite = router.handle(request("POST", "/simulator/aws/subscribe",
                Map.of("content-type", "application/x-www-form-urlencoded", "sec-fetch-site", "cross-site"), ""));
        WebResponse otherOrigin = router.handle(request("POST", "/simulator/aws/subscribe",
                Map.of("content-type", "application/x-www-form-urlencoded", "origin", "https://evil.example",
                        "host", "localhost:8080"), ""));
        WebResponse json = router.handle(request("POST", "/simulator/aws/subscribe",
                Map.of("content-type", "application/json"), "{}"));
        WebResponse sameOrigin = router.handle(request("POST", "/simulator/aws/subscribe",
                Map.of("content-type", "application/x-www-form-urlencoded", "origin", "http://localhost:8080",
                        "host", "localhost:8080", "sec-fetch-site", "same-origin"), ""));
        WebResponse nullOrigin = router.handle(request("POST", "/simulator/aws/subscribe",
                Map.of("content-type", "application/x-www-form-urlencoded", "origin", "null",
                        "host", "localhost:8080", "sec-fetch-site", "same-origin"), ""));

        assertEquals(403, crossSite.status());
        assertEquals(403, otherOrigin.status());
        assertEquals(415, json.status());
        assertEquals(200, sameOrigin.status());
        assertEquals(200, nullOrigin.status());
        assertEquals(2, simulator.customers().size());
        assertEquals(405, router.handle(get("/simulator/aws/subscribe")).status());
    }

    @Test
    void theStylesheetIsServed() {
        WebResponse css = router.handle(get(SimulatorStylesheet.PATH));

        assertEquals(200, css.status());
        assertTrue(css.headers().get("Content-Type").startsWith("text/css"));
        assertTrue(css.body().contains(".card"));
    }

    // ---- helpers

    private BatchMeterUsageResponse meter(SimulatedCustomer buyer, int quantity) {
        return metering.batchMeterUsage(r -> r.productCode(PRODUCT).usageRecords(UsageRecord.builder()
                .customerIdentifier(buyer.customerIdentifier()).dimension("requests").quantity(quantity)
                .timestamp(Instant.parse("2026-03-02T09:00:00Z").plusSeconds(quantity)).build()));
    }

    private String buyerKey() {
        Matcher matcher = BUYER_KEY.matcher(router.handle(get("/simulator/aws")).body());
        assertTrue(matcher.find(), "a buyer is listed");
        return matcher.group(1);
    }

    private static String tokenIn(WebResponse answer) {
        Matcher matcher = TOKEN.matcher(answer.body());
        assertTrue(matcher.find(), answer.body());
        return matcher.group(1).replace("&#43;", "+").replace("&#47;", "/").replace("&#61;", "=");
    }

    private String lastBody() {
        return delivered.get(delivered.size() - 1).getRecords().get(0).getBody();
    }

    private static JsonNode snsMessage(String body) {
        try {
            return JSON.readTree(JSON.readTree(body).get("Message").asText());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static JsonNode snsOrEvent(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void assertCspFriendly(WebResponse page) {
        assertFalse(page.body().contains("<script"), "no script");
        assertFalse(page.body().contains(" style="), "no inline style");
        assertFalse(page.body().contains("<style"), "no style element");
        assertFalse(Pattern.compile("<[^>]*\\son[a-z]+=").matcher(page.body()).find(), "no event handler attributes");
    }

    private static WebRequest get(String pathAndQuery) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? null : pathAndQuery.substring(question + 1);
        return new WebRequest("GET", path, WebRequest.parseQuery(query), Map.of(), Map.of(), null);
    }

    private static WebRequest post(String path, Map<String, String> form) {
        Map<String, String> ordered = new LinkedHashMap<>(form);
        StringBuilder body = new StringBuilder();
        ordered.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
                .append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=')
                .append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
        return request("POST", path, Map.of("content-type", "application/x-www-form-urlencoded"), body.toString());
    }

    private static WebRequest request(String method, String path, Map<String, String> headers, String body) {
        return new WebRequest(method, path, Map.of(), headers, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }
}
