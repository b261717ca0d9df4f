package org.mpactivation.simulator.entra;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.Algorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Tokens as Azure Marketplace's webhook calls carry them, checked the way the webhook must check them: the
 * signature against the published key set, {@code aud} = our application, {@code tid} = our tenant,
 * {@code appid} (v1) or {@code azp} (v2) = the marketplace's application, the issuer of that form, the lifetime.
 */
class MarketplaceWebhookTokenTest {

    private static final EntraSimulator ENTRA = EntraSimulator.start();
    private static final String OUR_APP = UUID.randomUUID().toString();
    private static final String OUR_TENANT = UUID.randomUUID().toString();

    private final RelyingParty webhook = new RelyingParty();

    @AfterAll
    static void stop() {
        ENTRA.close();
    }

    @ParameterizedTest
    @EnumSource(TokenForm.class)
    void givenGoodToken_thenItVerifies(TokenForm form) throws Exception {
        String token = ENTRA.marketplaceWebhookToken(OUR_APP, OUR_TENANT, form);

        JWTClaimsSet claims = check(token, form);

        assertEquals(form.version(), claims.getStringClaim("ver"));
        assertEquals(ENTRA.signingKeyId(), SignedJWT.parse(token).getHeader().getKeyID());
    }

    @Test
    void defaultFormIsV1WithStsStyleIssuer() throws Exception {
        JWTClaimsSet claims = check(ENTRA.marketplaceWebhookToken(OUR_APP, OUR_TENANT), TokenForm.V1);

        assertEquals(EntraSimulator.MARKETPLACE_APP_ID, claims.getStringClaim("appid"));
        assertEquals(ENTRA.issuers().v1(OUR_TENANT), claims.getIssuer());
    }

    @ParameterizedTest
    @EnumSource(TokenDefect.class)
    void givenDefectiveV1Token_thenRefused(TokenDefect defect) {
        String token = ENTRA.badMarketplaceWebhookToken(OUR_APP, OUR_TENANT, TokenForm.V1, defect);

        assertThrows(BadJOSEException.class, () -> check(token, TokenForm.V1), defect.name());
    }

    @ParameterizedTest
    @EnumSource(TokenDefect.class)
    void givenDefectiveV2Token_thenRefused(TokenDefect defect) {
        String token = ENTRA.badMarketplaceWebhookToken(OUR_APP, OUR_TENANT, TokenForm.V2, defect);

        assertThrows(BadJOSEException.class, () -> check(token, TokenForm.V2), defect.name());
    }

    @Test
    void eachDefectSpoilsOnlyWhatItNames() throws Exception {
        JWTClaimsSet wrongTenant = claimsOf(TokenDefect.WRONG_TENANT);
        assertNotEquals(OUR_TENANT, wrongTenant.getStringClaim("tid"));
        assertEquals(ENTRA.issuers().v1(wrongTenant.getStringClaim("tid")), wrongTenant.getIssuer());
        assertEquals(List.of(OUR_APP), wrongTenant.getAudience());

        JWTClaimsSet otherIssuer = claimsOf(TokenDefect.ISSUER_OF_ANOTHER_TENANT);
        assertEquals(OUR_TENANT, otherIssuer.getStringClaim("tid"));
        assertNotEquals(ENTRA.issuers().v1(OUR_TENANT), otherIssuer.getIssuer());
        assertTrue(otherIssuer.getIssuer().startsWith(ENTRA.issuers().v1Authority()));

        JWTClaimsSet wrongApp = claimsOf(TokenDefect.WRONG_APPLICATION);
        assertNotEquals(EntraSimulator.MARKETPLACE_APP_ID, wrongApp.getStringClaim("appid"));
        assertEquals(OUR_TENANT, wrongApp.getStringClaim("tid"));

        assertTrue(claimsOf(TokenDefect.EXPIRED).getExpirationTime().before(new Date()));
        assertNotEquals(List.of(OUR_APP), claimsOf(TokenDefect.WRONG_AUDIENCE).getAudience());

        String unknownKey = ENTRA.badMarketplaceWebhookToken(OUR_APP, OUR_TENANT, TokenForm.V1, TokenDefect.UNKNOWN_KEY);
        assertNull(ENTRA.publicKeys().getKeyByKeyId(SignedJWT.parse(unknownKey).getHeader().getKeyID()));
        String forged = ENTRA.badMarketplaceWebhookToken(OUR_APP, OUR_TENANT, TokenForm.V1, TokenDefect.FORGED_SIGNATURE);
        assertEquals(ENTRA.signingKeyId(), SignedJWT.parse(forged).getHeader().getKeyID());
        String none = ENTRA.badMarketplaceWebhookToken(OUR_APP, OUR_TENANT, TokenForm.V1, TokenDefect.ALG_NONE);
        assertEquals(Algorithm.NONE, JWTParser.parse(none).getHeader().getAlgorithm());
    }

    @Test
    void givenTokenOfAnotherApplication_thenRefusedEvenIfWellSigned() {
        JWTClaimsSet otherCaller = ENTRA.appTokenClaims(TokenForm.V1, OUR_TENANT, OUR_APP, UUID.randomUUID().toString());
        String token = ENTRA.signedToken(otherCaller.toJSONObject());

        assertThrows(BadJOSEException.class, () -> check(token, TokenForm.V1));
    }

    @Test
    void signedTokenCarriesAnyClaims() {
        String token = ENTRA.signedToken(Map.of("aud", OUR_APP, "tid", OUR_TENANT, "iss", ENTRA.issuers().v1(OUR_TENANT),
                "appid", EntraSimulator.MARKETPLACE_APP_ID, "iat", nowSeconds(), "nbf", nowSeconds(),
                "exp", nowSeconds() + 600));

        assertDoesNotThrow(() -> check(token, TokenForm.V1));
    }

    private static JWTClaimsSet claimsOf(TokenDefect defect) throws Exception {
        return SignedJWT.parse(ENTRA.badMarketplaceWebhookToken(OUR_APP, OUR_TENANT, TokenForm.V1, defect))
                .getJWTClaimsSet();
    }

    private JWTClaimsSet check(String token, TokenForm form) throws BadJOSEException {
        return webhook.verify(token, ENTRA.keySetUri(OUR_TENANT), OUR_APP, ENTRA.issuers().of(form, OUR_TENANT),
                Map.of("tid", OUR_TENANT, form.applicationClaim(), EntraSimulator.MARKETPLACE_APP_ID));
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
