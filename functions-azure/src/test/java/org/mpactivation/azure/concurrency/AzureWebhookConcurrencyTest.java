package org.mpactivation.azure.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.store.DynamoDbItemStore;
import org.mpactivation.adapter.store.DynamoDbTestClients;
import org.mpactivation.azure.FakeHttpRequest;
import org.mpactivation.azure.fuzz.AzureFuzzWorld;
import org.mpactivation.simulator.azure.AzureApi;
import org.mpactivation.simulator.azure.MarketplaceOperation;
import org.mpactivation.testkit.DynaliteExtension;
import org.mpactivation.testkit.DynamoDbEndpoint;
import org.mpactivation.testkit.concurrency.ParallelCalls;
import org.mpactivation.testkit.concurrency.StoreEffects;
import org.mpactivation.testkit.fuzz.WebAnswers;

/**
 * The marketplace delivering one webhook operation fifty times at once, through the real
 * WebhookFunction on DynamoDB (dynalite): it is applied once (the items added are those one delivery
 * adds: one audit entry, …), acknowledged with the marketplace as often as one delivery does, and every
 * answer is 2xx or 4xx.
 */
@ExtendWith(DynaliteExtension.class)
class AzureWebhookConcurrencyTest {

    private static final int WAYS = 50;
    private static final int ROUNDS = 3;

    private AzureFuzzWorld world;

    @BeforeEach
    void start(DynamoDbEndpoint engine) {
        AwsJsonClient dynamoDb = DynamoDbTestClients.client(engine);
        String table = DynamoDbTestClients.newTable(dynamoDb, "azure-concurrency");
        world = new AzureFuzzWorld(clock -> new DynamoDbItemStore(dynamoDb, table, clock));
    }

    @AfterEach
    void stop() {
        world.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ChangeQuantity", "ChangePlan", "Suspend", "Unsubscribe"})
    void givenOneOperationDeliveredFiftyTimesAtOnce_thenItIsAppliedOnce(String action) throws Exception {
        BiFunction<String, Integer, MarketplaceOperation> start = (subscription, seats) -> switch (action) {
            case "ChangeQuantity" -> world.azure.changeQuantity(subscription, seats);
            case "ChangePlan" -> world.azure.changePlan(subscription, "team-plus");
            case "Suspend" -> world.azure.suspend(subscription);
            default -> world.azure.unsubscribe(subscription);
        };
        String reference = world.activatedSubscription("team", 4);
        MarketplaceOperation first = start.apply(reference, 7);
        var single = world.snapshot();
        long patchesBefore = world.azure.callCount(AzureApi.UPDATE_OPERATION);
        assertEquals(200, deliver(first.id()).getStatusCode());
        Map<String, Integer> once = StoreEffects.added(single, world.snapshot());
        long patchesOnce = world.azure.callCount(AzureApi.UPDATE_OPERATION) - patchesBefore;

        // a few rounds: the interleavings that matter do not come every time
        for (int round = 1; round <= ROUNDS; round++) {
        String subscription = world.activatedSubscription("team", 4);
        MarketplaceOperation operation = start.apply(subscription, 7);
        var before = world.snapshot();
        long patchesAtStart = world.azure.callCount(AzureApi.UPDATE_OPERATION);
        List<FakeHttpRequest.Response> answers = ParallelCalls.run(WAYS, i -> deliver(operation.id()));
        Map<String, Integer> fifty = StoreEffects.added(before, world.snapshot());
        long patches = world.azure.callCount(AzureApi.UPDATE_OPERATION) - patchesAtStart;

        Map<Integer, Integer> statuses = new TreeMap<>();
        answers.forEach(a -> statuses.merge(a.getStatusCode(), 1, Integer::sum));
        System.out.println("concurrency Azure webhook " + action + " round " + round + ": " + WAYS + " deliveries of one operation, answers "
                + statuses + ", items added " + fifty + " (one delivery adds " + once + "), operation updates "
                + patches + " (one delivery: " + patchesOnce + ")");
        answers.forEach(a -> AzureFuzzWorld.checkAnswer(a, false, "one of " + WAYS + " deliveries of " + action));
        assertEquals(once, fifty, "fifty deliveries of one operation must add what one adds");
        assertEquals(patchesOnce, patches, "round " + round + ": the operation is acknowledged as often as for one"
                + " delivery");
        }
    }

    private FakeHttpRequest.Response deliver(String operationId) {
        return world.browser().send("POST", "/azure/webhook", Map.of("Authorization", "Bearer " + world.webhookToken(),
                "Content-Type", "application/json"), world.azure.webhookPayload(operationId).toString());
    }
}
