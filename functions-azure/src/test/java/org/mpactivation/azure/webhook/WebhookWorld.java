package org.mpactivation.azure.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.mpactivation.adapter.store.CountingItemStore;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.ApplyAzureOperation;
import org.mpactivation.application.AzureOperationPolicy;
import org.mpactivation.application.AzurePurchases;
import org.mpactivation.application.RecordingItemStore;
import org.mpactivation.application.WorkspaceRelease;
import org.mpactivation.azure.fulfillment.EntraClientCredentials;
import org.mpactivation.azure.fulfillment.HttpAzureFulfillment;
import org.mpactivation.azure.fulfillment.RetryPolicy;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.SiteCatalog;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.azure.SaasSubscription;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.NoticeLog;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.WorkspaceRepository;
import org.mpactivation.simulator.azure.AzureApi;
import org.mpactivation.simulator.azure.AzureMarketplaceSimulator;
import org.mpactivation.simulator.azure.AzureOffer;
import org.mpactivation.simulator.azure.AzurePlan;
import org.mpactivation.simulator.azure.Identity;
import org.mpactivation.simulator.azure.MovableClock;
import org.mpactivation.simulator.azure.Purchase;
import org.mpactivation.simulator.entra.EntraSimulator;
import org.mpactivation.simulator.entra.Issuers;
import org.mpactivation.simulator.entra.RegisteredApp;
import org.mpactivation.simulator.entra.TokenDefect;
import org.mpactivation.simulator.entra.TokenForm;
import org.mpactivation.web.AzureWebhookRoute;
import org.mpactivation.web.ErrorPageRenderer;
import org.mpactivation.web.PageRenderer;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;

/**
 * The webhook route wired as production wires it, to real stand-ins: the Azure Marketplace simulator (accepting
 * only the Entra stand-in's access tokens) reached over HTTP by the real fulfillment client, the Entra stand-in's
 * published keys checked by the real token verifier, and the in-memory store behind the real repositories, recorded
 * so that a test can compare everything written.
 */
final class WebhookWorld implements AutoCloseable {

    static final Instant START = Instant.parse("2026-03-02T10:20:30Z");
    static final String OFFER = "contoso-saas";

    final MovableClock clock = new MovableClock(START);
    final String tenantId = UUID.randomUUID().toString();
    final String appId = UUID.randomUUID().toString();
    final EntraSimulator entra = EntraSimulator.builder().clock(clock).issuers(Issuers.MICROSOFT).start();
    final AzureMarketplaceSimulator azure;
    final RecordingItemStore recorded = new RecordingItemStore(new InMemoryItemStore(clock));
    final CountingItemStore store = new CountingItemStore(recorded);
    final SubscriptionRepository subscriptions = new SubscriptionRepository(store);
    final WorkspaceRepository workspaces = new WorkspaceRepository(store);
    final AuditTrail audit = new AuditTrail(store);
    final MeteringStates metering = new MeteringStates(store);
    final HttpAzureFulfillment fulfillment;
    final Router router;

    WebhookWorld(AzureOperationPolicy policy) {
        azure = AzureMarketplaceSimulator.builder().clock(clock)
                .acceptedTokens(token -> entra.issuedFor(EntraSimulator.MARKETPLACE_APP_ID, token)).start();
        azure.createOffer(new AzureOffer("contoso", OFFER, List.of(
                AzurePlan.flatRate("basic", "requests"),
                AzurePlan.perSeat("team", "requests"),
                AzurePlan.perSeat("team-plus", "requests"),
                AzurePlan.perSeat("enterprise", "requests"))));
        String secret = "secret-" + UUID.randomUUID();
        entra.registerApp(new RegisteredApp(appId, secret, List.of()));
        fulfillment = new HttpAzureFulfillment(azure.baseUri(),
                EntraClientCredentials.forTenant(entra.endpoint(), tenantId, appId, secret, clock),
                new RetryPolicy(2, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2)), Pause.REAL);
        EntraWebhookVerifier verifier = new EntraWebhookVerifier(
                WebhookTokenSettings.forTenant(tenantId, appId).withKeySetUri(entra.keySetUri(tenantId)), clock,
                new DefaultResourceRetriever(2_000, 2_000, 64 * 1024));
        NoticeLog notices = new NoticeLog(store);
        WorkspaceRelease release = new WorkspaceRelease(subscriptions, workspaces, metering, audit, clock);
        ApplyAzureOperation operations = new ApplyAzureOperation(fulfillment, policy, subscriptions, notices, audit,
                metering, release, clock);
        router = new AzureWebhookRoute(verifier, operations)
                .mount(new Router(new ErrorPageRenderer(new PageRenderer(), SiteCatalog.defaults(), "Azure")));
    }

    /**
     * A buyer bought the plan, activated it through the landing page and bound a workspace: stored as the landing
     * and activation steps store it.
     */
    String activatedSubscription(String planId, Integer quantity, String workspaceId) {
        Purchase purchase = azure.subscribe(OFFER, planId, quantity, Identity.withEmail("buyer@example.com"));
        fulfillment.activate(purchase.subscriptionId(), planId, quantity);
        SaasSubscription read = fulfillment.subscription(purchase.subscriptionId());
        Instant now = clock.instant();
        MarketplaceSubscription arrived = MarketplaceSubscription.newAzure(read.id(), AzurePurchases.of(read), now);
        MarketplaceSubscription activated = AzurePurchases.follow(arrived, read, "landing", now)
                .withBillingAccount("billing-1", now).activated("activation:test", now);
        MarketplaceSubscription stored = subscriptions.createOrGet(activated);
        audit.recordChangeOf(stored);
        if (workspaceId != null) {
            workspaces.createOrGet(new Workspace(workspaceId, "Workspace", WorkspaceLanguage.EN, "us-oregon",
                    "console-1", "billing-1", stored.id(), now, now, 0));
            subscriptions.linkWorkspace(stored.id(), workspaceId, now);
        }
        return purchase.subscriptionId();
    }

    MarketplaceSubscription stored(String saasId) {
        return subscriptions.find(SubscriptionId.azure(saasId)).orElseThrow();
    }

    String goodToken() {
        return entra.marketplaceWebhookToken(appId, tenantId, TokenForm.V1);
    }

    String badToken(TokenDefect defect) {
        return entra.badMarketplaceWebhookToken(appId, tenantId, TokenForm.V1, defect);
    }

    /** The body the marketplace posts for the operation, with a field this build does not know. */
    byte[] payload(String operationId) {
        ObjectNode body = azure.webhookPayload(operationId);
        body.put("aFieldAddedLater", "ignored");
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    WebResponse deliver(String operationId) {
        return post("Bearer " + goodToken(), "application/json", payload(operationId));
    }

    WebResponse post(String authorization, String contentType, byte[] body) {
        Map<String, String> headers = new java.util.HashMap<>();
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
        return router.handle(new WebRequest("POST", AzureWebhookRoute.PATH, Map.of(), headers, Map.of(), body));
    }

    /** Every item written so far, as stored now. */
    Map<String, Item> snapshot() {
        return recorded.snapshot();
    }

    long operationPatches() {
        return azure.callCount(AzureApi.UPDATE_OPERATION);
    }

    @Override
    public void close() {
        azure.close();
        entra.close();
    }
}
