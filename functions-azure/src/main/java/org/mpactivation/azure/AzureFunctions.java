package org.mpactivation.azure;

import java.time.Clock;
import java.util.Map;
import org.mpactivation.azure.fulfillment.AzureFulfillmentSettings;
import org.mpactivation.azure.fulfillment.EntraClientCredentials;
import org.mpactivation.azure.fulfillment.HttpAzureFulfillment;
import org.mpactivation.azure.metering.HttpAzureMetering;
import org.mpactivation.azure.webhook.EntraWebhookVerifier;
import org.mpactivation.port.out.store.ItemStore;

/**
 * Builds the Azure functions' graph from the app settings: the shared table, the marketplace clients with
 * their client-credentials tokens, the buyer sign-in and the webhook check.
 */
public final class AzureFunctions {

    private AzureFunctions() {
    }

    /** @throws IllegalStateException naming every missing or invalid setting */
    public static AzureGraph fromEnvironment(Map<String, String> env) {
        AzureSettings settings = AzureSettings.from(env);
        AzureFulfillmentSettings api = AzureFulfillmentSettings.from(env);
        Clock clock = Clock.systemUTC();
        ItemStore store = AzureGraph.dynamoDbStore(settings, clock);
        EntraClientCredentials tokens = EntraClientCredentials.forTenant(api.tokenAuthority(), api.tenantId(),
                api.clientId(), api.clientSecret(), clock);
        HttpAzureFulfillment fulfillment = new HttpAzureFulfillment(api.fulfillmentBaseUrl(), tokens);
        HttpAzureMetering metering = new HttpAzureMetering(settings.meteringBaseUrl() != null
                ? settings.meteringBaseUrl() : api.fulfillmentBaseUrl(), tokens);
        return new AzureGraph(settings, store, clock, fulfillment, metering, SignInSetup.fromEnvironment(env),
                settings.webhookAuthOff() ? null : new EntraWebhookVerifier(settings.webhookTokens()),
                AzureGraph.mailerFrom(env));
    }
}
