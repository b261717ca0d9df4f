package org.mpactivation.simulator.entra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.simulator.azure.MovableClock;

class AuthorizationCodeFlowTest {

    private static final String REDIRECT = "http://127.0.0.1:9/azure/signin";

    private final MovableClock clock = new MovableClock(Instant.now());
    private final EntraSimulator entra = EntraSimulator.builder().clock(clock).start();
    private final RelyingParty client = new RelyingParty();
    private final String clientId = UUID.randomUUID().toString();
    private final String secret = UUID.randomUUID().toString();
    private final String contoso = UUID.randomUUID().toString();
    private final String fabrikam = UUID.randomUUID().toString();
    private final DirectoryUser alice = new DirectoryUser(contoso, UUID.randomUUID().toString(),
            "alice@contoso.example", "Alice <b>Admin</b>");
    private final DirectoryUser bob = new DirectoryUser(fabrikam, UUID.randomUUID().toString(),
            "bob@fabrikam.example", "Bob");
    private final String verifier = randomVerifier();

    AuthorizationCodeFlowTest() {
        entra.registerApp(new RegisteredApp(clientId, secret, List.of(REDIRECT)));
        entra.addUser(alice);
        entra.addUser(bob);
    }

    @AfterEach
    void stop() {
        entra.close();
    }

    @Test
    void givenSignInWithPkce_thenIdTokenNamesTheUserAndStateIsEchoed() throws Exception {
        Map<String, String> callback = RelyingParty.redirectParameters(
                client.signIn(authorizationRequest("common", REDIRECT, "state-1", "nonce-1"), bob.objectId()));

        assertEquals("state-1", callback.get("state"));
        JsonNode tokens = redeem(callback.get("code"), verifier, REDIRECT);
        assertEquals("Bearer", tokens.get("token_type").asText());
        JWTClaimsSet idToken = client.verify(tokens.get("id_token").asText(), entra.keySetUri("common"), clientId,
                entra.issuers().v2(fabrikam), Map.of("nonce", "nonce-1", "tid", fabrikam, "oid", bob.objectId(),
                        "email", bob.email(), "preferred_username", bob.email(), "name", bob.name()));
        assertNotEquals(bob.objectId(), idToken.getSubject(), "sub is pairwise, not the object id");
        JWTClaimsSet accessToken = client.verify(tokens.get("access_token").asText(), entra.keySetUri("common"),
                clientId, entra.issuers().v2(fabrikam), Map.of("azp", clientId, "oid", bob.objectId()));
        assertFalse(accessToken.getClaims().containsKey("nonce"));
    }

    @Test
    void givenNextIdTokenSpoilt_thenThatRedemptionCarriesTheDefectAndTheNextIsGood() throws Exception {
        entra.spoilNextIdToken(TokenDefect.ISSUER_OF_ANOTHER_TENANT);

        JWTClaimsSet spoilt = SignedJWT.parse(redeem(codeFor(alice), verifier, REDIRECT).get("id_token").asText())
                .getJWTClaimsSet();
        assertEquals(contoso, spoilt.getStringClaim("tid"));
        assertNotEquals(entra.issuers().v2(contoso), spoilt.getIssuer());
        assertEquals(List.of(clientId), spoilt.getAudience());
        assertEquals("n", spoilt.getStringClaim("nonce"));

        JWTClaimsSet good = SignedJWT.parse(redeem(codeFor(alice), verifier, REDIRECT).get("id_token").asText())
                .getJWTClaimsSet();
        assertEquals(entra.issuers().v2(contoso), good.getIssuer());
    }

    @Test
    void givenExpiredIdTokenOrdered_thenItsExpiryHasPassedOnTheProvidersClock() throws Exception {
        entra.spoilNextIdToken(TokenDefect.EXPIRED);

        JWTClaimsSet spoilt = SignedJWT.parse(redeem(codeFor(bob), verifier, REDIRECT).get("id_token").asText())
                .getJWTClaimsSet();

        assertTrue(spoilt.getExpirationTime().toInstant().isBefore(clock.instant()));
        assertEquals(bob.objectId(), spoilt.getStringClaim("oid"));
    }

    @Test
    void givenSpoiltIdTokenOrderedButCodeRefused_thenTheDefectWaitsForAGoodRedemption() throws Exception {
        entra.spoilNextIdToken(TokenDefect.WRONG_AUDIENCE);
        assertEquals(400, redeemRaw(codeFor(alice), randomVerifier(), REDIRECT).statusCode());

        JWTClaimsSet spoilt = SignedJWT.parse(redeem(codeFor(alice), verifier, REDIRECT).get("id_token").asText())
                .getJWTClaimsSet();

        assertNotEquals(List.of(clientId), spoilt.getAudience());
    }

    @Test
    void givenWrongClientSecretAtRedemption_then401AndTheCodeStaysRedeemable() {
        String code = codeFor(alice);

        HttpResponse<String> response = client.postForm(entra.tokenUri("common"), Map.of(
                "grant_type", "authorization_code", "client_id", clientId, "client_secret", "wrong",
                "code", code, "redirect_uri", REDIRECT, "code_verifier", verifier));

        assertEquals(401, response.statusCode());
        assertEquals("invalid_client", client.readJson(response.body()).get("error").asText());
        assertEquals(200, redeemRaw(code, verifier, REDIRECT).statusCode(), "client authentication comes first");
    }

    @Test
    void givenCommonAuthority_thenUsersOfEveryTenantAreOfferedAndEscaped() {
        String page = client.get(authorizationRequest("common", REDIRECT, "s", "n")).body();

        assertTrue(page.contains("bob@fabrikam.example"));
        assertTrue(page.contains("Alice &lt;b&gt;Admin&lt;/b&gt;"));
        assertFalse(page.contains("<b>"));
        assertFalse(page.contains("<script"));
    }

    @Test
    void givenTenantAuthority_thenOnlyItsUsersMaySignIn() {
        URI request = authorizationRequest(contoso, REDIRECT, "s", "n");
        String page = client.get(request).body();

        assertTrue(page.contains("alice@contoso.example"));
        assertFalse(page.contains("bob@fabrikam.example"));
        HttpResponse<String> outsider = client.signIn(request, bob.objectId());
        assertEquals(400, outsider.statusCode());
        assertTrue(outsider.headers().firstValue("Location").isEmpty());
    }

    @Test
    void givenWrongVerifier_thenInvalidGrant() {
        String code = codeFor(alice);

        HttpResponse<String> response = redeemRaw(code, randomVerifier(), REDIRECT);

        assertEquals(400, response.statusCode());
        assertEquals("invalid_grant", client.readJson(response.body()).get("error").asText());
    }

    @Test
    void givenCodeRedeemedTwice_thenSecondIsRefused() {
        String code = codeFor(alice);
        assertEquals(200, redeemRaw(code, verifier, REDIRECT).statusCode());

        HttpResponse<String> again = redeemRaw(code, verifier, REDIRECT);

        assertEquals(400, again.statusCode());
        JsonNode body = client.readJson(again.body());
        assertEquals("invalid_grant", body.get("error").asText());
        assertEquals(54005, body.get("error_codes").get(0).asInt());
    }

    @Test
    void givenCodeOlderThanItsLifetime_thenRefused() {
        String code = codeFor(alice);
        clock.advance(EntraSimulator.DEFAULT_CODE_LIFETIME.plus(Duration.ofSeconds(1)));

        HttpResponse<String> response = redeemRaw(code, verifier, REDIRECT);

        assertEquals(400, response.statusCode());
        assertEquals(70008, client.readJson(response.body()).get("error_codes").get(0).asInt());
    }

    @Test
    void givenOtherRedirectAtRedemption_thenInvalidGrant() {
        String code = codeFor(alice);

        HttpResponse<String> response = redeemRaw(code, verifier, REDIRECT + "/other");

        assertEquals("invalid_grant", client.readJson(response.body()).get("error").asText());
    }

    @Test
    void givenUnregisteredRedirect_thenErrorPageAndNoRedirect() {
        HttpResponse<String> response = client.get(authorizationRequest("common", "http://evil.example/cb", "s", "n"));

        assertEquals(400, response.statusCode());
        assertTrue(response.headers().firstValue("Location").isEmpty());
        assertTrue(response.body().contains("AADSTS50011"));
    }

    @Test
    void givenUnknownClient_thenErrorPage() {
        URI request = URI.create(authorizationRequest("common", REDIRECT, "s", "n").toString()
                .replace(clientId, UUID.randomUUID().toString()));

        HttpResponse<String> response = client.get(request);

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("AADSTS700016"));
    }

    @Test
    void givenNoPkceChallenge_thenErrorSentBackWithState() {
        Map<String, String> query = authorizationQuery(REDIRECT, "state-9", "n");
        query.remove("code_challenge");

        HttpResponse<String> response = client.get(URI.create(
                HttpMessages.withQuery(entra.authorizationUri("common").toString(), query)));

        assertEquals(302, response.statusCode());
        Map<String, String> callback = RelyingParty.redirectParameters(response);
        assertEquals("invalid_request", callback.get("error"));
        assertEquals("state-9", callback.get("state"));
        assertFalse(callback.containsKey("code"));
    }

    @Test
    void givenSignInFormPostedTwiceOrForged_thenRefused() {
        URI request = authorizationRequest("common", REDIRECT, "s", "n");
        String signInId = RelyingParty.signInId(client.get(request).body());
        URI action = entra.authorizationUri("common");
        assertEquals(302, client.postForm(action, Map.of("sign_in", signInId, "account", alice.objectId()))
                .statusCode());

        assertEquals(400, client.postForm(action, Map.of("sign_in", signInId, "account", alice.objectId()))
                .statusCode());
        assertEquals(400, client.postForm(action, Map.of("sign_in", "forged", "account", alice.objectId()))
                .statusCode());
    }

    @Test
    void givenCancel_thenAccessDeniedWithState() {
        URI request = authorizationRequest("common", REDIRECT, "state-c", "n");
        String signInId = RelyingParty.signInId(client.get(request).body());

        Map<String, String> callback = RelyingParty.redirectParameters(
                client.postForm(entra.authorizationUri("common"), Map.of("sign_in", signInId, "cancel", "1")));

        assertEquals("access_denied", callback.get("error"));
        assertEquals("state-c", callback.get("state"));
    }

    @Test
    void signInPageForbidsScriptsAndFraming() {
        HttpResponse<String> page = client.get(authorizationRequest("common", REDIRECT, "s", "n"));

        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(policy.contains("default-src 'none'") && policy.contains("frame-ancestors 'none'"));
        assertEquals("DENY", page.headers().firstValue("X-Frame-Options").orElseThrow());
    }

    private String codeFor(DirectoryUser user) {
        return RelyingParty.redirectParameters(
                client.signIn(authorizationRequest("common", REDIRECT, "s", "n"), user.objectId())).get("code");
    }

    private JsonNode redeem(String code, String codeVerifier, String redirectUri) {
        HttpResponse<String> response = redeemRaw(code, codeVerifier, redirectUri);
        assertEquals(200, response.statusCode(), response.body());
        return client.readJson(response.body());
    }

    private HttpResponse<String> redeemRaw(String code, String codeVerifier, String redirectUri) {
        return client.postForm(entra.tokenUri("common"), Map.of("grant_type", "authorization_code",
                "client_id", clientId, "client_secret", secret, "code", code, "redirect_uri", redirectUri,
                "code_verifier", codeVerifier));
    }

    private URI authorizationRequest(String authority, String redirectUri, String state, String nonce) {
        return URI.create(HttpMessages.withQuery(entra.authorizationUri(authority).toString(),
                authorizationQuery(redirectUri, state, nonce)));
    }

    private Map<String, String> authorizationQuery(String redirectUri, String state, String nonce) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", clientId);
        query.put("response_type", "code");
        query.put("redirect_uri", redirectUri);
        query.put("scope", "openid profile email");
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", TokenEndpoint.s256(verifier));
        query.put("code_challenge_method", "S256");
        return query;
    }

    private static String randomVerifier() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
