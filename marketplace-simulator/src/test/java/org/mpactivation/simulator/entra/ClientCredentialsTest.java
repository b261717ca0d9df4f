package org.mpactivation.simulator.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientCredentialsTest {

    private static final String RESOURCE = EntraSimulator.MARKETPLACE_APP_ID;

    private final EntraSimulator entra = EntraSimulator.start();
    private final RelyingParty client = new RelyingParty();
    private final String tenant = UUID.randomUUID().toString();
    private final String clientId = UUID.randomUUID().toString();
    private final String secret = "s3cr3t~" + UUID.randomUUID();

    ClientCredentialsTest() {
        entra.registerApp(new RegisteredApp(clientId, secret, List.of()));
    }

    @AfterEach
    void stop() {
        entra.close();
    }

    @Test
    void givenRightSecret_thenV1AccessTokenForTheResource() throws Exception {
        HttpResponse<String> response = requestToken(secret, RESOURCE + "/.default");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = client.readJson(response.body());
        assertEquals("Bearer", body.get("token_type").asText());
        assertEquals(3600, body.get("expires_in").asLong());
        assertEquals("no-store", response.headers().firstValue("Cache-Control").orElseThrow());
        JWTClaimsSet claims = client.verify(body.get("access_token").asText(), entra.keySetUri(tenant), RESOURCE,
                entra.endpoint() + "/" + tenant + "/", Map.of("tid", tenant, "appid", clientId, "ver", "1.0"));
        assertTrue(claims.getClaims().containsKey("oid"));
        assertFalse(claims.getClaims().containsKey("azp"));
    }

    @Test
    void givenResourceTakingV2Tokens_thenAzpAndV2Issuer() throws Exception {
        entra.tokenForm(RESOURCE, TokenForm.V2);

        HttpResponse<String> response = requestToken(secret, RESOURCE + "/.default");

        assertEquals(200, response.statusCode(), response.body());
        client.verify(client.readJson(response.body()).get("access_token").asText(), entra.keySetUri(tenant),
                RESOURCE, entra.endpoint() + "/" + tenant + "/v2.0",
                Map.of("tid", tenant, "azp", clientId, "ver", "2.0"));
    }

    @Test
    void givenMicrosoftIssuers_thenTokensNameEntraHosts() throws Exception {
        try (EntraSimulator azureLike = EntraSimulator.builder().issuers(Issuers.MICROSOFT).start()) {
            azureLike.registerApp(new RegisteredApp(clientId, secret, List.of()));
            HttpResponse<String> response = client.postForm(azureLike.tokenUri(tenant), Map.of(
                    "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret,
                    "scope", RESOURCE + "/.default"));

            client.verify(client.readJson(response.body()).get("access_token").asText(),
                    azureLike.keySetUri(tenant), RESOURCE, "https://sts.windows.net/" + tenant + "/", Map.of());
            assertEquals("https://login.microsoftonline.com/" + tenant + "/v2.0", azureLike.issuers().v2(tenant));
        }
    }

    @Test
    void givenWrongSecret_then401InvalidClientAsEntraAnswers() {
        HttpResponse<String> response = requestToken("wrong", RESOURCE + "/.default");

        assertEquals(401, response.statusCode());
        JsonNode body = client.readJson(response.body());
        assertEquals("invalid_client", body.get("error").asText());
        assertEquals(7000215, body.get("error_codes").get(0).asInt());
        assertTrue(body.get("error_description").asText().startsWith("AADSTS7000215:"));
        assertTrue(body.hasNonNull("trace_id") && body.hasNonNull("correlation_id") && body.hasNonNull("timestamp"));
        assertFalse(response.body().contains(secret));
    }

    @Test
    void givenHttpBasicCredentials_thenTokenIsIssued() {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = client.postForm(entra.tokenUri(tenant),
                Map.of("grant_type", "client_credentials", "scope", RESOURCE + "/.default"), "Basic " + basic);

        assertEquals(200, response.statusCode(), response.body());
    }

    @Test
    void givenUnknownClient_thenUnauthorizedClient() {
        HttpResponse<String> response = client.postForm(entra.tokenUri(tenant), Map.of(
                "grant_type", "client_credentials", "client_id", UUID.randomUUID().toString(),
                "client_secret", secret, "scope", RESOURCE + "/.default"));

        assertEquals(400, response.statusCode());
        assertEquals("unauthorized_client", client.readJson(response.body()).get("error").asText());
    }

    @Test
    void givenScopeWithoutDefaultSuffix_thenInvalidScope() {
        HttpResponse<String> response = requestToken(secret, RESOURCE);

        assertEquals(400, response.statusCode());
        assertEquals("invalid_scope", client.readJson(response.body()).get("error").asText());
    }

    @Test
    void givenCommonAuthorityOrMissingGrantType_thenInvalidRequest() {
        HttpResponse<String> common = client.postForm(entra.tokenUri("common"), Map.of(
                "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret,
                "scope", RESOURCE + "/.default"));
        HttpResponse<String> noGrant = client.postForm(entra.tokenUri(tenant),
                Map.of("client_id", clientId, "client_secret", secret));
        HttpResponse<String> unknownGrant = client.postForm(entra.tokenUri(tenant),
                Map.of("grant_type", "password", "client_id", clientId, "client_secret", secret));

        assertEquals("invalid_request", client.readJson(common.body()).get("error").asText());
        assertEquals("invalid_request", client.readJson(noGrant.body()).get("error").asText());
        assertEquals("unsupported_grant_type", client.readJson(unknownGrant.body()).get("error").asText());
    }

    private HttpResponse<String> requestToken(String clientSecret, String scope) {
        return client.postForm(entra.tokenUri(tenant), Map.of("grant_type", "client_credentials",
                "client_id", clientId, "client_secret", clientSecret, "scope", scope));
    }
}
