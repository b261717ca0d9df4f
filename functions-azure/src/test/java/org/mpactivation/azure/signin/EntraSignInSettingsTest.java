package org.mpactivation.azure.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EntraSignInSettingsTest {

    private static final String CONTOSO = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String FABRIKAM = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";

    @Test
    void givenClientOnly_thenMultiTenantEntraAuthorityAndEveryTenantAdmitted() {
        EntraSignInSettings settings = EntraSignInSettings.from(Map.of(
                EntraSignInSettings.CLIENT_ID, "our-app", EntraSignInSettings.CLIENT_SECRET, "s3cret"));

        assertEquals(URI.create("https://login.microsoftonline.com/organizations/v2.0"), settings.authority());
        assertEquals(URI.create(
                "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration"),
                settings.discoveryUri());
        assertTrue(settings.admits(CONTOSO));
        assertTrue(settings.allowedTenants().isEmpty());
    }

    @Test
    void givenMissingClient_thenEveryMissingSettingIsNamed() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> EntraSignInSettings.from(Map.of(EntraSignInSettings.CLIENT_SECRET, " ")));

        assertTrue(missing.getMessage().contains("AZURE_SIGNIN_CLIENT_ID"));
        assertTrue(missing.getMessage().contains("AZURE_SIGNIN_CLIENT_SECRET"));
    }

    @Test
    void givenAllowList_thenOnlyItsTenantsWhateverTheCaseOrSeparator() {
        EntraSignInSettings settings = EntraSignInSettings.from(Map.of(
                EntraSignInSettings.CLIENT_ID, "our-app", EntraSignInSettings.CLIENT_SECRET, "s3cret",
                EntraSignInSettings.ALLOWED_TENANTS, " " + CONTOSO.toUpperCase() + ", " + FABRIKAM + " ",
                EntraSignInSettings.AUTHORITY, "http://127.0.0.1:8081/common/v2.0/"));

        assertEquals(Set.of(CONTOSO, FABRIKAM), settings.allowedTenants());
        assertTrue(settings.admits(CONTOSO));
        assertFalse(settings.admits("9188040d-6c67-4c5b-b112-36a304b66dad"));
        assertFalse(settings.admits(null));
        assertEquals(URI.create("http://127.0.0.1:8081/common/v2.0/.well-known/openid-configuration"),
                settings.discoveryUri());
    }

    @Test
    void givenAuthorityThatIsNoHttpUrl_thenRefusedByName() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> EntraSignInSettings.from(Map.of(
                EntraSignInSettings.CLIENT_ID, "our-app", EntraSignInSettings.CLIENT_SECRET, "s3cret",
                EntraSignInSettings.AUTHORITY, "file:///etc/openid-configuration")));

        assertEquals("AZURE_SIGNIN_AUTHORITY must be an http(s) URL", refused.getMessage());
    }

    @Test
    void toStringHidesTheSecret() {
        EntraSignInSettings settings = EntraSignInSettings.of(EntraSignInSettings.DEFAULT_AUTHORITY, "our-app",
                "s3cret-value");

        assertFalse(settings.toString().contains("s3cret-value"));
        assertTrue(settings.toString().contains("our-app"));
    }

    @Test
    void givenOddTimings_thenRefusedAtStartUp() {
        EntraSignInSettings settings = EntraSignInSettings.of(EntraSignInSettings.DEFAULT_AUTHORITY, "our-app", "s");

        assertThrows(IllegalArgumentException.class,
                () -> settings.withKeySetTimings(Duration.ZERO, Duration.ofSeconds(30)));
        assertThrows(IllegalArgumentException.class, () -> settings.withAllowedTenants(Set.of(" ")));
    }
}
