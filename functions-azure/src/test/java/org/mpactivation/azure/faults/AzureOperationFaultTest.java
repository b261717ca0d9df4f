package org.mpactivation.azure.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.FaultyItemStore;
import org.mpactivation.azure.FakeHttpRequest;
import org.mpactivation.azure.fuzz.AzureFuzzWorld;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.simulator.azure.AzureApi;
import org.mpactivation.simulator.azure.AzureFault;
import org.mpactivation.simulator.azure.MarketplaceOperation;
import org.mpactivation.testkit.concurrency.StoreEffects;
import org.mpactivation.testkit.fuzz.WebAnswers;

/**
 * The application of an Azure webhook operation (ChangeQuantity, ChangePlan, Suspend, Unsubscribe)
 * through the real WebhookFunction, with a fault at every store call of a delivery (counted in a clean
 * delivery; each index failed with a timeout and with throttling) and the marketplace's operation read,
 * subscription read and operation update throttled, failing with a 5xx and timing out. The marketplace
 * then delivers the operation again: it is applied once, as a clean delivery applies it (the same items
 * added, the same subscription stored, the operation in the same state at the marketplace).
 */
class AzureOperationFaultTest {

    private final AzureFuzzWorld world = new AzureFuzzWorld();

    @AfterEach
    void close() {
        world.close();
    }

    /** The outcome of one operation's deliveries: what was added, what is stored, what the marketplace says. */
    private record Outcome(Map<String, Integer> added, String stored, String operation) {
    }

    @Test
    void givenAFaultAtEveryStoreCallOrAtTheMarketplace_whenTheOperationIsDeliveredAgain_thenItIsAppliedOnce() {
        Map<String, BiFunction<AzureFuzzWorld, String, MarketplaceOperation>> kinds = new LinkedHashMap<>();
        kinds.put("ChangeQuantity", (w, subscription) -> w.azure.changeQuantity(subscription, 7));
        kinds.put("ChangePlan", (w, subscription) -> w.azure.changePlan(subscription, "team-plus"));
        kinds.put("Suspend", (w, subscription) -> w.azure.suspend(subscription));
        kinds.put("Unsubscribe", (w, subscription) -> w.azure.unsubscribe(subscription));
        Map<String, Integer> casesPerKind = new LinkedHashMap<>();
        Map<String, Integer> callsPerKind = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        List<String> notMade = new ArrayList<>();
        for (Map.Entry<String, BiFunction<AzureFuzzWorld, String, MarketplaceOperation>> kind : kinds.entrySet()) {
            String subscription = world.activatedSubscription("team", 4);
            MarketplaceOperation operation = kind.getValue().apply(world, subscription);
            var before = world.snapshot();
            world.store.reset();
            assertEquals(200, deliver(operation.id()).getStatusCode(), kind.getKey() + ": the clean delivery");
            int calls = world.store.calls();
            callsPerKind.put(kind.getKey(), calls);
            Outcome clean = outcome(before, subscription, operation.id());

            Map<String, Consumer<AzureFuzzWorld>> faults = new LinkedHashMap<>();
            for (int call = 0; call < calls; call++) {
                for (FaultyItemStore.Fault fault : FaultyItemStore.Fault.values()) {
                    int index = call;
                    faults.put("store call " + call + " " + fault, w -> w.store.failCall(index, fault));
                }
            }
            for (AzureApi api : List.of(AzureApi.GET_OPERATION, AzureApi.GET_SUBSCRIPTION, AzureApi.UPDATE_OPERATION)) {
                faults.put(api + " throttled", w -> w.azure.faults().failNext(api,
                        AzureFault.throttled(Duration.ofSeconds(1)), 10));
                faults.put(api + " 5xx", w -> w.azure.faults().failNext(api, AzureFault.internalError(), 10));
                String call = api == AzureApi.GET_OPERATION ? "operation"
                        : api == AzureApi.GET_SUBSCRIPTION ? "subscription" : "updateOperation";
                faults.put(api + " timed out", w -> w.timeOutNext.set(call));
            }
            casesPerKind.put(kind.getKey(), faults.size());
            for (Map.Entry<String, Consumer<AzureFuzzWorld>> fault : faults.entrySet()) {
                String name = kind.getKey() + ", " + fault.getKey();
                try {
                    String faulted = world.activatedSubscription("team", 4);
                    MarketplaceOperation faultedOperation = kind.getValue().apply(world, faulted);
                    var start = world.snapshot();
                    fault.getValue().accept(world);
                    FakeHttpRequest.Response first = deliver(faultedOperation.id());
                    if (fault.getKey().startsWith("store call")) {
                        assertTrue(world.store.failedCall().isPresent(), "the fault never fired");
                    } else if (!marketplaceFaultFired(fault.getKey())) {
                        // this kind of operation makes no such call: not a case
                        casesPerKind.merge(kind.getKey(), -1, Integer::sum);
                        notMade.add(name);
                        continue;
                    }
                    AzureFuzzWorld.checkAnswer(first, true, name + " (first delivery)");
                    world.azure.faults().clear();
                    world.timeOutNext.set(null);
                    world.store.reset();
                    FakeHttpRequest.Response again = deliver(faultedOperation.id());
                    assertEquals(200, again.getStatusCode(), "the delivery after the fault (first answered "
                            + first.getStatusCode() + "): " + WebAnswers.clip(String.valueOf(again.getBody())));
                    assertEquals(clean, outcome(start, faulted, faultedOperation.id()),
                            "applied once, as a clean delivery (first answered " + first.getStatusCode() + ")");
                } catch (AssertionError | RuntimeException failed) {
                    failures.add(name + ": " + failed.getMessage());
                } finally {
                    world.azure.faults().clear();
                    world.timeOutNext.set(null);
                    world.store.reset();
                }
            }
        }
        int cases = casesPerKind.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("faults Azure operation application: " + cases + " fault cases (store calls per delivery "
                + callsPerKind + " × 2 faults, plus operation read, subscription read and operation update "
                + "throttled, 5xx, timed out, where the operation makes that call), " + failures.size() + " failures; "
                + notMade.size() + " marketplace faults not reached (no such call for that operation)");
        assertTrue(failures.isEmpty(), failures.size() + " fault cases failed:\n"
                + String.join("\n", failures.subList(0, Math.min(10, failures.size()))));
    }

    /** Whether the marketplace fault was met: a planned error consumed, or the timeout taken. */
    private boolean marketplaceFaultFired(String fault) {
        if (fault.endsWith("timed out")) {
            return world.timeOutNext.get() == null;
        }
        AzureApi api = AzureApi.valueOf(fault.substring(0, fault.indexOf(' ')));
        return world.azure.faults().pending(api) < 10;
    }

    private FakeHttpRequest.Response deliver(String operationId) {
        return world.browser().send("POST", "/azure/webhook", Map.of("Authorization", "Bearer " + world.webhookToken(),
                "Content-Type", "application/json"), world.azure.webhookPayload(operationId).toString());
    }

    private Outcome outcome(Map<String, ?> before, String subscription, String operationId) {
        Map<String, Integer> added = new TreeMap<>();
        StoreEffects.added(before, world.snapshot()).forEach((kind, count) -> added.merge(kind
                .replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "<time>"), count, Integer::sum));
        MarketplaceSubscription stored = world.subscriptions.find(SubscriptionId.azure(subscription)).orElseThrow();
        String state = stored.status() + " " + stored.azure().planId() + " x" + stored.azure().quantity() + " "
                + stored.azure().saasStatus();
        return new Outcome(added, state, String.valueOf(world.azure.operation(operationId).orElseThrow().status()));
    }
}
