package org.mpactivation.azure.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.FaultyItemStore;
import org.mpactivation.azure.FakeHttpRequest;
import org.mpactivation.azure.fuzz.AzureFuzzWorld;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.simulator.azure.AzureApi;
import org.mpactivation.simulator.azure.AzureFault;
import org.mpactivation.simulator.azure.Purchase;
import org.mpactivation.testkit.concurrency.StoreEffects;
import org.mpactivation.testkit.fuzz.WebAnswers;

/**
 * The Azure activation saga (land → sign in → code → basic information → company → Activate, which
 * registers, binds, calls the marketplace's activate and stores the subscription ACTIVE) through the
 * function classes, with a fault at every store call of every step (counted in a clean walk; each index
 * failed with a timeout and with throttling) and the marketplace's resolve and activate throttled,
 * failing with a 5xx and timing out. The buyer then retries the step: the retry answers as the clean
 * walk did, the walk completes, the marketplace has the subscription Subscribed, and the store holds what a clean walk
 * leaves.
 */
class AzureActivationSagaFaultTest {

    private static final String PASSWORD = "correct horse 42";

    /** One request of the walk: prepared (pages read, sign-in done) before a fault is armed, then sent. */
    private record Step(String name, Function<Walk, Function<AzureFuzzWorld.Client, FakeHttpRequest.Response>> prepare) {
    }

    private static final class Walk {
        final AzureFuzzWorld world = new AzureFuzzWorld();
        final AzureFuzzWorld.Client browser = world.browser();
        final Purchase purchase = world.buy("team", 3);
        final String username = world.unique("ada");
        final String email = username + "@contoso.example";

        FakeHttpRequest.Response run(Step step) {
            return step.prepare().apply(this).apply(browser);
        }
    }

    private static final List<Step> STEPS = List.of(
            new Step("land", walk -> browser -> browser.get("/azure/landing?token=" + walk.purchase.urlEncodedToken())),
            new Step("sign-in callback", walk -> {
                URI authorize = walk.browser.landAndStartSignIn(walk.purchase);
                Map<String, String> back = walk.browser.signInAtEntra(authorize);
                return browser -> browser.get("/azure/signin/callback?code=" + enc(back.get("code")) + "&state="
                        + enc(back.get("state")));
            }),
            new Step("send code", walk -> form(walk, "/activate/register", Map.of("action", "send-code",
                    "email", walk.email))),
            new Step("basic information", walk -> form(walk, "/activate/register", basic(walk))),
            new Step("company", walk -> form(walk, "/activate/register/company", Map.of("companyName", "Contoso",
                    "contactName", "Ada Buyer", "country", "Ireland", "address", "1 Example Road"))),
            new Step("activate", walk -> form(walk, "/activate/register/workspace", Map.of("workspaceName",
                    "Contoso production", "language", "en", "site", "us-oregon"))));

    @Test
    void givenAFaultAtEveryStoreCallOrAtTheMarketplace_whenTheBuyerRetries_thenActivatedOnceAsACleanWalk() {
        Walk clean = new Walk();
        List<String> cleanAnswers = new ArrayList<>();
        Map<String, Integer> callsPerStep = new LinkedHashMap<>();
        for (Step step : STEPS) {
            Function<AzureFuzzWorld.Client, FakeHttpRequest.Response> send = step.prepare().apply(clean);
            clean.world.store.reset();
            cleanAnswers.add(answer(send.apply(clean.browser)));
            callsPerStep.put(step.name(), clean.world.store.calls());
        }
        Map<String, Integer> cleanKinds = kinds(clean);
        clean.world.close();

        Map<String, Integer> casesPerStep = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (int s = 0; s < STEPS.size(); s++) {
            Step step = STEPS.get(s);
            Map<String, Consumer<Walk>> faults = new LinkedHashMap<>();
            for (int call = 0; call < callsPerStep.get(step.name()); call++) {
                for (FaultyItemStore.Fault fault : FaultyItemStore.Fault.values()) {
                    int index = call;
                    faults.put("store call " + call + " " + fault, walk -> walk.world.store.failCall(index, fault));
                }
            }
            AzureApi api = step.name().equals("land") ? AzureApi.RESOLVE
                    : step.name().equals("activate") ? AzureApi.ACTIVATE : null;
            if (api != null) {
                faults.put(api + " throttled", walk -> walk.world.azure.faults().failNext(api,
                        AzureFault.throttled(Duration.ofSeconds(1)), 10));
                faults.put(api + " 5xx", walk -> walk.world.azure.faults().failNext(api, AzureFault.internalError(), 10));
                faults.put(api + " timed out", walk -> walk.world.timeOutNext.set(api == AzureApi.RESOLVE ? "resolve"
                        : "activate"));
            }
            casesPerStep.put(step.name(), faults.size());
            for (Map.Entry<String, Consumer<Walk>> fault : faults.entrySet()) {
                String name = step.name() + ", " + fault.getKey();
                Walk walk = new Walk();
                try {
                    faultThenRetry(walk, s, fault.getValue(), cleanAnswers.get(s), cleanKinds, name);
                } catch (AssertionError | RuntimeException failed) {
                    failures.add(name + ": " + failed.getMessage());
                } finally {
                    walk.world.close();
                }
            }
        }
        int cases = casesPerStep.values().stream().mapToInt(Integer::intValue).sum();
        System.out.println("faults Azure activation saga: " + cases + " fault cases (store calls per step "
                + callsPerStep + " × 2 faults, plus resolve and activate throttled, 5xx, timed out; cases per step "
                + casesPerStep + "), " + failures.size() + " failures");
        assertTrue(failures.isEmpty(), failures.size() + " fault cases failed:\n"
                + String.join("\n", failures.subList(0, Math.min(10, failures.size()))));
    }

    private static void faultThenRetry(Walk walk, int stepIndex, Consumer<Walk> fault, String cleanAnswer,
                                       Map<String, Integer> cleanKinds, String name) {
        for (int s = 0; s < stepIndex; s++) {
            walk.run(STEPS.get(s));
        }
        Step step = STEPS.get(stepIndex);
        Function<AzureFuzzWorld.Client, FakeHttpRequest.Response> send = step.prepare().apply(walk);
        fault.accept(walk);
        FakeHttpRequest.Response first = send.apply(walk.browser);
        if (name.contains("store call")) {
            assertTrue(walk.world.store.failedCall().isPresent(), "the fault never fired");
        }
        AzureFuzzWorld.checkAnswer(first, true, name + " (first answer)");
        walk.world.azure.faults().clear();
        walk.world.timeOutNext.set(null);
        walk.world.clock.advance(Duration.ofSeconds(61));
        FakeHttpRequest.Response retry = walk.run(step);
        assertEquals(cleanAnswer, answer(retry), "the retry answers as the clean step did (first answer "
                + first.getStatusCode() + "): " + WebAnswers.clip(String.valueOf(retry.getBody())));
        for (int s = stepIndex + 1; s < STEPS.size(); s++) {
            FakeHttpRequest.Response answer = walk.run(STEPS.get(s));
            assertTrue(answer.getStatusCode() < 400, STEPS.get(s).name() + " after the retry answered "
                    + answer.getStatusCode() + ": " + WebAnswers.clip(String.valueOf(answer.getBody())));
        }
        assertEquals("Subscribed", walk.world.azure.subscription(walk.purchase.subscriptionId()).status().toString());
        assertEquals(SubscriptionStatus.ACTIVE, walk.world.subscriptions.find(SubscriptionId.azure(
                walk.purchase.subscriptionId())).orElseThrow().status());
        assertEquals(cleanKinds, kinds(walk), "the store after the walk holds what a clean walk leaves");
    }

    /** The status and, for a redirect, where to: how a step's answer is compared. */
    private static String answer(FakeHttpRequest.Response response) {
        String location = response.getHeader("Location");
        return response.getStatusCode() + (location == null ? "" : " " + (location.startsWith("/") ? location
                : URI.create(location).getHost()));
    }

    private static Function<AzureFuzzWorld.Client, FakeHttpRequest.Response> form(Walk walk, String page,
                                                                                  Map<String, String> fields) {
        Map<String, String> all = new LinkedHashMap<>(walk.browser.hiddenFieldsOf(page));
        all.putAll(fields);
        return browser -> browser.post(page, all);
    }

    private static Map<String, String> basic(Walk walk) {
        Map<String, String> fields = new HashMap<>();
        fields.put("action", "next");
        fields.put("username", walk.username);
        fields.put("password", PASSWORD);
        fields.put("passwordConfirmation", PASSWORD);
        fields.put("email", walk.email);
        fields.put("code", walk.world.mailer.lastCodeTo(walk.email));
        fields.put("phone", "");
        return fields;
    }

    /** The kinds of items stored and how many, times, codes and sign-ins in flight left out. */
    private static Map<String, Integer> kinds(Walk walk) {
        Map<String, Integer> kinds = new TreeMap<>();
        walk.world.snapshot().keySet().stream()
                .filter(key -> !key.startsWith("CODE#") && !key.startsWith("SIGNIN#"))
                .map(key -> StoreEffects.kindOf(key).replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "<time>")
                        .replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<id>"))
                .forEach(kind -> kinds.merge(kind, 1, Integer::sum));
        return kinds;
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
