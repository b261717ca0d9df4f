package org.mpactivation.azure.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mpactivation.port.out.WebhookCaller;
import org.mpactivation.port.out.WebhookRejectedException;
import org.mpactivation.port.out.WebhookRejectedException.Reason;
import org.mpactivation.simulator.azure.MovableClock;
import org.mpactivation.simulator.entra.EntraSimulator;
import org.mpactivation.simulator.entra.Issuers;
import org.mpactivation.simulator.entra.TokenDefect;
import org.mpactivation.simulator.entra.TokenForm;

/** Webhook tokens minted by the Entra stand-in, checked over HTTP against its published key set. */
class EntraWebhookVerifierTest {

    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String OUR_APP = "5b1d3f2a-9c4e-4a8b-b6d7-0e1f2a3b4c5d";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-02T10:00:00Z"));
    private EntraSimulator entra;
    private EntraWebhookVerifier verifier;

    @BeforeEach
    void start() {
        entra = EntraSimulator.builder().clock(clock).issuers(Issuers.MICROSOFT).start();
        WebhookTokenSettings settings = WebhookTokenSettings.forTenant(TENANT, OUR_APP)
                .withKeySetUri(entra.keySetUri(TENANT));
        verifier = new EntraWebhookVerifier(settings, clock, new CountingKeySetRetriever());
    }

    @AfterEach
    void stop() {
        entra.close();
    }

    @ParameterizedTest
    @EnumSource(TokenForm.class)
    void givenMarketplaceToken_thenCallerIsTheMarketplaceInOurTenant(TokenForm form) {
        WebhookCaller caller = verifier.authenticate(bearer(entra.marketplaceWebhookToken(OUR_APP, TENANT, form)));

        assertEquals(TENANT, caller.tenantId());
        assertEquals(WebhookTokenSettings.MARKETPLACE_APP_ID, caller.applicationId());
        assertFalse(caller.subject().isBlank());
    }

    @Test
    void givenLowerCaseScheme_thenAccepted() {
        String token = entra.marketplaceWebhookToken(OUR_APP, TENANT, TokenForm.V2);

        assertEquals(TENANT, verifier.authenticate("bearer " + token).tenantId());
    }

    @ParameterizedTest
    @EnumSource(TokenForm.class)
    void givenDefectiveToken_thenRefusedWithItsReason(TokenForm form) {
        Map<TokenDefect, Reason> expected = Map.of(
                TokenDefect.EXPIRED, Reason.EXPIRED,
                TokenDefect.NOT_YET_VALID, Reason.NOT_YET_VALID,
                TokenDefect.WRONG_AUDIENCE, Reason.WRONG_AUDIENCE,
                TokenDefect.WRONG_TENANT, Reason.WRONG_TENANT,
                TokenDefect.ISSUER_OF_ANOTHER_TENANT, Reason.WRONG_ISSUER,
                TokenDefect.WRONG_APPLICATION, Reason.WRONG_APPLICATION,
                TokenDefect.UNKNOWN_KEY, Reason.UNKNOWN_KEY,
                TokenDefect.FORGED_SIGNATURE, Reason.BAD_SIGNATURE,
                TokenDefect.ALG_NONE, Reason.ALGORITHM_NOT_ALLOWED);
        assertEquals(TokenDefect.values().length, expected.size(), "every defect has its expected reason");
        for (TokenDefect defect : TokenDefect.values()) {
            String token = entra.badMarketplaceWebhookToken(OUR_APP, TENANT, form, defect);

            assertEquals(expected.get(defect), refusal(bearer(token)), defect + " in the " + form + " form");
        }
    }

    @Test
    void givenNoHeader_thenMissingCredentials() {
        assertEquals(Reason.MISSING_CREDENTIALS, refusal(null));
        assertEquals(Reason.MISSING_CREDENTIALS, refusal("  "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Bearer", "Bearer ", "Token abc.def.ghi", "Bearerabc.def.ghi"})
    void givenAnotherScheme_thenNotBearer(String header) {
        assertEquals(Reason.NOT_BEARER, refusal(header));
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "a.b.c", "eyJhbGciOiJSUzI1NiJ9.bm90IGpzb24.c2ln", "...."})
    void givenGarbage_thenMalformed(String value) {
        assertEquals(Reason.MALFORMED_TOKEN, refusal("Bearer " + value));
    }

    @Test
    void givenHmacTokenKeyedWithThePublishedPublicKey_thenAlgorithmRefused() throws Exception {
        byte[] publicKey = entra.publicKeys().getKeyByKeyId(entra.signingKeyId()).toRSAKey().toPublicKey().getEncoded();
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT)
                .keyID(entra.signingKeyId()).build();
        SignedJWT hmac = new SignedJWT(header, entra.appTokenClaims(TokenForm.V1, TENANT, OUR_APP,
                WebhookTokenSettings.MARKETPLACE_APP_ID));
        hmac.sign(new MACSigner(publicKey));

        assertEquals(Reason.ALGORITHM_NOT_ALLOWED, refusal(bearer(hmac.serialize())));
    }

    @Test
    void givenIssuerOfTheOtherVersion_thenWrongIssuer() throws Exception {
        JWTClaimsSet v1 = entra.appTokenClaims(TokenForm.V1, TENANT, OUR_APP, WebhookTokenSettings.MARKETPLACE_APP_ID);
        JWTClaimsSet v2Issuer = new JWTClaimsSet.Builder(v1).issuer(Issuers.MICROSOFT.v2(TENANT)).build();

        assertEquals(Reason.WRONG_ISSUER, refusal(bearer(entra.signedToken(v2Issuer.toJSONObject()))));
    }

    @Test
    void givenIssuerOfAnotherAuthority_thenWrongIssuer() {
        JWTClaimsSet v2 = entra.appTokenClaims(TokenForm.V2, TENANT, OUR_APP, WebhookTokenSettings.MARKETPLACE_APP_ID);
        JWTClaimsSet elsewhere = new JWTClaimsSet.Builder(v2)
                .issuer("https://login.example.net/" + TENANT + "/v2.0").build();

        assertEquals(Reason.WRONG_ISSUER, refusal(bearer(entra.signedToken(elsewhere.toJSONObject()))));
    }

    @Test
    void givenUnknownVersionOrNoExpiry_thenRefused() {
        JWTClaimsSet v1 = entra.appTokenClaims(TokenForm.V1, TENANT, OUR_APP, WebhookTokenSettings.MARKETPLACE_APP_ID);
        JWTClaimsSet v3 = new JWTClaimsSet.Builder(v1).claim("ver", "3.0").build();
        JWTClaimsSet endless = new JWTClaimsSet.Builder(v1).expirationTime(null).build();

        assertEquals(Reason.MALFORMED_TOKEN, refusal(bearer(entra.signedToken(v3.toJSONObject()))));
        assertEquals(Reason.EXPIRED, refusal(bearer(entra.signedToken(endless.toJSONObject()))));
    }

    @Test
    void givenTokenJustPastExpiry_thenAcceptedWithinTheSkewOnly() {
        String token = bearer(entra.marketplaceWebhookToken(OUR_APP, TENANT, TokenForm.V1));

        clock.advance(EntraSimulator.DEFAULT_ACCESS_TOKEN_LIFETIME.plusSeconds(30));
        assertEquals(TENANT, verifier.authenticate(token).tenantId());

        clock.advance(WebhookTokenSettings.DEFAULT_CLOCK_SKEW);
        assertEquals(Reason.EXPIRED, refusal(token));
    }

    @Test
    void givenSimulatorIssuers_thenAcceptedOnceConfiguredAsTheAuthorities() {
        try (EntraSimulator local = EntraSimulator.builder().clock(clock).start()) {
            String base = local.endpoint().toString();
            WebhookTokenSettings settings = WebhookTokenSettings.forTenant(TENANT, OUR_APP)
                    .withKeySetUri(local.keySetUri(TENANT)).withIssuerAuthorities(base, base);
            EntraWebhookVerifier localVerifier = new EntraWebhookVerifier(settings, clock, new CountingKeySetRetriever());

            for (TokenForm form : TokenForm.values()) {
                String token = bearer(local.marketplaceWebhookToken(OUR_APP, TENANT, form));
                assertEquals(TENANT, localVerifier.authenticate(token).tenantId());
            }
        }
    }

    @Test
    void givenRefusal_thenTheMessageNeverHoldsTheToken() {
        String token = entra.badMarketplaceWebhookToken(OUR_APP, TENANT, TokenForm.V1, TokenDefect.WRONG_AUDIENCE);

        WebhookRejectedException refused = assertThrows(WebhookRejectedException.class,
                () -> verifier.authenticate(bearer(token)));
        assertFalse(refused.getMessage().contains(token.substring(0, 20)));
        assertFalse(refused.reason().isTransient());
    }

    private Reason refusal(String header) {
        return assertThrows(WebhookRejectedException.class, () -> verifier.authenticate(header)).reason();
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }
}
