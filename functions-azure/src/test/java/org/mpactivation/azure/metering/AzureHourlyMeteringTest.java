package org.mpactivation.azure.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.AzurePurchases;
import org.mpactivation.application.HourlyMetering;
import org.mpactivation.application.SubscriptionBinding;
import org.mpactivation.azure.fulfillment.EntraClientCredentials;
import org.mpactivation.azure.fulfillment.HttpAzureFulfillment;
import org.mpactivation.azure.fulfillment.RetryPolicy;
import org.mpactivation.domain.DimensionMap;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.UsageRecord;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.repository.AccountRepository;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.MeteringLedger;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.UsageRepository;
import org.mpactivation.repository.WorkspaceRepository;
import org.mpactivation.simulator.azure.AcceptedUsage;
import org.mpactivation.simulator.azure.AzureMarketplaceSimulator;
import org.mpactivation.simulator.azure.AzureOffer;
import org.mpactivation.simulator.azure.AzurePlan;
import org.mpactivation.simulator.azure.Identity;
import org.mpactivation.simulator.azure.MovableClock;
import org.mpactivation.simulator.entra.EntraSimulator;
import org.mpactivation.simulator.entra.RegisteredApp;

/**
 * The Azure deployment's hourly metering run, as the factory builds it, against the Azure simulator over HTTP:
 * the client takes its tokens from the Entra stand-in, and the simulator accepts only those.
 */
class AzureHourlyMeteringTest {

    private static final Instant START = Instant.parse("2026-03-02T08:10:00Z");
    private static final String OFFER = "contoso-metered";
    private static final String PLAN = "metered-gold";

    private final MovableClock clock = new MovableClock(START);
    private final EntraSimulator entra = EntraSimulator.builder().clock(clock).start();
    private final AzureMarketplaceSimulator azure = AzureMarketplaceSimulator.builder().clock(clock)
            .acceptedTokens(token -> entra.issuedFor(EntraSimulator.MARKETPLACE_APP_ID, token)).start();
    private final ItemStore store = new InMemoryItemStore(clock);
    private final SubscriptionRepository subscriptions = new SubscriptionRepository(store);
    private final WorkspaceRepository workspaces = new WorkspaceRepository(store);
    private final UsageRepository usage = new UsageRepository(store);
    private final SubscriptionBinding binding = new SubscriptionBinding(subscriptions, workspaces,
            new AccountRepository(store), new AuditTrail(store), new MeteringStates(store), clock, Duration.ofHours(2));
    private final DimensionMap dimensions = new DimensionMap(Map.of("api_calls", "requests", "gigabytes", "storage"));

    @AfterEach
    void stopTheStandIns() {
        azure.close();
        entra.close();
    }

    @Test
    void givenAnActivatedAzureSubscriptionWithABoundWorkspace_thenItsHourlyUsageIsAcceptedByTheMarketplace() {
        String tenantId = UUID.randomUUID().toString();
        String clientId = UUID.randomUUID().toString();
        String secret = "secret-" + UUID.randomUUID();
        entra.registerApp(new RegisteredApp(clientId, secret, List.of()));
        azure.createOffer(new AzureOffer("contoso", OFFER, List.of(AzurePlan.flatRate(PLAN, "requests", "storage"))));
        EntraClientCredentials tokens = EntraClientCredentials.forTenant(entra.endpoint(), tenantId, clientId, secret,
                clock);
        RetryPolicy retries = new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMinutes(5));
        HttpAzureFulfillment fulfillment = new HttpAzureFulfillment(azure.baseUri(), tokens, retries, new NoWait());
        HttpAzureMetering client = new HttpAzureMetering(azure.baseUri(), tokens, retries, new NoWait());

        String saasId = azure.subscribe(OFFER, PLAN, null, Identity.withEmail("buyer@example.com")).subscriptionId();
        fulfillment.activate(saasId, PLAN, null);
        MarketplaceSubscription ours = subscriptions.createOrGet(MarketplaceSubscription.newAzure(saasId,
                AzurePurchases.of(fulfillment.subscription(saasId)), clock.instant()));
        binding.activate(ours.id(), "ba-contoso", "session:contoso");
        workspaces.createOrGet(new Workspace("ws-contoso", "Contoso", WorkspaceLanguage.fromCode("en"), "us-oregon",
                "console-contoso", "ba-contoso", null, clock.instant(), null, 0));
        binding.bindWorkspace("ws-contoso", ours.id());
        Instant hour = START.truncatedTo(ChronoUnit.HOURS);
        usage.putIfAbsent(new UsageRecord("r-1", "ws-contoso", "api_calls", hour, 40));
        usage.putIfAbsent(new UsageRecord("r-2", "ws-contoso", "api_calls", hour, 2));
        usage.putIfAbsent(new UsageRecord("r-3", "ws-contoso", "gigabytes", hour, 5));
        clock.advance(Duration.ofMinutes(70));

        HourlyMetering.Report report = AzureHourlyMetering.create(store, client, dimensions, clock, new NoWait())
                .run();

        assertEquals(2, report.recordsSent(), "report: " + report);
        Map<String, BigDecimal> accepted = new TreeMap<>();
        for (AcceptedUsage event : azure.acceptedUsage(saasId)) {
            assertEquals(PLAN, event.planId());
            assertEquals(hour, event.effectiveStartTime());
            accepted.put(event.dimension(), event.quantity());
        }
        assertEquals(2, accepted.size());
        assertEquals(0, new BigDecimal(42).compareTo(accepted.get("requests")));
        assertEquals(0, new BigDecimal(5).compareTo(accepted.get("storage")));
        List<LedgerEntry> ledger = new MeteringLedger(store).entries(ours.id());
        assertEquals(2, ledger.size());
        for (LedgerEntry entry : ledger) {
            assertEquals(LedgerEntry.State.SENT, entry.state());
            assertTrue(azure.acceptedUsage(saasId).stream()
                    .anyMatch(event -> entry.detail().equals("Accepted:" + event.usageEventId())), entry.detail());
        }
        assertEquals(hour.plus(1, ChronoUnit.HOURS),
                new MeteringStates(store).find(ours.id()).orElseThrow().meteredThrough());
    }

    /** Waits no real time; its monotonic time moves by what was waited, so deadlines still hold. */
    private static final class NoWait implements Pause {

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
