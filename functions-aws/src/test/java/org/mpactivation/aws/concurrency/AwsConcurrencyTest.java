package org.mpactivation.aws.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.store.DynamoDbItemStore;
import org.mpactivation.adapter.store.DynamoDbTestClients;
import org.mpactivation.application.FakeAwsMarketplace;
import org.mpactivation.application.FakeAwsMetering;
import org.mpactivation.aws.AwsFunctions;
import org.mpactivation.aws.MeteringHandler;
import org.mpactivation.aws.fuzz.AwsFuzzWorld;
import org.mpactivation.aws.fuzz.LambdaClient;
import org.mpactivation.port.out.Pause;
import org.mpactivation.testkit.DynaliteExtension;
import org.mpactivation.testkit.DynamoDbEndpoint;
import org.mpactivation.testkit.concurrency.ParallelCalls;
import org.mpactivation.testkit.concurrency.StoreEffects;
import org.mpactivation.testkit.fuzz.WebAnswers;

/**
 * Fifty identical requests at once, through the real AWS handlers on DynamoDB (dynalite): the same
 * fulfillment token posted from fifty browsers, the final Activate of one session submitted fifty
 * times, fifty metering runs over the same due hours. Each has exactly the effect of one: the items
 * added are the kinds and numbers a single request adds (one subscription, one workspace, one audit
 * entry …), every answer is 2xx, 3xx or 4xx, and each usage hour is billed once.
 */
@ExtendWith(DynaliteExtension.class)
class AwsConcurrencyTest {

    private static final int WAYS = 50;

    private AwsFuzzWorld world;

    @BeforeEach
    void start(DynamoDbEndpoint engine) {
        AwsJsonClient dynamoDb = DynamoDbTestClients.client(engine);
        String table = DynamoDbTestClients.newTable(dynamoDb, "concurrency");
        world = new AwsFuzzWorld(clock -> new DynamoDbItemStore(dynamoDb, table, clock));
    }

    @Test
    void givenOneTokenPostedFiftyTimesAtOnce_thenOneSubscriptionOneSessionAndAnswersBelow500() throws Exception {
        var single = world.snapshot();
        world.browser().post("/aws/fulfillment", Map.of("x-amzn-marketplace-token", world.newToken()));
        Map<String, Integer> once = StoreEffects.added(single, world.snapshot());

        String token = world.newToken();
        var before = world.snapshot();
        List<APIGatewayV2HTTPResponse> answers = ParallelCalls.run(WAYS, i -> world.browser()
                .post("/aws/fulfillment", Map.of("x-amzn-marketplace-token", token)));
        Map<String, Integer> fifty = StoreEffects.added(before, world.snapshot());

        Map<Integer, Integer> statuses = statuses(answers);
        System.out.println("concurrency AWS fulfillment: " + WAYS + " posts of one token, answers " + statuses
                + ", items added " + fifty + " (one post adds " + once + ")");
        answers.forEach(a -> WebAnswers.check(a.getStatusCode(), a.getHeaders(), a.getBody(), false,
                "one of " + WAYS + " parallel fulfillment posts"));
        assertEquals(once, fifty, "fifty posts of one token must add what one post adds");
        assertEquals(1, fifty.getOrDefault("SUB|META", 0));
    }

    @Test
    void givenTheFinalActivateSubmittedFiftyTimesAtOnce_thenOneActivationOneWorkspaceOneAuditEntry() throws Exception {
        LambdaClient reference = world.registered(world.unique("ref"));
        var single = world.snapshot();
        APIGatewayV2HTTPResponse one = reference.submit("/activate/register/workspace", "/activate/register/workspace",
                Map.of("workspaceName", "Reference", "language", "en", "site", "us-oregon"));
        assertEquals(303, one.getStatusCode(), one.getBody());
        Map<String, Integer> once = StoreEffects.added(single, world.snapshot());

        LambdaClient buyer = world.registered(world.unique("twice"));
        Map<String, String> form = new HashMap<>(buyer.hiddenFieldsOf("/activate/register/workspace"));
        form.putAll(Map.of("workspaceName", "Doubled", "language", "en", "site", "us-oregon"));
        Map<String, String> cookies = Map.copyOf(buyer.cookies());
        var before = world.snapshot();
        List<APIGatewayV2HTTPResponse> answers = ParallelCalls.run(WAYS, i -> world.browser().withCookies(cookies)
                .post("/activate/register/workspace", form));
        Map<String, Integer> fifty = StoreEffects.added(before, world.snapshot());

        Map<Integer, Integer> statuses = statuses(answers);
        System.out.println("concurrency AWS activate: " + WAYS + " submits of one session, answers " + statuses
                + ", items added " + fifty + " (one submit adds " + once + ")");
        answers.forEach(a -> WebAnswers.check(a.getStatusCode(), a.getHeaders(), a.getBody(), false,
                "one of " + WAYS + " parallel Activate submits"));
        assertTrue(answers.stream().anyMatch(a -> "/activate/done".equals(LambdaClient.location(a))),
                "one submit reaches the success page: " + statuses);
        assertEquals(once, fifty, "fifty submits of one Activate must add what one adds");
        assertEquals(1, fifty.getOrDefault("WS|META", 0));
    }

    @Test
    void givenFiftyMeteringRunsAtOnce_thenEachUsageHourIsBilledOnce() throws Exception {
        FakeAwsMetering marketplace = new FakeAwsMetering(world.clock, FakeAwsMetering.CURRENT_WINDOW);
        marketplace.product(FakeAwsMarketplace.PRODUCT_CODE).dimensions("requests", "hosts");
        Map<String, Integer> expected = new TreeMap<>();
        for (int buyer = 0; buyer < 3; buyer++) {
            world.activated(world.unique("meter"));
            String customer = world.customers.get(world.customers.size() - 1);
            marketplace.customer(FakeAwsMarketplace.PRODUCT_CODE, customer);
            expected.put("customer:" + FakeAwsMarketplace.PRODUCT_CODE + "/" + customer + "|requests|2026-03-02T10:00:00Z",
                    0);
        }
        List<String> workspaces = world.snapshot().keySet().stream()
                .filter(key -> key.startsWith("WS#") && key.endsWith("|META"))
                .map(key -> key.substring(3, key.indexOf('|'))).toList();
        int n = 0;
        for (String workspace : workspaces) {
            StringBuilder records = new StringBuilder("{\"records\":[");
            for (int i = 0; i < 5; i++) {
                records.append(i == 0 ? "" : ",").append("{\"recordId\":\"r-").append(workspace).append('-').append(i)
                        .append("\",\"workspaceId\":\"").append(workspace).append("\",\"dimension\":\"")
                        .append(i % 2 == 0 ? "api_calls" : "hosts").append("\",\"hour\":\"2026-03-02T10:00:00Z\",")
                        .append("\"quantity\":").append(10 + i).append('}');
            }
            APIGatewayV2HTTPResponse stored = world.browser().asIamCaller(AwsFuzzWorld.IAM_CALLER).send("POST",
                    "/internal/usage", Map.of("content-type", "application/json"), records.append("]}").toString());
            assertEquals(200, stored.getStatusCode(), stored.getBody());
            n++;
        }
        world.clock.advance(Duration.ofMinutes(75));

        List<Map<String, Integer>> reports = ParallelCalls.run(WAYS, i -> new MeteringHandler(AwsFunctions.hourlyMetering(
                world.settings, world.store, marketplace, world.clock, Pause.REAL)).handleRequest(Map.of(), null));

        Map<String, Integer> billed = marketplace.billed();
        int resent = marketplace.processedQuantities().values().stream().mapToInt(list -> list.size() - 1).sum();
        int sent = reports.stream().mapToInt(r -> r.get("recordsSent")).sum();
        System.out.println("concurrency AWS metering: " + WAYS + " runs over " + n + " workspaces' due hour, records "
                + "sent " + sent + ", billed " + billed.size() + " hour-dimensions, resent (deduplicated by AWS) "
                + resent + ", conflicting resends " + marketplace.conflictingResends().size());
        assertEquals(2 * workspaces.size(), billed.size(), "each workspace's two dimensions billed: " + billed);
        billed.forEach((key, quantity) -> assertTrue(quantity == 10 + 12 + 14 || quantity == 11 + 13,
                "the hour's whole usage, once: " + key + "=" + quantity));
        assertTrue(marketplace.conflictingResends().isEmpty(), "no hour sent again with another quantity");
        assertTrue(expected.keySet().stream().allMatch(billed::containsKey), "every buyer billed: " + billed);
    }

    private static Map<Integer, Integer> statuses(List<APIGatewayV2HTTPResponse> answers) {
        Map<Integer, Integer> statuses = new TreeMap<>();
        answers.forEach(a -> statuses.merge(a.getStatusCode(), 1, Integer::sum));
        return statuses;
    }
}
