package org.mpactivation.azure.fuzz;


import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.FaultyItemStore;
import org.mpactivation.azure.FakeHttpRequest;
import org.mpactivation.testkit.fuzz.FuzzRun;
import org.mpactivation.testkit.fuzz.Snapshots;
import org.mpactivation.testkit.fuzz.HostileText;

/**
 * {@code GET /azure/signin/callback} through the real ActivationFunction, after a real landing: the
 * state and code that Entra gave back (now and then), the real state with a forged code, a forged state
 * with the real code, both forged, a provider error, no cookie or another browser's, hostile values and
 * percent garbage, and now and then a busy store. Properties as for every public answer; a refused
 * callback stores nothing (it may use up the sign-in in flight, which is single-use by design).
 */
class AzureSignInCallbackFuzzTest {

    private final AzureFuzzWorld world = new AzureFuzzWorld();
    private FuzzRun run;

    @AfterEach
    void close() {
        world.close();
    }

    @Test
    void everySignInCallbackIsAnsweredSafelyAndARefusalStoresNothing() {
        run = FuzzRun.of("Azure sign-in callback", 1_000);
        run.run(this::oneCase);
    }

    private void oneCase(Random random, int index) {
        AzureFuzzWorld.Client browser = world.browser();
        URI authorization = random.nextInt(6) == 0 ? null
                : browser.landAndStartSignIn(random.nextBoolean() ? world.buy("basic", null) : world.buy("team", 2));
        String realState = authorization == null ? null : query(authorization).get("state");
        Map<String, String> answer = authorization != null && random.nextInt(3) == 0
                ? browser.signInAtEntra(authorization) : Map.of();
        String realCode = answer.get("code");
        Map<String, String> params = new LinkedHashMap<>();
        switch (random.nextInt(7)) {
            case 0 -> {
                putIfNotNull(params, "code", realCode);
                putIfNotNull(params, "state", answer.getOrDefault("state", realState));
            }
            case 1 -> {
                params.put("code", HostileText.mostly(random, 2, realCode == null ? "0.AXcode" : realCode));
                putIfNotNull(params, "state", realState);
            }
            case 2 -> {
                putIfNotNull(params, "code", realCode);
                params.put("state", realState == null ? HostileText.any(random) : HostileText.mutate(random, realState));
            }
            case 3 -> {
                params.put("error", HostileText.mostly(random, 3, "access_denied", "consent_required"));
                params.put("error_description", HostileText.any(random));
                putIfNotNull(params, "state", realState);
            }
            case 4 -> {
                params.put("code", HostileText.any(random));
                params.put("state", HostileText.any(random));
            }
            case 5 -> { }
            default -> {
                putIfNotNull(params, "code", realCode);
                putIfNotNull(params, "state", realState);
                params.put(HostileText.mostly(random, 2, "session_state", "lang"), HostileText.any(random));
            }
        }
        if (random.nextInt(6) == 0) {
            browser.withCookies(Map.of());
        }
        StringBuilder path = new StringBuilder("/azure/signin/callback");
        String separator = "?";
        for (Map.Entry<String, String> param : params.entrySet()) {
            path.append(separator).append(encode(param.getKey())).append('=')
                    .append(random.nextInt(20) == 0 ? HostileText.percentGarbage(random) : encode(param.getValue()));
            separator = "&";
        }
        boolean busy = random.nextInt(20) == 0;
        String context = "GET " + org.mpactivation.testkit.fuzz.WebAnswers.clip(path.toString()) + " busy=" + busy;
        var before = world.snapshot();
        if (busy) {
            world.store.busy(random.nextBoolean() ? FaultyItemStore.Fault.TIMEOUT : FaultyItemStore.Fault.THROTTLED);
        }
        FakeHttpRequest.Response response;
        try {
            response = browser.send("GET", path.toString(), Map.of(), null);
        } finally {
            world.store.busy(null);
        }
        run.count(Integer.toString(response.getStatusCode()));
        AzureFuzzWorld.checkAnswer(response, busy, context);
        if (response.getStatusCode() >= 400) {
            // the sign-in in flight is taken at most once, by design: a failed callback may use it up, nothing else
            var after = world.snapshot();
            var takenAllowed = new java.util.TreeMap<>(before);
            takenAllowed.keySet().removeIf(key -> key.startsWith("SIGNIN#") && !after.containsKey(key));
            Snapshots.assertUnchanged(takenAllowed, after, context);
        }
    }

    private static void putIfNotNull(Map<String, String> params, String name, String value) {
        if (value != null) {
            params.put(name, value);
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    params.put(java.net.URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                            java.net.URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
