package org.mpactivation.simulator.entra;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jwt.SignedJWT;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyRotationTest {

    private final EntraSimulator entra = EntraSimulator.start();
    private final RelyingParty relyingParty = new RelyingParty();
    private final String app = UUID.randomUUID().toString();
    private final String tenant = UUID.randomUUID().toString();

    @AfterEach
    void stop() {
        entra.close();
    }

    @Test
    void givenNextKeyPublished_thenKeySetHoldsBothAndTheOldOneStillSigns() throws Exception {
        String first = entra.signingKeyId();

        String next = entra.publishNextKey();

        assertEquals(List.of(first, next), kids());
        assertEquals(first, kidOf(entra.marketplaceWebhookToken(app, tenant)));
        assertEquals(next, entra.publishNextKey(), "publishing again keeps the same next key");
    }

    @Test
    void givenRotationKeepingPrevious_thenOldAndNewTokensVerify() throws Exception {
        String oldToken = entra.marketplaceWebhookToken(app, tenant);
        String next = entra.publishNextKey();

        assertEquals(next, entra.rotateKeys(true));
        String newToken = entra.marketplaceWebhookToken(app, tenant);

        assertEquals(next, kidOf(newToken));
        assertDoesNotThrow(() -> verify(oldToken));
        assertDoesNotThrow(() -> verify(newToken));
    }

    @Test
    void givenRotationWithdrawingPrevious_thenOldTokensFailAndNewOnesVerify() throws Exception {
        String oldToken = entra.marketplaceWebhookToken(app, tenant);
        String old = entra.signingKeyId();

        String fresh = entra.rotateKeys(false);

        assertNotEquals(old, fresh);
        assertEquals(List.of(fresh), kids());
        assertThrows(BadJOSEException.class, () -> verify(oldToken));
        assertDoesNotThrow(() -> verify(entra.marketplaceWebhookToken(app, tenant)));
    }

    private void verify(String token) throws BadJOSEException {
        relyingParty.verify(token, entra.keySetUri(tenant), app, entra.issuers().v1(tenant), Map.of());
    }

    private List<String> kids() {
        return relyingParty.keySet(entra.keySetUri(tenant)).getKeys().stream().map(JWK::getKeyID).toList();
    }

    private static String kidOf(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }
}
