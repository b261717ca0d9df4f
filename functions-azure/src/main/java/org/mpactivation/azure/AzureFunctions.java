package org.mpactivation.azure;

import org.mpactivation.adapter.metrics.LoggedMetrics;
import org.mpactivation.port.out.Metrics;
import java.time.Clock;
import java.time.Duration;
import org.mpactivation.azure.fulfillment.RetryPolicy;
import org.mpactivation.port.out.Pause;
import java.net.URI;
import java.util.ArrayList;
import org.mpactivation.domain.BuyerIdentity;
import org.mpactivation.port.out.BuyerSignIn;
import org.mpactivation.port.out.WebhookAuthenticator;
import org.mpactivation.port.out.azure.AzureMetering;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.mpactivation.port.out.Mailer;
import org.mpactivation.azure.fulfillment.AzureFulfillmentSettings;
import org.mpactivation.azure.fulfillment.EntraClientCredentials;
import org.mpactivation.azure.fulfillment.HttpAzureFulfillment;
import org.mpactivation.azure.metering.HttpAzureMetering;
import org.mpactivation.azure.signin.EntraSignInSettings;
import org.mpactivation.azure.webhook.EntraWebhookVerifier;
import org.mpactivation.port.out.store.ItemStore;

/**
 * Builds the Azure functions' graph from the app settings: the shared table, the marketplace clients with
 * their client-credentials tokens, the buyer sign-in and the webhook check.
 */
public final class AzureFunctions {

    /**
     * The webhook's calls to the Fulfillment API give up after 5 seconds: the marketplace waits 10 for the
     * answer, and redelivers what was not answered.
     */
    public static final RetryPolicy WEBHOOK_RETRIES = new RetryPolicy(3, Duration.ofMillis(100),
            Duration.ofSeconds(1), Duration.ofSeconds(5));


    private AzureFunctions() {
    }

    /** @throws IllegalStateException naming every missing or invalid setting */
    public static AzureGraph fromEnvironment(Map<String, String> env) {
        AzureSettings settings = AzureSettings.from(env);
        Clock clock = Clock.systemUTC();
        return graph(env, AzureGraph.dynamoDbStore(settings, clock), clock, AzureGraph.mailerFrom(env));
    }

    /**
     * The graph on the given store and clock, with every marketplace endpoint, credential and the webhook
     * check taken from the settings (the local run points them at its stand-ins).
     *
     * @throws IllegalStateException naming every missing or invalid setting
     */
    public static AzureGraph graph(Map<String, String> env, ItemStore store, Clock clock, Supplier<Mailer> mailer) {
        return graph(env, store, clock, mailer, new LoggedMetrics("unknown"));
    }

    /** As {@link #graph(Map, ItemStore, Clock, Supplier)}, counting into {@code metrics} (locally: the operator view's). */
    public static AzureGraph graph(Map<String, String> env, ItemStore store, Clock clock, Supplier<Mailer> mailer,
                                   Metrics metrics) {
        List<String> problems = new ArrayList<>();
        AzureSettings settings = read(() -> AzureSettings.from(env), problems);
        AzureFulfillmentSettings api = read(() -> AzureFulfillmentSettings.from(env), problems);
        EntraSignInSettings signIn = read(() -> EntraSignInSettings.from(env), problems);
        if (!problems.isEmpty()) {
            // every missing setting at once, so that one restart is enough to fix them
            throw new IllegalStateException(String.join("; ", problems));
        }
        EntraClientCredentials tokens = EntraClientCredentials.forTenant(api.tokenAuthority(), api.tenantId(),
                api.clientId(), api.clientSecret(), clock);
        HttpAzureFulfillment fulfillment = new HttpAzureFulfillment(api.fulfillmentBaseUrl(), tokens);
        HttpAzureFulfillment webhookFulfillment = new HttpAzureFulfillment(api.fulfillmentBaseUrl(), tokens,
                WEBHOOK_RETRIES, Pause.REAL);
        // the metering client, the sign-in and the webhook check are built by the first call that needs them: the
        // landing page loads neither the metering JSON nor the key-set classes, a worker that only runs the
        // timers or the webhook no sign-in
        AzureGraph.Lazy<AzureMetering> meteringClient = new AzureGraph.Lazy<>(() -> new HttpAzureMetering(
                settings.meteringBaseUrl() != null ? settings.meteringBaseUrl() : api.fulfillmentBaseUrl(), tokens));
        AzureMetering metering = events -> meteringClient.get().batchUsageEvent(events);
        AzureGraph.Lazy<BuyerSignIn> buyerSignIn = new AzureGraph.Lazy<>(() -> signIn.buyerSignIn(clock));
        WebhookAuthenticator webhooks = settings.webhookAuthOff() ? AzureGraph.unauthenticatedWebhooks()
                : onFirstUse(() -> new EntraWebhookVerifier(settings.webhookTokens(), clock));
        return new AzureGraph(settings, store, clock, fulfillment, webhookFulfillment, metering,
                new BuyerSignIn() {
                    @Override
                    public URI authorizationUrl(String state, String nonce, String codeVerifier, URI redirectUri) {
                        return buyerSignIn.get().authorizationUrl(state, nonce, codeVerifier, redirectUri);
                    }

                    @Override
                    public void prepare() {
                        buyerSignIn.get().prepare();
                    }

                    @Override
                    public BuyerIdentity complete(String code, String codeVerifier, String expectedNonce,
                                                  URI redirectUri) {
                        return buyerSignIn.get().complete(code, codeVerifier, expectedNonce, redirectUri);
                    }
                }, webhooks, mailer, metrics);
    }

    private static WebhookAuthenticator onFirstUse(Supplier<WebhookAuthenticator> factory) {
        AzureGraph.Lazy<WebhookAuthenticator> lazy = new AzureGraph.Lazy<>(factory);
        return authorizationHeader -> lazy.get().authenticate(authorizationHeader);
    }

    private static <T> T read(Supplier<T> settings, List<String> problems) {
        try {
            return settings.get();
        } catch (IllegalStateException | IllegalArgumentException missing) {
            problems.add(missing.getMessage());
            return null;
        }
    }
}
