package org.mpactivation.azure.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mpactivation.azure.webhook.EntraWebhookVerifierTest.OUR_APP;
import static org.mpactivation.azure.webhook.EntraWebhookVerifierTest.TENANT;
import static org.mpactivation.azure.webhook.EntraWebhookVerifierTest.bearer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.port.out.WebhookRejectedException;
import org.mpactivation.port.out.WebhookRejectedException.Reason;
import org.mpactivation.simulator.entra.EntraSimulator;
import org.mpactivation.simulator.entra.Issuers;
import org.mpactivation.simulator.entra.TokenDefect;
import org.mpactivation.simulator.entra.TokenForm;

/** How often the verifier goes to the key endpoint: once while keys stay, again after a rollover, never in a flood. */
class WebhookKeySetRefreshTest {

    /** Longer than any test runs, so that the rate limit's window cannot reopen in the middle of one. */
    private static final Duration REFETCH_INTERVAL = Duration.ofMinutes(10);
    private static final int FLOOD = 200;

    private EntraSimulator entra;
    private CountingKeySetRetriever keyEndpoint;
    private EntraWebhookVerifier verifier;

    @BeforeEach
    void start() {
        entra = EntraSimulator.builder().issuers(Issuers.MICROSOFT).start();
        keyEndpoint = new CountingKeySetRetriever();
        verifier = new EntraWebhookVerifier(settings(entra.keySetUri(TENANT)), Clock.systemUTC(), keyEndpoint);
    }

    @AfterEach
    void stop() {
        entra.close();
    }

    @Test
    void givenManyGoodTokens_thenTheKeySetIsFetchedOnce() {
        for (int i = 0; i < 20; i++) {
            TokenForm form = i % 2 == 0 ? TokenForm.V1 : TokenForm.V2;
            verifier.authenticate(bearer(entra.marketplaceWebhookToken(OUR_APP, TENANT, form)));
        }

        assertEquals(1, keyEndpoint.fetches());
    }

    @Test
    void givenKeyRollover_thenATokenOfTheNewKeyVerifiesAfterOneRefetch() {
        String oldToken = bearer(entra.marketplaceWebhookToken(OUR_APP, TENANT, TokenForm.V1));
        verifier.authenticate(oldToken);
        String oldKey = entra.signingKeyId();

        assertNotEquals(oldKey, entra.rotateKeys(false));
        verifier.authenticate(bearer(entra.marketplaceWebhookToken(OUR_APP, TENANT, TokenForm.V2)));

        assertEquals(2, keyEndpoint.fetches());
        assertEquals(Reason.UNKNOWN_KEY, refusal(oldToken), "the withdrawn key no longer verifies");
        assertEquals(2, keyEndpoint.fetches(), "the rate limit kept that refusal from fetching again");
    }

    @Test
    void givenRolloverKeepingThePreviousKey_thenTokensOfBothKeysVerify() {
        verifier.authenticate(bearer(entra.marketplaceWebhookToken(OUR_APP, TENANT, TokenForm.V1)));
        String oldToken = bearer(entra.marketplaceWebhookToken(OUR_APP, TENANT, TokenForm.V1));
        entra.publishNextKey();
        entra.rotateKeys(true);

        verifier.authenticate(bearer(entra.marketplaceWebhookToken(OUR_APP, TENANT, TokenForm.V1)));
        verifier.authenticate(oldToken);

        assertEquals(2, keyEndpoint.fetches());
    }

    @Test
    void givenFloodOfUnknownKeys_thenTheKeyEndpointIsFetchedAtMostTwice() throws JOSEException {
        String good = bearer(entra.marketplaceWebhookToken(OUR_APP, TENANT, TokenForm.V1));

        RSAKey stranger = new RSAKeyGenerator(2048).generate();
        assertEquals(Reason.UNKNOWN_KEY,
                refusal(bearer(entra.badMarketplaceWebhookToken(OUR_APP, TENANT, TokenForm.V1, TokenDefect.UNKNOWN_KEY))));
        for (int i = 0; i < FLOOD; i++) {
            assertEquals(Reason.UNKNOWN_KEY, refusal(bearer(signedWithMadeUpKeyId(stranger))));
        }

        assertTrue(keyEndpoint.fetches() <= 2, "fetched " + keyEndpoint.fetches() + " times");
        int before = keyEndpoint.fetches();
        verifier.authenticate(good);
        assertEquals(before, keyEndpoint.fetches(), "the cached key set still serves good tokens");
    }

    @Test
    void givenConcurrentFloodOfUnknownKeys_thenTheKeyEndpointIsStillFetchedAtMostTwice() throws Exception {
        RSAKey stranger = new RSAKeyGenerator(2048).generate();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            tokens.add(bearer(signedWithMadeUpKeyId(stranger)));
        }
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Reason>> refusals = new ArrayList<>();
            for (String token : tokens) {
                refusals.add(callers.submit(() -> refusal(token)));
            }
            for (Future<Reason> refusal : refusals) {
                assertEquals(Reason.UNKNOWN_KEY, refusal.get(30, TimeUnit.SECONDS));
            }
        } finally {
            callers.shutdownNow();
        }

        assertTrue(keyEndpoint.fetches() <= 2, "fetched " + keyEndpoint.fetches() + " times");
    }

    @Test
    void givenKeyEndpointDown_thenRefusedAsTransient() throws IOException {
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort() + "/" + TENANT + "/discovery/v2.0/keys");
        EntraWebhookVerifier cutOff = new EntraWebhookVerifier(settings(nowhere), Clock.systemUTC(), keyEndpoint);

        WebhookRejectedException refused = assertThrows(WebhookRejectedException.class,
                () -> cutOff.authenticate(bearer(entra.marketplaceWebhookToken(OUR_APP, TENANT, TokenForm.V1))));

        assertEquals(Reason.KEYS_UNAVAILABLE, refused.reason());
        assertTrue(refused.reason().isTransient());
    }

    /** What an attacker can mint cheaply: a token of good claims signed by its own key under a fresh key id. */
    private String signedWithMadeUpKeyId(RSAKey key) throws JOSEException {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                .keyID(UUID.randomUUID().toString()).build();
        SignedJWT token = new SignedJWT(header,
                entra.appTokenClaims(TokenForm.V1, TENANT, OUR_APP, WebhookTokenSettings.MARKETPLACE_APP_ID));
        token.sign(new RSASSASigner(key));
        return token.serialize();
    }

    private Reason refusal(String header) {
        return assertThrows(WebhookRejectedException.class, () -> verifier.authenticate(header)).reason();
    }

    private static WebhookTokenSettings settings(URI keySet) {
        return WebhookTokenSettings.forTenant(TENANT, OUR_APP).withKeySetUri(keySet)
                .withKeySetTimings(WebhookTokenSettings.DEFAULT_KEY_SET_LIFETIME, REFETCH_INTERVAL);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
