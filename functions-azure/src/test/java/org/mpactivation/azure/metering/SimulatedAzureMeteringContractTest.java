package org.mpactivation.azure.metering;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.mpactivation.azure.fulfillment.EntraClientCredentials;
import org.mpactivation.azure.fulfillment.HttpAzureFulfillment;
import org.mpactivation.azure.fulfillment.RetryPolicy;
import org.mpactivation.port.out.AzureMeteringContract;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.azure.AzureMetering;
import org.mpactivation.simulator.azure.AcceptedUsage;
import org.mpactivation.simulator.azure.AzureApi;
import org.mpactivation.simulator.azure.AzureMarketplaceSimulator;
import org.mpactivation.simulator.azure.AzureOffer;
import org.mpactivation.simulator.azure.AzurePlan;
import org.mpactivation.simulator.azure.Identity;
import org.mpactivation.simulator.azure.MovableClock;
import org.mpactivation.simulator.entra.EntraSimulator;
import org.mpactivation.simulator.entra.RegisteredApp;

/**
 * The batchUsageEvent contract against the HTTP adapter, spoken over HTTP to the Azure simulator, which accepts only
 * bearer tokens the Entra stand-in signed for the marketplace resource; subscriptions are activated through the
 * Fulfillment client, as production does.
 */
class SimulatedAzureMeteringContractTest extends AzureMeteringContract {

    private static final String OFFER = "contoso-metered";
    private static final int FOREVER = 1_000;

    private final String tenantId = UUID.randomUUID().toString();
    private final String clientId = UUID.randomUUID().toString();
    private final String secret = "secret-" + UUID.randomUUID();
    private MovableClock clock;
    private EntraSimulator entra;
    private AzureMarketplaceSimulator azure;
    private HttpAzureFulfillment fulfillment;

    @Override
    protected AzureMetering start(Instant now, Duration window) {
        clock = new MovableClock(now);
        entra = EntraSimulator.builder().clock(clock).start();
        entra.registerApp(new RegisteredApp(clientId, secret, List.of()));
        azure = AzureMarketplaceSimulator.builder().clock(clock).meteringWindow(window)
                .acceptedTokens(token -> entra.issuedFor(EntraSimulator.MARKETPLACE_APP_ID, token)).start();
        azure.createOffer(new AzureOffer("contoso", OFFER, List.of(AzurePlan.flatRate(PLAN, REQUESTS, STORAGE))));
        EntraClientCredentials tokens = EntraClientCredentials.forTenant(entra.endpoint(), tenantId, clientId, secret,
                clock);
        RetryPolicy retries = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMinutes(5));
        fulfillment = new HttpAzureFulfillment(azure.baseUri(), tokens, retries, new SkippedPause());
        return new HttpAzureMetering(azure.baseUri(), tokens, retries, new SkippedPause());
    }

    @AfterEach
    void stopTheStandIns() {
        azure.close();
        entra.close();
    }

    @Override
    protected String subscribed() {
        String subscriptionId = azure.subscribe(OFFER, PLAN, null, Identity.withEmail("buyer@example.com"))
                .subscriptionId();
        fulfillment.activate(subscriptionId, PLAN, null);
        return subscriptionId;
    }

    @Override
    protected void suspend(String resourceId) {
        azure.suspend(resourceId);
    }

    @Override
    protected void unsubscribe(String resourceId) {
        azure.unsubscribe(resourceId);
    }

    @Override
    protected void throttle(boolean on) {
        azure.faults().clear();
        if (on) {
            azure.faults().throttleNext(AzureApi.BATCH_USAGE_EVENT, FOREVER, Duration.ofSeconds(2));
        }
    }

    @Override
    protected void denyAccess(boolean on) {
        azure.faults().clear();
        if (on) {
            azure.faults().denyNext(AzureApi.BATCH_USAGE_EVENT, FOREVER);
        }
    }

    @Override
    protected List<BigDecimal> acceptedQuantities(String resourceId) {
        return azure.acceptedUsage(resourceId).stream().map(AcceptedUsage::quantity).toList();
    }

    /** Waits no real time; its monotonic time moves by what was waited, so deadlines still hold. */
    private static final class SkippedPause implements Pause {

        private long nanos;

        @Override
        public synchronized void sleep(Duration duration) {
            nanos += duration.toNanos();
        }

        @Override
        public synchronized long nanoTime() {
            return nanos;
        }
    }
}
