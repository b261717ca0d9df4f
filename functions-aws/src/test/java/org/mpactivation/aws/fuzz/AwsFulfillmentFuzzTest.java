package org.mpactivation.aws.fuzz;


import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.FaultyItemStore;
import org.mpactivation.testkit.fuzz.FuzzRun;
import org.mpactivation.testkit.fuzz.Snapshots;
import org.mpactivation.testkit.fuzz.HostileText;

/**
 * {@code POST /aws/fulfillment} through the real FulfillmentHandler with tokens that resolve, replayed
 * tokens (with and without the session cookie), almost-valid and hostile tokens, stray fields, other
 * methods and content types, and now and then a busy store: every answer is 2xx/3xx/4xx (503 with
 * Retry-After only while the store is busy), no body shows an exception, every 4xx says why, and
 * nothing is stored when the request is refused.
 */
class AwsFulfillmentFuzzTest {

    private static final String FIELD = "x-amzn-marketplace-token";

    private final AwsFuzzWorld world = new AwsFuzzWorld();
    private FuzzRun run;
    private final List<String> issued = new java.util.ArrayList<>();

    @Test
    void everyFulfillmentPostIsAnsweredSafelyAndARefusalStoresNothing() {
        run = FuzzRun.of("AWS fulfillment", 1_000);
        run.run(this::oneCase);
    }

    private void oneCase(Random random, int index) {
        LambdaClient browser = world.browser();
        if (!issued.isEmpty() && random.nextInt(4) == 0) {
            // a browser that arrived before: its session cookie goes along (a replay or a refresh)
            browser.post("/aws/fulfillment", Map.of(FIELD, issued.get(random.nextInt(issued.size()))));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        int kind = random.nextInt(8);
        switch (kind) {
            case 0, 1 -> {
                String token = world.newToken();
                issued.add(token);
                fields.put(FIELD, token);
            }
            case 2 -> fields.put(FIELD, issued.isEmpty() ? world.newToken() : issued.get(random.nextInt(issued.size())));
            case 3 -> fields.put(FIELD, HostileText.mutate(random, issued.isEmpty() ? "tok-1" : issued.get(0)));
            case 4 -> fields.put(FIELD, HostileText.any(random));
            case 5 -> { }
            default -> {
                fields.put(random.nextBoolean() ? FIELD : HostileText.any(random), HostileText.any(random));
                for (int i = random.nextInt(4); i > 0; i--) {
                    fields.put(HostileText.mostly(random, 2, "x-amzn-marketplace-offer-type", "lang", "_lang",
                            "switchLanguage"), HostileText.mostly(random, 2, "en", "zh", "contract"));
                }
            }
        }
        boolean busy = random.nextInt(20) == 0;
        String method = random.nextInt(25) == 0 ? HostileText.mostly(random, 3, "GET", "PUT", "DELETE") : "POST";
        Map<String, String> headers = Map.of("content-type", random.nextInt(15) == 0 ? HostileText.any(random)
                : "application/x-www-form-urlencoded");
        String body = random.nextInt(20) == 0 ? HostileText.any(random) : LambdaClient.encode(fields);
        String context = AwsFuzzWorld.describe(method, "/aws/fulfillment", body) + " busy=" + busy;

        var before = world.snapshot();
        if (busy) {
            world.store.busy(random.nextBoolean() ? FaultyItemStore.Fault.TIMEOUT : FaultyItemStore.Fault.THROTTLED);
        }
        APIGatewayV2HTTPResponse response;
        try {
            response = browser.send(method, "/aws/fulfillment", headers, body);
        } finally {
            world.store.busy(null);
        }
        run.count(Integer.toString(response.getStatusCode()));
        AwsFuzzWorld.checkAnswer(response, busy, context);
        if (AwsFuzzWorld.refused(response)) {
            Snapshots.assertUnchanged(before, world.snapshot(), context);
        }
    }
}
