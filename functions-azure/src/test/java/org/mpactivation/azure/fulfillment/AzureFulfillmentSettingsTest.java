package org.mpactivation.azure.fulfillment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpactivation.simulator.azure.Purchase;

class AzureFulfillmentSettingsTest {

    @Test
    void givenNoEndpoints_thenAzureIsTheDefault() {
        AzureFulfillmentSettings settings = AzureFulfillmentSettings.from(Map.of(
                AzureFulfillmentSettings.TENANT_ID, "tenant", AzureFulfillmentSettings.CLIENT_ID, "client",
                AzureFulfillmentSettings.CLIENT_SECRET, "do-not-print"));

        assertEquals("https://marketplaceapi.microsoft.com/api", settings.fulfillmentBaseUrl().toString());
        assertEquals("https://login.microsoftonline.com", settings.tokenAuthority().toString());
        assertFalse(settings.toString().contains("do-not-print"));
    }

    @Test
    void givenMissingCredentials_thenEachIsNamed() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> AzureFulfillmentSettings.from(Map.of(AzureFulfillmentSettings.CLIENT_ID, "client")));

        assertEquals("Azure Marketplace API settings missing: AZURE_MARKETPLACE_TENANT_ID, "
                + "AZURE_MARKETPLACE_CLIENT_SECRET", missing.getMessage());
    }

    @Test
    void givenSimulatorEndpoints_thenTheClientTalksToThem() {
        try (MarketplaceWorld world = new MarketplaceWorld()) {
            Purchase purchase = world.buy("basic", null);
            HttpAzureFulfillment client = AzureFulfillmentSettings.from(Map.of(
                    AzureFulfillmentSettings.FULFILLMENT_BASE_URL, world.azure.baseUri().toString(),
                    AzureFulfillmentSettings.TOKEN_AUTHORITY, world.entra.endpoint().toString(),
                    AzureFulfillmentSettings.TENANT_ID, world.tenantId,
                    AzureFulfillmentSettings.CLIENT_ID, world.clientId,
                    AzureFulfillmentSettings.CLIENT_SECRET, world.secret)).client(world.clock);

            assertEquals(purchase.subscriptionId(), client.resolve(purchase.token()).subscriptionId());
        }
    }
}
