package org.mpactivation.azure.reconciliation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.AzurePurchases;
import org.mpactivation.application.AzureReconciliation;
import org.mpactivation.azure.fulfillment.EntraClientCredentials;
import org.mpactivation.azure.fulfillment.HttpAzureFulfillment;
import org.mpactivation.azure.fulfillment.RetryPolicy;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.azure.SaasSubscription;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.DriftFindings;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.WorkspaceRepository;
import org.mpactivation.simulator.azure.AzureMarketplaceSimulator;
import org.mpactivation.simulator.azure.AzureOffer;
import org.mpactivation.simulator.azure.AzurePlan;
import org.mpactivation.simulator.azure.Identity;
import org.mpactivation.simulator.azure.MovableClock;
import org.mpactivation.simulator.entra.EntraSimulator;
import org.mpactivation.simulator.entra.RegisteredApp;

/**
 * The Azure Marketplace simulator (two subscriptions a page, tokens only from the Entra stand-in), the
 * Fulfillment client wired to it as production wires it, and our store on the same movable clock; with
 * the steps that put a subscription in both as the landing page and activation leave it.
 */
final class ReconciliationWorld implements AutoCloseable {

    static final Instant START = Instant.parse("2026-03-02T10:20:30Z");
    static final String OFFER = "contoso-saas";

    final MovableClock clock = new MovableClock(START);
    final EntraSimulator entra = EntraSimulator.builder().clock(clock).start();
    final AzureMarketplaceSimulator azure = AzureMarketplaceSimulator.builder().clock(clock).pageSize(2)
            .acceptedTokens(token -> entra.issuedFor(EntraSimulator.MARKETPLACE_APP_ID, token)).start();
    final InMemoryItemStore store = new InMemoryItemStore(clock);
    final SubscriptionRepository subscriptions = new SubscriptionRepository(store);
    final WorkspaceRepository workspaces = new WorkspaceRepository(store);
    final AuditTrail audit = new AuditTrail(store);
    final MeteringStates metering = new MeteringStates(store);
    final DriftFindings findings = new DriftFindings(store);
    final HttpAzureFulfillment client;

    ReconciliationWorld() {
        String clientId = UUID.randomUUID().toString();
        String secret = "secret-" + UUID.randomUUID();
        entra.registerApp(new RegisteredApp(clientId, secret, List.of()));
        azure.createOffer(new AzureOffer("contoso", OFFER, List.of(
                AzurePlan.flatRate("basic", "requests"),
                AzurePlan.flatRate("premium", "requests"),
                AzurePlan.perSeat("team", "requests"))));
        EntraClientCredentials credentials = EntraClientCredentials.forTenant(entra.endpoint(),
                UUID.randomUUID().toString(), clientId, secret, clock);
        client = new HttpAzureFulfillment(azure.baseUri(), credentials,
                new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofSeconds(30)),
                new NoPause());
    }

    AzureReconciliation reconciliation() {
        return AzureReconciliationAssembly.reconciliation(store, client, clock);
    }

    /** Bought in the marketplace only: the buyer never came to the landing page. */
    String boughtOnly(String planId, Integer quantity) {
        return azure.subscribe(OFFER, planId, quantity, Identity.withEmail("buyer@example.com")).subscriptionId();
    }

    /** Bought, stored by the landing page, activated: both sides agree. */
    SubscriptionId activated(String planId, Integer quantity) {
        String saasId = boughtOnly(planId, quantity);
        client.activate(saasId, planId, quantity);
        SaasSubscription current = client.subscription(saasId);
        Instant now = clock.instant();
        MarketplaceSubscription stored = subscriptions.createOrGet(
                MarketplaceSubscription.newAzure(saasId, AzurePurchases.of(current), now));
        MarketplaceSubscription active = subscriptions.save(
                AzurePurchases.follow(stored, current, "landing", now).activated("session:s-" + saasId, now));
        audit.recordChangeOf(active);
        return active.id();
    }

    /** A workspace billed through the subscription. */
    void bindWorkspace(SubscriptionId id, String workspaceId) {
        Instant now = clock.instant();
        workspaces.createOrGet(new Workspace(workspaceId, "Workspace " + workspaceId, WorkspaceLanguage.EN,
                "us-oregon", "console-1", "billing-1", null, now, null, 0));
        workspaces.save(workspaces.find(workspaceId).orElseThrow().boundTo(id, now));
        subscriptions.linkWorkspace(id, workspaceId, now);
    }

    MarketplaceSubscription stored(SubscriptionId id) {
        return subscriptions.find(id).orElseThrow();
    }

    static String saasId(SubscriptionId id) {
        return id.value();
    }

    @Override
    public void close() {
        azure.close();
        entra.close();
    }

    /** Retries without waiting: the simulator's clock is not the thread's. */
    private static final class NoPause implements Pause {
        private long nanos;

        @Override
        public void sleep(Duration duration) {
            nanos += duration.toNanos();
        }

        @Override
        public long nanoTime() {
            return nanos;
        }
    }
}
