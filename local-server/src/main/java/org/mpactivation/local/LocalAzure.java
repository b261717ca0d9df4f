package org.mpactivation.local;

import org.mpactivation.port.out.Metrics;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.mpactivation.azure.AzureFunctions;
import org.mpactivation.azure.AzureGraph;
import org.mpactivation.azure.AzureSettings;
import org.mpactivation.azure.signin.EntraSignInSettings;
import org.mpactivation.azure.fulfillment.AzureFulfillmentSettings;
import org.mpactivation.port.out.Mailer;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.simulator.azure.AzureMarketplaceSimulator;
import org.mpactivation.simulator.entra.EntraSimulator;
import org.mpactivation.simulator.entra.RegisteredApp;
import org.mpactivation.web.AzureLandingRoute;

/**
 * The Azure half of the local run: the Azure functions' graph on the local store and clock, talking to
 * whatever the settings name. Without {@code AZURE_FULFILLMENT_BASE_URL} they talk to an Azure Marketplace
 * simulator and an Entra ID stand-in started here, with the publisher's app registrations made up for the
 * run; with it, every Azure setting must be given (see the README) and nothing is simulated.
 */
final class LocalAzure implements AutoCloseable {

    /** The publisher's directory in the local run (the webhook tokens' {@code tid}). */
    static final String LOCAL_PUBLISHER_TENANT = "0c0ffee0-0000-4000-8000-00000000a2a1";

    private final AzureGraph graph;
    private final AzureMarketplaceSimulator marketplace;
    private final EntraSimulator entra;
    private final String apiClientId;
    private final List<String> description = new ArrayList<>();

    private LocalAzure(AzureGraph graph, AzureMarketplaceSimulator marketplace, EntraSimulator entra,
                       String apiClientId) {
        this.graph = graph;
        this.marketplace = marketplace;
        this.entra = entra;
        this.apiClientId = apiClientId;
    }

    /**
     * @param functionEnvironment the settings the functions see (the process environment with local defaults)
     * @param base                where browsers reach the local server
     * @throws IllegalStateException naming the Azure settings that are missing when not simulated
     */
    static LocalAzure start(Map<String, String> functionEnvironment, URI base, Clock clock, ItemStore store,
                            Mailer mailer) {
        return start(functionEnvironment, base, clock, store, mailer, Metrics.NONE);
    }

    /** @param metrics where the Azure functions count (the operator view's registry) */
    static LocalAzure start(Map<String, String> functionEnvironment, URI base, Clock clock, ItemStore store,
                            Mailer mailer, Metrics metrics) {
        Map<String, String> env = new HashMap<>(functionEnvironment);
        env.putIfAbsent(AzureSettings.PUBLIC_BASE_URL, base.toString());
        env.put(AzureSettings.LOCAL_PLAIN_HTTP, "true");
        boolean simulated = blank(env.get(AzureFulfillmentSettings.FULFILLMENT_BASE_URL));
        if (!simulated) {
            LocalAzure real = new LocalAzure(AzureFunctions.graph(env, store, clock, () -> mailer, metrics), null, null,
                    env.get(AzureFulfillmentSettings.CLIENT_ID));
            real.describeReal(env);
            return real;
        }
        EntraSimulator entra = EntraSimulator.builder().clock(clock).start();
        AzureMarketplaceSimulator marketplace;
        try {
            marketplace = AzureMarketplaceSimulator.builder().clock(clock)
                    .acceptedTokens(token -> entra.issuedFor(EntraSimulator.MARKETPLACE_APP_ID, token)).start();
        } catch (RuntimeException e) {
            entra.close();
            throw e;
        }
        String apiClient = UUID.randomUUID().toString();
        String apiSecret = UUID.randomUUID().toString();
        String signInClient = UUID.randomUUID().toString();
        String signInSecret = UUID.randomUUID().toString();
        entra.registerApp(new RegisteredApp(apiClient, apiSecret, List.of()));
        entra.registerApp(new RegisteredApp(signInClient, signInSecret,
                List.of(URI.create(env.get(AzureSettings.PUBLIC_BASE_URL)).resolve(AzureLandingRoute.CALLBACK).toString())));
        env.put(AzureFulfillmentSettings.FULFILLMENT_BASE_URL, marketplace.baseUri().toString());
        env.put(AzureSettings.METERING_BASE_URL, marketplace.baseUri().toString());
        env.put(AzureFulfillmentSettings.TOKEN_AUTHORITY, entra.endpoint().toString());
        env.put(AzureFulfillmentSettings.TENANT_ID, LOCAL_PUBLISHER_TENANT);
        env.put(AzureFulfillmentSettings.CLIENT_ID, apiClient);
        env.put(AzureFulfillmentSettings.CLIENT_SECRET, apiSecret);
        env.put(EntraSignInSettings.AUTHORITY, entra.authority("organizations").toString());
        env.put(EntraSignInSettings.CLIENT_ID, signInClient);
        env.put(EntraSignInSettings.CLIENT_SECRET, signInSecret);
        env.put(AzureSettings.WEBHOOK_TENANT_ID, LOCAL_PUBLISHER_TENANT);
        env.put(AzureSettings.WEBHOOK_AUDIENCE, apiClient);
        env.put(AzureSettings.WEBHOOK_KEY_SET_URL, entra.keySetUri(LOCAL_PUBLISHER_TENANT).toString());
        env.put(AzureSettings.WEBHOOK_ISSUER_V1, entra.issuers().v1Authority());
        env.put(AzureSettings.WEBHOOK_ISSUER_V2, entra.issuers().v2Authority());
        try {
            LocalAzure local = new LocalAzure(AzureFunctions.graph(env, store, clock, () -> mailer, metrics), marketplace,
                    entra, apiClient);
            local.describeSimulated(base);
            return local;
        } catch (RuntimeException e) {
            marketplace.close();
            entra.close();
            throw e;
        }
    }

    AzureGraph graph() {
        return graph;
    }

    Optional<AzureMarketplaceSimulator> marketplace() {
        return Optional.ofNullable(marketplace);
    }

    Optional<EntraSimulator> entra() {
        return Optional.ofNullable(entra);
    }

    /** The application the marketplace's webhook tokens are issued for (ours). */
    String apiClientId() {
        return apiClientId;
    }

    /** What the start-up banner says about Azure: which endpoints the functions talk to. */
    List<String> description() {
        return description;
    }

    private void describeSimulated(URI base) {
        description.add("Azure Marketplace: simulated at " + base.resolve("/simulator/azure")
                + " (SaaS Fulfillment and Metering API at " + marketplace.baseUri() + ")");
        description.add("Microsoft Entra ID: local stand-in at " + entra.endpoint()
                + " (buyer sign-in, client credentials, webhook tokens)");
        if (graph.settings().webhookAuthOff()) {
            description.add("Azure webhook authentication: OFF (" + AzureSettings.WEBHOOK_AUTH + "=off)");
        }
    }

    private void describeReal(Map<String, String> env) {
        description.add("Azure Marketplace: " + env.get(AzureFulfillmentSettings.FULFILLMENT_BASE_URL)
                + " (metering: " + Optional.ofNullable(graph.settings().meteringBaseUrl()).map(URI::toString)
                .orElse("same base") + ")");
        description.add("Microsoft Entra ID: tokens from " + env.getOrDefault(AzureFulfillmentSettings.TOKEN_AUTHORITY,
                "https://login.microsoftonline.com") + ", buyer sign-in at "
                + env.getOrDefault(EntraSignInSettings.AUTHORITY, "https://login.microsoftonline.com/organizations/v2.0"));
        description.add(graph.settings().webhookAuthOff()
                ? "Azure webhook authentication: OFF (" + AzureSettings.WEBHOOK_AUTH + "=off)"
                : "Azure webhook tokens checked against " + graph.settings().webhookTokens().keySetUri());
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    @Override
    public void close() {
        if (marketplace != null) {
            marketplace.close();
        }
        if (entra != null) {
            entra.close();
        }
    }
}
