package org.mpactivation.azure.fuzz;


import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.FaultyItemStore;
import org.mpactivation.azure.FakeHttpRequest;
import org.mpactivation.simulator.azure.Purchase;
import org.mpactivation.testkit.fuzz.FuzzRun;
import org.mpactivation.testkit.fuzz.Snapshots;
import org.mpactivation.testkit.fuzz.HostileText;

/**
 * {@code GET /azure/landing?token=} through the real ActivationFunction: fresh portal tokens, the same
 * token again (same browser, another browser), almost-valid and hostile tokens, raw percent garbage
 * in the query (which the worker's URI parsing may refuse), no token, stray parameters, and now and
 * then a busy store. Properties as for every public answer; a refused landing stores nothing.
 */
class AzureLandingFuzzTest {

    private final AzureFuzzWorld world = new AzureFuzzWorld();
    private final List<Purchase> bought = new ArrayList<>();
    private FuzzRun run;

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void everyLandingIsAnsweredSafelyAndARefusalStoresNothing() {
        run = FuzzRun.of("Azure landing", 1_000);
        run.run(this::oneCase);
    }

    private void oneCase(Random random, int index) {
        AzureFuzzWorld.Client browser = world.browser();
        String query;
        switch (random.nextInt(8)) {
            case 0, 1 -> {
                Purchase purchase = random.nextBoolean() ? world.buy("basic", null) : world.buy("team", 1 + random.nextInt(9));
                bought.add(purchase);
                query = "token=" + purchase.urlEncodedToken();
            }
            case 2 -> {
                Purchase earlier = bought.isEmpty() ? world.buy("basic", null) : bought.get(random.nextInt(bought.size()));
                if (random.nextBoolean()) {
                    browser.get("/azure/landing?token=" + earlier.urlEncodedToken());
                }
                query = "token=" + earlier.urlEncodedToken();
            }
            case 3 -> query = "token=" + encode(HostileText.mutate(random,
                    bought.isEmpty() ? "abc" : bought.get(random.nextInt(bought.size())).token()));
            case 4 -> query = "token=" + encode(HostileText.any(random));
            case 5 -> query = "token=" + HostileText.percentGarbage(random);
            case 6 -> query = random.nextBoolean() ? "" : encode(HostileText.any(random)) + "=" + encode("x");
            default -> query = "token=" + encode(HostileText.any(random)) + "&token=" + encode(HostileText.any(random))
                    + "&" + HostileText.mostly(random, 2, "lang=zh", "lang=en");
        }
        boolean busy = random.nextInt(20) == 0;
        String path = "/azure/landing" + (query.isEmpty() ? "" : "?" + query);
        String context = "GET " + org.mpactivation.testkit.fuzz.WebAnswers.clip(path) + " busy=" + busy;
        var before = world.snapshot();
        if (busy) {
            world.store.busy(random.nextBoolean() ? FaultyItemStore.Fault.TIMEOUT : FaultyItemStore.Fault.THROTTLED);
        }
        FakeHttpRequest.Response response;
        try {
            response = browser.send("GET", path, Map.of(), null);
        } finally {
            world.store.busy(null);
        }
        run.count(Integer.toString(response.getStatusCode()));
        AzureFuzzWorld.checkAnswer(response, busy, context);
        if (response.getStatusCode() >= 400) {
            Snapshots.assertUnchanged(before, world.snapshot(), context);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
