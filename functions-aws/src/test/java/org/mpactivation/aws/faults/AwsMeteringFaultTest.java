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
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.FakePause;
import org.mpactivation.application.FaultyItemStore;
import org.mpactivation.aws.AwsFunctions;
import org.mpactivation.aws.MeteringHandler;
import org.mpactivation.aws.fuzz.AwsFuzzWorld;
import org.mpactivation.aws.metering.JsonAwsMetering;
import org.mpactivation.port.out.AwsMetering;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.simulator.aws.AwsMarketplaceSimulator;
import org.mpactivation.simulator.aws.AwsOperation;
import org.mpactivation.simulator.aws.MarketplaceError;
import org.mpactivation.simulator.aws.MeteringRecord;
import org.mpactivation.simulator.aws.SimulatedCustomer;

/**
 * The hourly metering run through the real MeteringHandler, the real SDK client and the AWS Marketplace
 * metering wire protocol (simulated), with a fault at every store call of the run (counted in a clean
 * run, each index failed with a timeout and with throttling) and BatchMeterUsage throttled, failing
 * with a 5xx and timing out after the marketplace accepted the call. After the next run, what the
 * marketplace received matches the ledger: every hour and dimension billed once, with the hour's whole
 * usage, none lost, every ledger entry settled.
 */
class AwsMeteringFaultTest {

    private static final String PRODUCT = "prod-meterf4u1";
    private static final int BUYERS = 2;

    /** Buyers activated, usage of a closed hour stored, the run not yet made. */
    private static final class Setup implements AutoCloseable {
        final AwsMarketplaceSimulator simulator;
        final AwsFuzzWorld world;
        final List<SimulatedCustomer> customers = new ArrayList<>();
        final AtomicBoolean timeOutAfterNextCall = new AtomicBoolean();
        final AwsMetering metering;

        Setup() {
            AwsFuzzWorld[] holder = new AwsFuzzWorld[1];
            java.time.Clock clock = new org.mpactivation.application.MutableClock(AwsFuzzWorld.START);
            simulator = AwsMarketplaceSimulator.start(new java.time.Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return java.time.ZoneOffset.UTC;
                }

                @Override
                public java.time.Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public java.time.Instant instant() {
                    return holder[0] == null ? clock.instant() : holder[0].clock.instant();
                }
            });
            simulator.product(PRODUCT).concurrentAgreements(false).dimensions("requests", "hosts");
            var credentials = AwsCredentialSource.fixed(new AwsCredentials("test", "test", null, null));
            var settings = org.mpactivation.aws.AwsSettings.fromEnvironment(Map.of("AWS_REGION", "us-east-1",
                    "TABLE_NAME", "t", "MARKETPLACE_PRODUCT_CODE", PRODUCT,
                    "MARKETPLACE_METERING_ENDPOINT", simulator.endpoint().toString(),
                    "MARKETPLACE_ENTITLEMENT_ENDPOINT", simulator.endpoint().toString()));
            world = new AwsFuzzWorld(null, AwsFunctions.marketplace(settings, credentials,
                    UrlConnectionAwsHttp.standard()));
            holder[0] = world;
            JsonAwsMetering sdk = JsonAwsMetering.create("us-east-1", credentials, simulator.endpoint(),
                    UrlConnectionAwsHttp.standard());
            metering = (productCode, lines) -> {
                var result = sdk.batchMeterUsage(productCode, lines);
                if (timeOutAfterNextCall.getAndSet(false)) {
                    throw new MarketplaceUnavailableException("BatchMeterUsage timed out",
                            new SocketTimeoutException("Read timed out"));
                }
                return result;
            };
            for (int b = 0; b < BUYERS; b++) {
                SimulatedCustomer customer = simulator.registerCustomer(PRODUCT);
                customers.add(customer);
                world.activated(world.unique("meter"), simulator.issueToken(customer, Duration.ofDays(30)));
            }
            int n = 0;
            for (String key : world.snapshot().keySet()) {
                if (key.startsWith("WS#") && key.endsWith("|META")) {
                    String workspace = key.substring(3, key.indexOf('|'));
                    String body = "{\"records\":[" + record(workspace + "-a", workspace, "api_calls", 40)
                            + "," + record(workspace + "-b", workspace, "api_calls", 2)
                            + "," + record(workspace + "-c", workspace, "hosts", 3) + "]}";
                    APIGatewayV2HTTPResponse stored = world.browser().asIamCaller(AwsFuzzWorld.IAM_CALLER).send("POST",
                            "/internal/usage", Map.of("content-type", "application/json"), body);
                    assertEquals(200, stored.getStatusCode(), stored.getBody());
                    n++;
                }
            }
            assertEquals(BUYERS, n);
            world.clock.advance(Duration.ofMinutes(75));
        }

        Map<String, Integer> run() {
            return new MeteringHandler(AwsFunctions.hourlyMetering(world.settings, world.store, metering, world.clock,
                    new FakePause(true))).handleRequest(Map.of(), null);
        }

        /** What the marketplace received for these buyers, by customer, dimension and hour: every quantity. */
        Map<String, List<Integer>> received() {
            Map<String, List<Integer>> received = new TreeMap<>();
            List<String> ours = customers.stream().map(SimulatedCustomer::customerIdentifier).toList();
            for (MeteringRecord record : simulator.meteringRecords()) {
                if (ours.contains(record.customerIdentifier())) {
                    received.computeIfAbsent(record.customerIdentifier() + "|" + record.dimension() + "|"
                            + record.hour(), k -> new ArrayList<>()).add(record.quantity());
                }
            }
            return received;
        }

        List<String> ledgerStates() {
            return world.snapshot().entrySet().stream().filter(e -> e.getKey().startsWith("LEDGER#"))
                    .map(e -> e.getKey() + "=" + e.getValue().get("state")).toList();
        }

        @Override
        public void close() {
            simulator.close();
        }

        private static String record(String id, String workspace, String dimension, int quantity) {
            return "{\"recordId\":\"" + id + "\",\"workspaceId\":\"" + workspace + "\",\"dimension\":\"" + dimension
                    + "\",\"hour\":\"2026-03-02T10:00:00Z\",\"quantity\":" + quantity + "}";
        }
    }

    @Test
    void givenAFaultAtEveryStoreCallOrAtTheMarketplace_whenTheNextRunComes_thenEachHourIsBilledOnceAndNoneLost() {
        int calls;
        Map<String, List<Integer>> expected;
        try (Setup clean = new Setup()) {
            clean.world.store.reset();
            clean.run();
            calls = clean.world.store.calls();
            expected = normalised(clean.received(), clean);
            assertEquals(2 * BUYERS, expected.size(), "the clean run bills each buyer's two dimensions: " + expected);
            assertTrue(clean.ledgerStates().stream().allMatch(s -> s.endsWith("=SENT")), clean.ledgerStates().toString());
        }
        Map<String, Consumer<Setup>> faults = new LinkedHashMap<>();
        for (int call = 0; call < calls; call++) {
            for (FaultyItemStore.Fault fault : FaultyItemStore.Fault.values()) {
                int index = call;
                faults.put("store call " + call + " " + fault, setup -> setup.world.store.failCall(index, fault));
            }
        }
        faults.put("BatchMeterUsage throttled", setup -> setup.simulator.faults()
                .throttleNext(AwsOperation.BATCH_METER_USAGE, 20));
        faults.put("BatchMeterUsage 5xx", setup -> setup.simulator.faults()
                .failNext(AwsOperation.BATCH_METER_USAGE, MarketplaceError.INTERNAL_SERVICE_ERROR, 20));
        faults.put("BatchMeterUsage timed out after AWS accepted it", setup -> setup.timeOutAfterNextCall.set(true));

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
                    assertTrue(setup.world.store.failedCall().isPresent(), fault.getKey() + ": the fault never fired");
                }
                setup.simulator.faults().clear();
                setup.world.store.reset();
                setup.world.clock.advance(Duration.ofMinutes(15));
                setup.run();
                Map<String, List<Integer>> received = normalised(setup.received(), setup);
                assertEquals(expected, received, fault.getKey() + ": what the marketplace received");
                assertTrue(setup.ledgerStates().stream().allMatch(s -> s.endsWith("=SENT")),
                        fault.getKey() + ": the ledger is settled: " + setup.ledgerStates());
                assertEquals(2 * BUYERS, setup.ledgerStates().size(), fault.getKey() + ": one ledger entry per "
                        + "hour and dimension: " + setup.ledgerStates());
            } catch (AssertionError | RuntimeException failed) {
                failures.add(failed.getMessage());
            }
        }
        System.out.println("faults AWS metering run: " + faults.size() + " fault cases (" + calls + " store calls of a"
                + " clean run × 2 faults + 3 marketplace faults), " + failures.size() + " failures");
        assertTrue(failures.isEmpty(), failures.size() + " fault cases failed:\n"
                + String.join("\n", failures.subList(0, Math.min(10, failures.size()))));
    }

    /** The received quantities with the customer identifiers replaced by the buyer's position. */
    private static Map<String, List<Integer>> normalised(Map<String, List<Integer>> received, Setup setup) {
        Map<String, List<Integer>> byPosition = new TreeMap<>();
        received.forEach((key, quantities) -> {
            String customer = key.substring(0, key.indexOf('|'));
            int position = setup.customers.stream().map(SimulatedCustomer::customerIdentifier).toList()
                    .indexOf(customer);
            byPosition.put("buyer" + position + key.substring(key.indexOf('|')), quantities);
        });
        return byPosition;
    }
}
