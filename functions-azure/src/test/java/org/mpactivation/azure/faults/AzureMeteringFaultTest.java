package org.mpactivation.azure.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
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
import org.junit.jupiter.api.Test;
import org.mpactivation.application.FaultyItemStore;
import org.mpactivation.application.UsageIntake;
import org.mpactivation.azure.FakeHttpRequest;
import org.mpactivation.azure.fuzz.AzureFuzzWorld;
import org.mpactivation.domain.DimensionMap;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.UsageRepository;
import org.mpactivation.repository.WorkspaceRepository;
import org.mpactivation.simulator.azure.AcceptedUsage;
import org.mpactivation.simulator.azure.AzureApi;
import org.mpactivation.simulator.azure.AzureFault;
import org.mpactivation.simulator.azure.Purchase;

/**
 * The Azure metering run (AzureGraph's, against the marketplace's usage event API, simulated) for a
 * buyer who walked through the landing, sign-in and registration, with a fault at every store call of
 * the run (counted in a clean run; each index failed with a timeout and with throttling) and the usage
 * event call throttled, failing with a 5xx and timing out after the marketplace accepted it. After the
 * next run, what the marketplace accepted matches the ledger: the hour billed once with its whole
 * usage, none lost, every ledger entry settled.
 */
class AzureMeteringFaultTest {

    private static final String PASSWORD = "correct horse 42";

    /** A buyer activated on Azure with usage of a closed hour stored; the run not yet made. */
    private static final class Setup implements AutoCloseable {
        final AzureFuzzWorld world = new AzureFuzzWorld();
        final Purchase purchase = world.buy("team", 3);

        Setup() {
            AzureFuzzWorld.Client browser = world.browser();
            URI authorize = browser.landAndStartSignIn(purchase);
            Map<String, String> back = browser.signInAtEntra(authorize);
            expect(303, browser.get("/azure/signin/callback?code=" + enc(back.get("code")) + "&state="
                    + enc(back.get("state"))));
            String email = world.unique("ada") + "@contoso.example";
            expect(200, post(browser, "/activate/register", Map.of("action", "send-code", "email", email)));
            Map<String, String> basic = new HashMap<>(Map.of("action", "next", "username", world.unique("ada"),
                    "password", PASSWORD, "passwordConfirmation", PASSWORD, "email", email, "phone", ""));
            basic.put("code", world.mailer.lastCodeTo(email));
            expect(303, post(browser, "/activate/register", basic));
            expect(303, post(browser, "/activate/register/company", Map.of("companyName", "Contoso",
                    "contactName", "Ada", "country", "Ireland", "address", "1 Road")));
            expect(303, post(browser, "/activate/register/workspace", Map.of("workspaceName", "Metered",
                    "language", "en", "site", "us-oregon")));
            String workspace = world.snapshot().keySet().stream().filter(k -> k.startsWith("WS#") && k.endsWith("|META"))
                    .map(k -> k.substring(3, k.indexOf('|'))).findFirst().orElseThrow();
            UsageIntake intake = new UsageIntake(new UsageRepository(world.store), new WorkspaceRepository(world.store),
                    new MeteringStates(world.store), new DimensionMap(Map.of("api_calls", "requests")), world.clock);
            String hour = world.clock.instant().truncatedTo(java.time.temporal.ChronoUnit.HOURS).toString();
            intake.accept(List.of(new UsageIntake.Submitted("u1", workspace, "api_calls", hour, 40L),
                    new UsageIntake.Submitted("u2", workspace, "api_calls", hour, 2L)));
            world.clock.advance(Duration.ofMinutes(75));
        }

        void run() {
            world.graph.meteringRun(Duration.ofMinutes(5));
        }

        Map<String, List<BigDecimal>> accepted() {
            Map<String, List<BigDecimal>> accepted = new TreeMap<>();
            for (AcceptedUsage usage : world.azure.acceptedUsage(purchase.subscriptionId())) {
                accepted.computeIfAbsent(usage.dimension() + "@" + usage.effectiveStartTime(), k -> new ArrayList<>())
                        .add(usage.quantity().stripTrailingZeros());
            }
            return accepted;
        }

        List<String> ledgerStates() {
            return world.snapshot().entrySet().stream().filter(e -> e.getKey().startsWith("LEDGER#"))
                    .map(e -> e.getValue().get("state")).toList();
        }

        @Override
        public void close() {
            world.close();
        }

        private static FakeHttpRequest.Response post(AzureFuzzWorld.Client browser, String page,
                                                     Map<String, String> fields) {
            Map<String, String> all = new LinkedHashMap<>(browser.hiddenFieldsOf(page));
            all.putAll(fields);
            return browser.post(page, all);
        }

        private static void expect(int status, FakeHttpRequest.Response response) {
            assertEquals(status, response.getStatusCode(), String.valueOf(response.getBody()));
        }
    }

    @Test
    void givenAFaultAtEveryStoreCallOrAtTheMarketplace_whenTheNextRunComes_thenTheHourIsBilledOnceAndNoneLost() {
        int calls;
        Map<String, List<BigDecimal>> expected;
        try (Setup clean = new Setup()) {
            clean.world.store.reset();
            clean.run();
            calls = clean.world.store.calls();
            expected = clean.accepted();
            assertEquals(1, expected.size(), "the clean run bills the hour: " + expected);
            assertEquals(List.of(new BigDecimal("42")), expected.values().iterator().next());
            assertEquals(List.of("SENT"), clean.ledgerStates());
        }
        Map<String, Consumer<Setup>> faults = new LinkedHashMap<>();
        for (int call = 0; call < calls; call++) {
            for (FaultyItemStore.Fault fault : FaultyItemStore.Fault.values()) {
                int index = call;
                faults.put("store call " + call + " " + fault, setup -> setup.world.store.failCall(index, fault));
            }
        }
        faults.put("usage event throttled", setup -> setup.world.azure.faults().failNext(AzureApi.USAGE_EVENT,
                AzureFault.throttled(Duration.ofSeconds(1)), 10));
        faults.put("usage event 5xx", setup -> setup.world.azure.faults().failNext(AzureApi.USAGE_EVENT,
                AzureFault.internalError(), 10));
        faults.put("usage event timed out after the marketplace accepted it",
                setup -> setup.world.timeOutNext.set("batchUsageEvent"));
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Consumer<Setup>> fault : faults.entrySet()) {
            try (Setup setup = new Setup()) {
                fault.getValue().accept(setup);
                try {
                    setup.run();
                } catch (RuntimeException runFailed) {
                    // the scheduled run failed; the next one is the retry
                }
                if (fault.getKey().startsWith("store call")) {
                    assertTrue(setup.world.store.failedCall().isPresent(), "the fault never fired");
                }
                setup.world.azure.faults().clear();
                setup.world.timeOutNext.set(null);
                setup.world.store.reset();
                setup.world.clock.advance(Duration.ofMinutes(15));
                setup.run();
                assertEquals(expected.values().iterator().next(), setup.accepted().values().stream().findFirst()
                        .orElse(List.of()), fault.getKey() + ": what the marketplace accepted " + setup.accepted());
                assertEquals(List.of("SENT"), setup.ledgerStates(), fault.getKey() + ": the ledger");
            } catch (AssertionError | RuntimeException failed) {
                failures.add(fault.getKey() + ": " + failed.getMessage());
            }
        }
        System.out.println("faults Azure metering run: " + faults.size() + " fault cases (" + calls + " store calls of "
                + "a clean run × 2 faults + 3 marketplace faults), " + failures.size() + " failures");
        assertTrue(failures.isEmpty(), failures.size() + " fault cases failed:\n"
                + String.join("\n", failures.subList(0, Math.min(10, failures.size()))));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
