package org.mpactivation.azure.fulfillment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.mpactivation.simulator.azure.AzureMarketplaceSimulator;
import org.mpactivation.simulator.azure.AzureOffer;
import org.mpactivation.simulator.azure.AzurePlan;
import org.mpactivation.simulator.azure.Identity;
import org.mpactivation.simulator.azure.MovableClock;
import org.mpactivation.simulator.azure.Purchase;
import org.mpactivation.simulator.entra.EntraSimulator;
import org.mpactivation.simulator.entra.RegisteredApp;

/**
 * The Azure Marketplace simulator, accepting only access tokens the Entra stand-in signed for the marketplace
 * resource and not yet expired, both on one movable clock and each behind a recording proxy; and the client
 * under test, wired to them as production wires it to Azure.
 */
final class MarketplaceWorld implements AutoCloseable {

    static final Instant START = Instant.parse("2026-03-02T10:20:30Z");
    static final String OFFER = "contoso-saas";

    final MovableClock clock = new MovableClock(START);
    final String tenantId = UUID.randomUUID().toString();
    final String clientId = UUID.randomUUID().toString();
    final String secret = "secret-" + UUID.randomUUID();
    final EntraSimulator entra = EntraSimulator.builder().clock(clock).start();
    final AzureMarketplaceSimulator azure;
    final RecordingProxy entraProxy;
    final RecordingProxy azureProxy;
    final RecordingPause pause = new RecordingPause();

    MarketplaceWorld() {
        azure = AzureMarketplaceSimulator.builder().clock(clock).pageSize(2)
                .acceptedTokens(token -> entra.issuedFor(EntraSimulator.MARKETPLACE_APP_ID, token)).start();
        try {
            entraProxy = new RecordingProxy(entra.endpoint());
            azureProxy = new RecordingProxy(azure.baseUri());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        entra.registerApp(new RegisteredApp(clientId, secret, List.of()));
        azure.createOffer(new AzureOffer("contoso", OFFER, List.of(
                AzurePlan.flatRate("basic", "requests"),
                AzurePlan.flatRate("premium", "requests"),
                AzurePlan.perSeat("team", "requests"))));
    }

    EntraClientCredentials credentials(String clientSecret) {
        return EntraClientCredentials.forTenant(entraProxy.uri(), tenantId, clientId, clientSecret, clock);
    }

    HttpAzureFulfillment client() {
        return client(credentials(secret), new RetryPolicy(3, Duration.ofMillis(100), Duration.ofSeconds(2),
                Duration.ofSeconds(30)));
    }

    HttpAzureFulfillment client(AccessTokens tokens, RetryPolicy retries) {
        return new HttpAzureFulfillment(azureProxy.uri(), tokens, retries, pause);
    }

    Purchase buy(String planId, Integer quantity) {
        return azure.subscribe(OFFER, planId, quantity, Identity.withEmail("buyer@example.com"));
    }

    List<RecordingProxy.Seen> marketplaceCalls() {
        return azureProxy.seen();
    }

    long tokenRequests() {
        return entraProxy.seen().stream().filter(seen -> seen.pathAndQuery().endsWith("/oauth2/v2.0/token")).count();
    }

    @Override
    public void close() {
        azureProxy.close();
        entraProxy.close();
        azure.close();
        entra.close();
    }
}
