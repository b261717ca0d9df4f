package org.mpactivation.azure.e2e;

import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.store.DynamoDbItemStore;
import org.mpactivation.adapter.store.DynamoDbTestClients;
import org.mpactivation.application.CapturingMailer;
import org.mpactivation.azure.AzureGraph;
import org.mpactivation.azure.AzureSettings;
import org.mpactivation.azure.fulfillment.EntraClientCredentials;
import org.mpactivation.azure.fulfillment.HttpAzureFulfillment;
import org.mpactivation.azure.fulfillment.RetryPolicy;
import org.mpactivation.azure.local.AzureFunctionsHost;
import org.mpactivation.azure.metering.HttpAzureMetering;
import org.mpactivation.azure.signin.EntraSignInSettings;
import org.mpactivation.azure.webhook.EntraWebhookVerifier;
import org.mpactivation.azure.webhook.WebhookTokenSettings;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.simulator.azure.AzureMarketplaceSimulator;
import org.mpactivation.simulator.azure.AzureOffer;
import org.mpactivation.simulator.azure.AzurePlan;
import org.mpactivation.simulator.azure.Identity;
import org.mpactivation.simulator.azure.MovableClock;
import org.mpactivation.simulator.azure.Purchase;
import org.mpactivation.simulator.entra.DirectoryUser;
import org.mpactivation.simulator.entra.EntraSimulator;
import org.mpactivation.simulator.entra.Issuers;
import org.mpactivation.simulator.entra.RegisteredApp;
import org.mpactivation.simulator.entra.TokenForm;
import org.mpactivation.testkit.Browser;

/**
 * The Azure functions as deployed, on a JDK HTTP server behind the same translation the Functions host
 * does, against dynalite, the Azure Marketplace simulator over HTTP and the Entra stand-in (client
 * credentials, the buyer's sign-in page, webhook tokens), all on one movable clock.
 */
final class AzureWorld implements AutoCloseable {

    static final Instant START = Instant.parse("2026-03-02T10:20:30Z");
    static final String OFFER = "contoso-saas";
    static final String PUBLISHER_TENANT = "9a1b2c3d-0000-4000-8000-00000000aaaa";
    static final String BUYER_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    final MovableClock clock = new MovableClock(START);
    final EntraSimulator entra = EntraSimulator.builder().clock(clock).issuers(Issuers.MICROSOFT).start();
    final AzureMarketplaceSimulator azure;
    final String apiClientId = UUID.randomUUID().toString();
    final String signInClientId = UUID.randomUUID().toString();
    final DirectoryUser buyer = new DirectoryUser(BUYER_TENANT, UUID.randomUUID().toString(),
            "ada@contoso.example", "Ada Buyer");
    final CapturingMailer mailer = new CapturingMailer();
    final ItemStore store;
    final SubscriptionRepository subscriptions;
    final AuditTrail audit;
    final AzureGraph graph;
    private final HttpServer http;
    final URI base;
    /** The client secrets and the session key, for the checks that no log line holds them. */
    final String apiSecret;
    final String signInSecret;
    final String sessionSecret = secret();

    AzureWorld(AwsJsonClient dynamoDb) {
        azure = AzureMarketplaceSimulator.builder().clock(clock)
                .acceptedTokens(token -> entra.issuedFor(EntraSimulator.MARKETPLACE_APP_ID, token)).start();
        azure.createOffer(new AzureOffer("contoso", OFFER, List.of(
                AzurePlan.flatRate("basic", "requests"),
                AzurePlan.perSeat("team", "requests"),
                AzurePlan.perSeat("team-plus", "requests"))));
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        base = URI.create("http://127.0.0.1:" + http.getAddress().getPort());
        apiSecret = "api-" + UUID.randomUUID();
        signInSecret = "signin-" + UUID.randomUUID();
        entra.registerApp(new RegisteredApp(apiClientId, apiSecret, List.of()));
        entra.registerApp(new RegisteredApp(signInClientId, signInSecret,
                List.of(base.resolve("/azure/signin/callback").toString())));
        entra.addUser(buyer);

        String table = DynamoDbTestClients.newTable(dynamoDb, "azure-e2e");
        store = new DynamoDbItemStore(dynamoDb, table, clock);
        subscriptions = new SubscriptionRepository(store);
        audit = new AuditTrail(store);

        Map<String, String> env = new HashMap<>();
        env.put(AzureSettings.TABLE_NAME, table);
        env.put(AzureSettings.SESSION_SECRET, sessionSecret);
        env.put(AzureSettings.PUBLIC_BASE_URL, base.toString());
        env.put(AzureSettings.LOCAL_PLAIN_HTTP, "true");
        env.put(AzureSettings.METERING_DIMENSIONS, "{\"api_calls\":\"requests\"}");
        env.put(AzureSettings.WEBHOOK_TENANT_ID, PUBLISHER_TENANT);
        env.put(AzureSettings.WEBHOOK_AUDIENCE, apiClientId);
        env.put(AzureSettings.WEBHOOK_KEY_SET_URL, entra.keySetUri(PUBLISHER_TENANT).toString());
        env.put(EntraSignInSettings.AUTHORITY, entra.authority("organizations").toString());
        env.put(EntraSignInSettings.CLIENT_ID, signInClientId);
        env.put(EntraSignInSettings.CLIENT_SECRET, signInSecret);
        AzureSettings settings = AzureSettings.from(env);
        EntraClientCredentials tokens = EntraClientCredentials.forTenant(entra.endpoint(), PUBLISHER_TENANT,
                apiClientId, apiSecret, clock);
        RetryPolicy quick = new RetryPolicy(2, Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(2));
        graph = new AzureGraph(settings, store, clock,
                new HttpAzureFulfillment(azure.baseUri(), tokens, quick, Pause.REAL),
                new HttpAzureFulfillment(azure.baseUri(), tokens, quick, Pause.REAL),
                new HttpAzureMetering(azure.baseUri(), tokens, quick, Pause.REAL),
                EntraSignInSettings.from(env).buyerSignIn(clock),
                new EntraWebhookVerifier(settings.webhookTokens(), clock,
                        new DefaultResourceRetriever(2_000, 2_000, 64 * 1024)),
                () -> mailer);
        AzureFunctionsHost host = AzureFunctionsHost.of(graph);
        http.createContext("/", exchange -> {
            try (exchange) {
                host.serve(exchange, exchange.getRequestBody().readAllBytes());
            }
        });
        http.start();
    }

    Purchase buy(String plan, Integer seats) {
        return azure.subscribe(OFFER, plan, seats, new Identity(buyer.email(), buyer.objectId(), buyer.tenantId(),
                "1003" + buyer.objectId().substring(0, 8)));
    }

    Browser browser() {
        return new Browser(base);
    }

    MarketplaceSubscription stored(String saasId) {
        return subscriptions.find(SubscriptionId.azure(saasId)).orElseThrow();
    }

    /** Delivers the marketplace's webhook for the operation, signed as the marketplace's calls are. */
    HttpResponse<String> deliver(String operationId) {
        String token = entra.marketplaceWebhookToken(apiClientId, PUBLISHER_TENANT, TokenForm.V2);
        return post("/azure/webhook", "Bearer " + token, azure.webhookPayload(operationId).toString());
    }

    HttpResponse<String> post(String path, String authorization, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String secret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    @Override
    public void close() {
        http.stop(0);
        azure.close();
        entra.close();
    }
}
