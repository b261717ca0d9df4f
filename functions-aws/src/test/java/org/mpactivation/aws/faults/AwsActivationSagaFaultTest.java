package org.mpactivation.aws.faults;

import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;
import org.mpactivation.adapter.aws.UrlConnectionAwsHttp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.FaultyItemStore;
import org.mpactivation.aws.AwsFunctions;
import org.mpactivation.aws.fuzz.AwsFuzzWorld;
import org.mpactivation.aws.fuzz.LambdaClient;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.port.out.AwsMarketplace;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.simulator.aws.AwsMarketplaceSimulator;
import org.mpactivation.simulator.aws.AwsOperation;
import org.mpactivation.simulator.aws.MarketplaceError;
import org.mpactivation.simulator.aws.SimulatedCustomer;
import org.mpactivation.testkit.fuzz.Snapshots;
import org.mpactivation.testkit.fuzz.WebAnswers;

/**
 * The AWS activation saga (arrive → code → basic information → company → Activate, which registers,
 * binds and stores the subscription ACTIVE), through the real handlers, with a fault at every store call
 * of every step: the steps' calls are counted in a clean run and each call index is failed in turn with
 * a timeout and with throttling (a new store call gets its cases without anyone writing them). Then the
 * buyer retries: the retry answers as the clean run did, the walk completes, and the store holds what a
 * clean walk leaves. The arrival also meets ResolveCustomer throttled and failing with a 5xx for longer
 * than the SDK's own retries (the simulator's fault plan over the real SDK client) and timing out (as the
 * client reports a timeout): a 503 with Retry-After that stores nothing, and the retry goes on.
 */
class AwsActivationSagaFaultTest {

    private static final String PRODUCT = "prod-faults7k2";
    private static AwsMarketplaceSimulator simulator;

    /** One request of the walk: what it posts (read before any fault is armed) and where. */
    private record Step(String name, String path, Function<Walk, Map<String, String>> form) {
    }

    /** One buyer's walk in a world of its own. */
    private static final class Walk {
        final AwsFuzzWorld world;
        final LambdaClient browser;
        final String token;
        final String username;
        final String email;

        Walk(AwsFuzzWorld world, String token, String username) {
            this.world = world;
            this.browser = world.browser();
            this.token = token;
            this.username = username;
            this.email = username + "@example.com";
        }

        APIGatewayV2HTTPResponse run(Step step) {
            return browser.post(step.path(), step.form().apply(this));
        }
    }

    private static final List<Step> STEPS = List.of(
            new Step("arrive", "/aws/fulfillment", walk -> Map.of("x-amzn-marketplace-token", walk.token)),
            new Step("send code", "/activate/register", walk -> page(walk, "/activate/register",
                    Map.of("action", "send-code", "email", walk.email))),
            new Step("basic information", "/activate/register", walk -> page(walk, "/activate/register",
                    AwsFuzzWorld.basicInfo(walk.username, walk.email, walk.world.mailer.lastCodeTo(walk.email)))),
            new Step("company", "/activate/register/company", walk -> page(walk, "/activate/register/company",
                    Map.of("companyName", "Acme", "contactName", "Li Lei", "country", "China", "address", "1 Road"))),
            new Step("activate", "/activate/register/workspace", walk -> page(walk, "/activate/register/workspace",
                    Map.of("workspaceName", "Faulted", "language", "en", "site", "us-oregon"))));

    @BeforeAll
    static void startMarketplace() {
        simulator = AwsMarketplaceSimulator.start();
        simulator.product(PRODUCT).concurrentAgreements(false).dimensions("requests");
    }

    @AfterAll
    static void stopMarketplace() {
        simulator.close();
    }

    @Test
    void givenAFaultAtEveryStoreCallOfEveryStep_whenTheBuyerRetries_thenTheWalkCompletesAsACleanOne() {
        Walk clean = newWalk(null);
        List<APIGatewayV2HTTPResponse> cleanAnswers = new ArrayList<>();
        Map<String, Integer> callsPerStep = new LinkedHashMap<>();
        for (Step step : STEPS) {
            Map<String, String> form = step.form().apply(clean);
            clean.world.store.reset();
            cleanAnswers.add(clean.browser.post(step.path(), form));
            callsPerStep.put(step.name(), clean.world.store.calls());
        }
        Map<String, Integer> cleanKinds = kinds(clean);
        List<String> failures = new ArrayList<>();
        int cases = 0;
        for (int s = 0; s < STEPS.size(); s++) {
            Step step = STEPS.get(s);
            assertTrue(callsPerStep.get(step.name()) > 0, step.name() + " makes store calls");
            for (int call = 0; call < callsPerStep.get(step.name()); call++) {
                for (FaultyItemStore.Fault fault : FaultyItemStore.Fault.values()) {
                    cases++;
                    String name = step.name() + ", store call " + call + " (" + fault + ")";
                    try {
                        faultThenRetry(s, cleanAnswers.get(s), cleanKinds, call, fault, name);
                    } catch (AssertionError | RuntimeException failed) {
                        failures.add(name + ": " + failed.getMessage());
                    }
                }
            }
        }
        System.out.println("faults AWS activation saga: " + cases + " store fault cases (store calls per step "
                + callsPerStep + ", each failed with " + List.of(FaultyItemStore.Fault.values()) + "), "
                + failures.size() + " failures");
        assertTrue(failures.isEmpty(), failures.size() + " fault cases failed:\n" + String.join("\n",
                failures.subList(0, Math.min(10, failures.size()))));
    }

    @Test
    void givenTheMarketplaceThrottledFailingOrTimingOutAtArrival_whenTheBuyerRetries_thenTheWalkCompletes() {
        Walk clean = newWalk(null);
        List<APIGatewayV2HTTPResponse> cleanAnswers = new ArrayList<>();
        for (Step step : STEPS) {
            cleanAnswers.add(clean.run(step));
        }
        Map<String, Integer> cleanKinds = kinds(clean);
        Map<String, Runnable> faults = new LinkedHashMap<>();
        AtomicBoolean timeOutNext = new AtomicBoolean();
        faults.put("ResolveCustomer throttled", () -> simulator.faults().throttleNext(AwsOperation.RESOLVE_CUSTOMER, 10));
        faults.put("ResolveCustomer 5xx", () -> simulator.faults().failNext(AwsOperation.RESOLVE_CUSTOMER,
                MarketplaceError.INTERNAL_SERVICE_ERROR, 10));
        faults.put("ResolveCustomer timed out", () -> timeOutNext.set(true));
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, Runnable> fault : faults.entrySet()) {
            Walk walk = newWalk(timeOutNext);
            var before = walk.world.snapshot();
            fault.getValue().run();
            APIGatewayV2HTTPResponse first = walk.run(STEPS.get(0));
            try {
                assertEquals(503, first.getStatusCode(), fault.getKey() + ": " + first.getBody());
                WebAnswers.check(first.getStatusCode(), first.getHeaders(), first.getBody(), true, fault.getKey());
                Snapshots.assertUnchanged(before, walk.world.snapshot(), fault.getKey());
                simulator.faults().clear();
                assertEquals(cleanAnswers.get(0).getStatusCode(), walk.run(STEPS.get(0)).getStatusCode(),
                        fault.getKey() + ": the retry");
                finish(walk, 1, cleanKinds, fault.getKey());
            } catch (AssertionError failed) {
                failures.add(failed.getMessage());
            } finally {
                simulator.faults().clear();
            }
        }
        System.out.println("faults AWS activation saga: " + faults.size() + " marketplace fault cases at arrival, "
                + failures.size() + " failures");
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private void faultThenRetry(int stepIndex, APIGatewayV2HTTPResponse cleanAnswer, Map<String, Integer> cleanKinds,
                                int call, FaultyItemStore.Fault fault,
                                String name) {
        Walk walk = newWalk(null);
        for (int s = 0; s < stepIndex; s++) {
            walk.run(STEPS.get(s));
        }
        Step step = STEPS.get(stepIndex);
        Map<String, String> form = step.form().apply(walk);
        walk.world.store.failCall(call, fault);
        APIGatewayV2HTTPResponse first = walk.browser.post(step.path(), form);
        assertTrue(walk.world.store.failedCall().isPresent(), "the fault never fired: the step made fewer calls");
        WebAnswers.check(first.getStatusCode(), first.getHeaders(), first.getBody(), true,
                name + " (failed " + walk.world.store.failedCall().get() + ")");
        walk.world.clock.advance(Duration.ofSeconds(61));
        APIGatewayV2HTTPResponse retry = walk.run(step);
        assertEquals(cleanAnswer.getStatusCode() + " " + LambdaClient.location(cleanAnswer),
                retry.getStatusCode() + " " + LambdaClient.location(retry),
                "the retry answers as the clean step did (first answer " + first.getStatusCode() + ", failed "
                        + walk.world.store.failedCall().get() + "): " + WebAnswers.clip(retry.getBody()));
        finish(walk, stepIndex + 1, cleanKinds, name);
    }

    private static void finish(Walk walk, int from, Map<String, Integer> cleanKinds, String name) {
        for (int s = from; s < STEPS.size(); s++) {
            APIGatewayV2HTTPResponse answer = walk.run(STEPS.get(s));
            assertTrue(answer.getStatusCode() < 400, STEPS.get(s).name() + " after the retry answered "
                    + answer.getStatusCode() + ": " + WebAnswers.clip(answer.getBody()));
        }
        assertEquals(cleanKinds, kinds(walk), name + ": the store after the walk holds what a clean walk leaves");
    }

    private Walk newWalk(AtomicBoolean timeOutNext) {
        SimulatedCustomer customer = simulator.registerCustomer(PRODUCT);
        AwsMarketplace sdk = AwsFunctions.marketplace(settings(), AwsCredentialSource.fixed(
                new AwsCredentials("test", "test", null, null)), UrlConnectionAwsHttp.standard());
        AwsMarketplace marketplace = timeOutNext == null ? sdk : new AwsMarketplace() {
            @Override
            public AwsCustomer resolveCustomer(String registrationToken) {
                if (timeOutNext.getAndSet(false)) {
                    throw new MarketplaceUnavailableException("ResolveCustomer timed out",
                            new SocketTimeoutException("Read timed out"));
                }
                return sdk.resolveCustomer(registrationToken);
            }

            @Override
            public List<Entitlement> entitlements(AwsCustomer customer) {
                return sdk.entitlements(customer);
            }

            @Override
            public String partition() {
                return sdk.partition();
            }
        };
        AwsFuzzWorld world = new AwsFuzzWorld(null, marketplace);
        return new Walk(world, simulator.issueToken(customer, Duration.ofDays(30)), world.unique("walker"));
    }

    private static org.mpactivation.aws.AwsSettings settings() {
        return org.mpactivation.aws.AwsSettings.fromEnvironment(Map.of("AWS_REGION", "us-east-1", "TABLE_NAME", "t",
                "MARKETPLACE_PRODUCT_CODE", PRODUCT,
                "MARKETPLACE_METERING_ENDPOINT", simulator.endpoint().toString(),
                "MARKETPLACE_ENTITLEMENT_ENDPOINT", simulator.endpoint().toString()));
    }

    /** The page's hidden fields (read now, before a fault is armed) with these fields. */
    private static Map<String, String> page(Walk walk, String page, Map<String, String> fields) {
        Map<String, String> form = new LinkedHashMap<>(walk.browser.hiddenFieldsOf(page));
        form.putAll(fields);
        return form;
    }

    /** The kinds of items stored and how many, times and codes left out (a retry comes later, codes differ). */
    private static Map<String, Integer> kinds(Walk walk) {
        Map<String, Integer> kinds = new TreeMap<>();
        walk.world.snapshot().keySet().stream().filter(key -> !key.startsWith("CODE#"))
                .map(key -> org.mpactivation.testkit.concurrency.StoreEffects.kindOf(key)
                        .replaceAll("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z", "<time>"))
                .forEach(kind -> kinds.merge(kind, 1, Integer::sum));
        return kinds;
    }
}
