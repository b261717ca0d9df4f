package org.mpactivation.simulator.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DiscoveryAndKeysTest {

    private final EntraSimulator entra = EntraSimulator.start();
    private final RelyingParty client = new RelyingParty();
    private final String tenant = UUID.randomUUID().toString();

    @AfterEach
    void stop() {
        entra.close();
    }

    @Test
    void givenTenant_thenDiscoveryNamesItsIssuerAndEndpoints() {
        JsonNode document = client.getJson(entra.discoveryUri(tenant));

        String base = entra.endpoint() + "/" + tenant;
        assertEquals(base + "/v2.0", document.get("issuer").asText());
        assertEquals(base + "/oauth2/v2.0/authorize", document.get("authorization_endpoint").asText());
        assertEquals(base + "/oauth2/v2.0/token", document.get("token_endpoint").asText());
        assertEquals(base + "/discovery/v2.0/keys", document.get("jwks_uri").asText());
        assertEquals("code", document.get("response_types_supported").get(0).asText());
        assertEquals("pairwise", document.get("subject_types_supported").get(0).asText());
        assertEquals("RS256", document.get("id_token_signing_alg_values_supported").get(0).asText());
        assertEquals("S256", document.get("code_challenge_methods_supported").get(0).asText());
    }

    @Test
    void listensOnLoopbackOnly() throws Exception {
        assertTrue(InetAddress.getByName(entra.endpoint().getHost()).isLoopbackAddress());
    }

    @Test
    void givenCommonAuthority_thenIssuerIsTenantTemplate() {
        JsonNode document = client.getJson(entra.discoveryUri("common"));

        assertEquals(entra.endpoint() + "/{tenantid}/v2.0", document.get("issuer").asText());
        assertEquals(entra.endpoint() + "/common/oauth2/v2.0/authorize",
                document.get("authorization_endpoint").asText());
    }

    @Test
    void keySetHoldsPublicRsaSigningKeysWithKid() {
        JsonNode keys = client.getJson(entra.keySetUri(tenant)).get("keys");

        assertEquals(1, keys.size());
        JsonNode key = keys.get(0);
        assertEquals("RSA", key.get("kty").asText());
        assertEquals("sig", key.get("use").asText());
        assertEquals(entra.signingKeyId(), key.get("kid").asText());
        assertTrue(key.hasNonNull("n") && key.hasNonNull("e"));
        assertFalse(key.has("d"), "no private part is published");
    }

    @Test
    void unknownPathAndWrongMethodAreRefused() {
        assertEquals(404, client.get(URI.create(entra.endpoint() + "/" + tenant + "/nothing")).statusCode());
        assertEquals(404, client.get(URI.create(entra.endpoint() + "/")).statusCode());
        HttpResponse<String> post = client.postForm(entra.keySetUri(tenant), Map.of());
        assertEquals(405, post.statusCode());
        assertEquals(405, client.get(entra.tokenUri(tenant)).statusCode());
    }
}
