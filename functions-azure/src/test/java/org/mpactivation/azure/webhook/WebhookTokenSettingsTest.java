package org.mpactivation.azure.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class WebhookTokenSettingsTest {

    private static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";

    @Test
    void givenTenant_thenEntraDefaultsOfTheGlobalCloud() {
        WebhookTokenSettings settings = WebhookTokenSettings.forTenant(TENANT, "our-app");

        assertEquals(URI.create("https://login.microsoftonline.com/" + TENANT + "/discovery/v2.0/keys"),
                settings.keySetUri());
        assertEquals("https://sts.windows.net/" + TENANT + "/", settings.v1Issuer());
        assertEquals("https://login.microsoftonline.com/" + TENANT + "/v2.0", settings.v2Issuer());
        assertEquals("20e940b3-4c77-4b0b-9a53-9e16a1b010a7", settings.marketplaceAppId());
    }

    @Test
    void givenAuthoritiesWithTrailingSlash_thenIssuersAreWrittenOnce() {
        WebhookTokenSettings settings = WebhookTokenSettings.forTenant(TENANT, "our-app")
                .withIssuerAuthorities("http://127.0.0.1:8081/", "http://127.0.0.1:8081/");

        assertEquals("http://127.0.0.1:8081/" + TENANT + "/", settings.v1Issuer());
        assertEquals("http://127.0.0.1:8081/" + TENANT + "/v2.0", settings.v2Issuer());
    }

    @Test
    void givenMissingOrOddValues_thenRefusedAtStartUp() {
        assertThrows(IllegalArgumentException.class, () -> WebhookTokenSettings.forTenant(" ", "our-app"));
        assertThrows(IllegalArgumentException.class, () -> WebhookTokenSettings.forTenant(TENANT, null));
        WebhookTokenSettings settings = WebhookTokenSettings.forTenant(TENANT, "our-app");
        assertThrows(IllegalArgumentException.class, () -> settings.withKeySetUri(URI.create("file:///keys.json")));
        assertThrows(IllegalArgumentException.class, () -> settings.withMarketplaceAppId(""));
        assertThrows(IllegalArgumentException.class,
                () -> settings.withKeySetTimings(Duration.ZERO, Duration.ofSeconds(30)));
    }
}
