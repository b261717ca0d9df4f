package org.mpactivation.azure.fuzz;


import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.FaultyItemStore;
import org.mpactivation.azure.FakeHttpRequest;
import org.mpactivation.simulator.azure.MarketplaceOperation;
import org.mpactivation.simulator.entra.TokenDefect;
import org.mpactivation.simulator.entra.TokenForm;
import org.mpactivation.testkit.fuzz.FuzzRun;
import org.mpactivation.testkit.fuzz.Snapshots;
import org.mpactivation.testkit.fuzz.HostileText;

/**
 * {@code POST /azure/webhook} through the real WebhookFunction: operations the marketplace really
 * started (ChangePlan, ChangeQuantity, Suspend, Reinstate, Renew, Unsubscribe) on activated
 * subscriptions, delivered once or again, with the marketplace's Entra token most of the time, else a
 * token with a defect, a random bearer token or none; payload fields mutated or swapped for hostile
 * values, random JSON, garbage; and now and then a busy store. Properties as for every public answer;
 * a refused delivery changes nothing.
 */
class AzureWebhookFuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AzureFuzzWorld world = new AzureFuzzWorld();
    private final List<String> subscriptions = new ArrayList<>();
    private final List<String> operations = new ArrayList<>();
    private FuzzRun run;

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void everyWebhookIsAnsweredSafelyAndARefusalChangesNothing() {
        for (int i = 0; i < 12; i++) {
            subscriptions.add(world.activatedSubscription(i % 2 == 0 ? "team" : "basic", i % 2 == 0 ? 4 : null));
        }
        run = FuzzRun.of("Azure webhook", 1_000);
        run.run(this::oneCase);
    }

    private void oneCase(Random random, int index) throws Exception {
        String operationId = operations.isEmpty() || random.nextInt(3) != 0 ? startOperation(random)
                : operations.get(random.nextInt(operations.size()));
        ObjectNode payload = operationId == null ? JSON.createObjectNode().put("id", "00000000-0000-0000-0000-000000000000")
                : world.azure.webhookPayload(operationId);
        String body;
        int shape = random.nextInt(12);
        if (shape == 0) {
            body = HostileText.any(random);
        } else if (shape == 1) {
            body = HostileText.mutate(random, payload.toString());
        } else {
            if (shape < 5) {
                List<String> names = new ArrayList<>();
                payload.fieldNames().forEachRemaining(names::add);
                String name = names.get(random.nextInt(names.size()));
                switch (random.nextInt(5)) {
                    case 0 -> payload.remove(name);
                    case 1 -> payload.put(name, HostileText.any(random));
                    case 2 -> payload.put(name, random.nextLong());
                    case 3 -> payload.putNull(name);
                    default -> payload.put(name, HostileText.mutate(random, payload.path(name).asText()));
                }
            }
            body = payload.toString();
        }
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", random.nextInt(15) == 0 ? HostileText.any(random) : "application/json");
        switch (random.nextInt(10)) {
            case 0 -> { }
            case 1 -> headers.put("Authorization", "Bearer " + world.entra.badMarketplaceWebhookToken(world.apiClientId,
                    AzureFuzzWorld.PUBLISHER_TENANT, TokenForm.V2,
                    TokenDefect.values()[random.nextInt(TokenDefect.values().length)]));
            case 2 -> headers.put("Authorization", HostileText.mostly(random, 2, "Bearer ", "Basic dXNlcjpwYXNz")
                    + HostileText.any(random));
            case 3 -> headers.put("Authorization", "Bearer " + HostileText.mutate(random, world.webhookToken()));
            default -> headers.put("Authorization", "Bearer " + world.webhookToken());
        }
        boolean busy = random.nextInt(20) == 0;
        String context = "POST /azure/webhook auth=" + org.mpactivation.testkit.fuzz.WebAnswers.clip(
                String.valueOf(headers.get("Authorization"))) + " body=" + org.mpactivation.testkit.fuzz.WebAnswers
                .clip(body) + " busy=" + busy;
        var before = world.snapshot();
        if (busy) {
            world.store.busy(random.nextBoolean() ? FaultyItemStore.Fault.TIMEOUT : FaultyItemStore.Fault.THROTTLED);
        }
        FakeHttpRequest.Response response;
        try {
            response = world.browser().send(random.nextInt(40) == 0 ? "GET" : "POST", "/azure/webhook", headers, body);
        } finally {
            world.store.busy(null);
        }
        run.count(Integer.toString(response.getStatusCode()));
        AzureFuzzWorld.checkAnswer(response, busy, context);
        if (response.getStatusCode() >= 400) {
            Snapshots.assertUnchanged(before, world.snapshot(), context);
        }
    }

    /** Starts an operation in the marketplace on a random subscription; its id, or null if none could start. */
    private String startOperation(Random random) {
        String subscription = subscriptions.get(random.nextInt(subscriptions.size()));
        try {
            MarketplaceOperation operation = switch (random.nextInt(8)) {
                case 0 -> world.azure.changePlan(subscription, random.nextBoolean() ? "team-plus" : "team");
                case 1, 2 -> world.azure.changeQuantity(subscription, 1 + random.nextInt(20));
                case 3 -> world.azure.suspend(subscription);
                case 4 -> world.azure.reinstate(subscription);
                case 5 -> world.azure.renew(subscription);
                case 6 -> random.nextInt(4) == 0 ? world.azure.unsubscribe(subscription)
                        : world.azure.changeQuantity(subscription, 2);
                default -> world.azure.changePlan(subscription, "basic");
            };
            operations.add(operation.id());
            return operation.id();
        } catch (RuntimeException refusedByTheMarketplace) {
            return operations.isEmpty() ? null : operations.get(random.nextInt(operations.size()));
        }
    }
}
