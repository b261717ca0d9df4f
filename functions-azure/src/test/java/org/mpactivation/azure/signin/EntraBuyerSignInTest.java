package org.mpactivation.azure.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import java.net.URI;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mpactivation.domain.BuyerIdentity;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.SignInRejectedException;
import org.mpactivation.simulator.azure.MovableClock;
import org.mpactivation.simulator.entra.DirectoryUser;
import org.mpactivation.simulator.entra.EntraSimulator;
import org.mpactivation.simulator.entra.RegisteredApp;
import org.mpactivation.simulator.entra.TokenDefect;

/**
 * The whole sign-in over HTTP against the Entra stand-in: our authorization URL followed as a browser would,
 * the code redeemed with the PKCE verifier and the client secret, the ID token checked; then every way the
 * code or the token can be wrong.
 */
class EntraBuyerSignInTest {

    static final URI REDIRECT = URI.create("http://127.0.0.1:8080/azure/signin");
    private static final String CLIENT_ID = "5b1d3f2a-9c4e-4a8b-b6d7-0e1f2a3b4c5d";
    private static final String SECRET = "landing-page-secret";
    private static final String CONTOSO = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    private static final String FABRIKAM = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";

    private final MovableClock clock = new MovableClock(Instant.now());
    private final EntraSimulator entra = EntraSimulator.builder().clock(clock).start();
    private final DirectoryUser alice = new DirectoryUser(CONTOSO, UUID.randomUUID().toString(),
            "alice@contoso.example", "Alice Admin");
    private final DirectoryUser bob = new DirectoryUser(FABRIKAM, UUID.randomUUID().toString(),
            "bob@fabrikam.example", "Bob");
    private final BuyerBrowser browser = new BuyerBrowser();
    private final CountingRetriever retriever = new CountingRetriever();
    private final EntraBuyerSignIn signIn;

    EntraBuyerSignInTest() {
        entra.registerApp(new RegisteredApp(CLIENT_ID, SECRET, List.of(REDIRECT.toString())));
        entra.addUser(alice);
        entra.addUser(bob);
        signIn = signInWith(settings());
    }

    @AfterEach
    void stop() {
        entra.close();
    }

    @Test
    void givenBuyerSignsIn_thenIdentityNamesTheirTenantObjectIdAndEmail() {
        SignInAttempt attempt = new SignInAttempt();

        BuyerIdentity buyer = attempt.complete(signIn, attempt.code(signIn, bob));

        assertEquals(FABRIKAM, buyer.tenantId());
        assertEquals(bob.objectId(), buyer.objectId());
        assertEquals("bob@fabrikam.example", buyer.email());
        assertEquals("Bob", buyer.name());
        assertEquals(entra.issuers().v2(FABRIKAM), buyer.issuer());
        assertEquals(clock.instant(), buyer.signedInAt());
    }

    @Test
    void givenBuyersOfTwoTenants_thenEachIssuerIsDerivedFromItsOwnTid() {
        SignInAttempt first = new SignInAttempt();
        SignInAttempt second = new SignInAttempt();

        BuyerIdentity contoso = first.complete(signIn, first.code(signIn, alice));
        BuyerIdentity fabrikam = second.complete(signIn, second.code(signIn, bob));

        assertEquals(entra.issuers().v2(CONTOSO), contoso.issuer());
        assertEquals(entra.issuers().v2(FABRIKAM), fabrikam.issuer());
        assertEquals(1, retriever.fetches("/.well-known/openid-configuration"), "discovery is read once");
        assertEquals(1, retriever.fetches("/discovery/v2.0/keys"), "the key set is cached");
    }

    @Test
    void authorizationUrlCarriesTheChallengeButNeverTheVerifier() {
        SignInAttempt attempt = new SignInAttempt();

        URI url = signIn.authorizationUrl(attempt.state, attempt.nonce, attempt.verifier, REDIRECT);

        assertTrue(url.toString().startsWith(entra.authorizationUri("organizations").toString()));
        Map<String, String> query = BuyerBrowser.query(url);
        assertEquals("code", query.get("response_type"));
        assertEquals(Set.of("openid", "profile", "email"), Set.of(query.get("scope").split(" ")));
        assertEquals(CLIENT_ID, query.get("client_id"));
        assertEquals(REDIRECT.toString(), query.get("redirect_uri"));
        assertEquals(attempt.state, query.get("state"));
        assertEquals(attempt.nonce, query.get("nonce"));
        assertEquals("query", query.get("response_mode"));
        assertEquals("S256", query.get("code_challenge_method"));
        assertEquals(CodeChallenge.compute(CodeChallengeMethod.S256, new CodeVerifier(attempt.verifier)).getValue(),
                query.get("code_challenge"));
        assertFalse(url.toString().contains(attempt.verifier));
        assertFalse(url.toString().contains(SECRET));
    }

    @Test
    void givenAnotherBrowsersNonce_thenRefusedByTheNonceCheck() {
        SignInAttempt attempt = new SignInAttempt();
        String code = attempt.code(signIn, alice);

        SignInRejectedException refused = assertThrows(SignInRejectedException.class,
                () -> signIn.complete(code, attempt.verifier, new SignInAttempt().nonce, REDIRECT));

        assertEquals(IdTokenCheck.NONCE.refusal(), refused.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = TokenDefect.class, names = "WRONG_TENANT", mode = EnumSource.Mode.EXCLUDE)
    void givenDefectiveIdToken_thenRefusedByTheCheckItFails(TokenDefect defect) {
        Map<TokenDefect, IdTokenCheck> expected = new EnumMap<>(Map.of(
                TokenDefect.EXPIRED, IdTokenCheck.EXPIRED,
                TokenDefect.NOT_YET_VALID, IdTokenCheck.NOT_YET_VALID,
                TokenDefect.WRONG_AUDIENCE, IdTokenCheck.AUDIENCE,
                TokenDefect.ISSUER_OF_ANOTHER_TENANT, IdTokenCheck.ISSUER,
                TokenDefect.WRONG_APPLICATION, IdTokenCheck.AUTHORIZED_PARTY,
                TokenDefect.UNKNOWN_KEY, IdTokenCheck.UNKNOWN_KEY,
                TokenDefect.FORGED_SIGNATURE, IdTokenCheck.SIGNATURE,
                TokenDefect.ALG_NONE, IdTokenCheck.ALGORITHM));
        assertEquals(TokenDefect.values().length - 1, expected.size(), "every defect has its expected check");
        SignInAttempt attempt = new SignInAttempt();
        String code = attempt.code(signIn, alice);
        entra.spoilNextIdToken(defect);

        SignInRejectedException refused = assertThrows(SignInRejectedException.class,
                () -> attempt.complete(signIn, code));

        assertEquals(expected.get(defect).refusal(), refused.getMessage(), defect.name());
    }

    @Test
    void givenTokenOfAnotherTenantThatIsWellFormed_thenAcceptedWithoutAllowList() {
        SignInAttempt attempt = new SignInAttempt();
        String code = attempt.code(signIn, alice);
        entra.spoilNextIdToken(TokenDefect.WRONG_TENANT);

        BuyerIdentity buyer = attempt.complete(signIn, code);

        assertNotEquals(CONTOSO, buyer.tenantId(), "a multi-tenant app takes the tenant the token names");
        assertEquals(entra.issuers().v2(buyer.tenantId()), buyer.issuer());
    }

    @Test
    void givenTenantAllowList_thenOnlyItsBuyersSignIn() {
        EntraBuyerSignIn contosoOnly = signInWith(settings().withAllowedTenants(Set.of(CONTOSO.toUpperCase())));
        SignInAttempt outsider = new SignInAttempt();
        String code = outsider.code(contosoOnly, bob);

        SignInRejectedException refused = assertThrows(SignInRejectedException.class,
                () -> outsider.complete(contosoOnly, code));

        assertEquals(IdTokenCheck.TENANT_NOT_ALLOWED.refusal(), refused.getMessage());
        SignInAttempt insider = new SignInAttempt();
        assertEquals(CONTOSO, insider.complete(contosoOnly, insider.code(contosoOnly, alice)).tenantId());
    }

    @Test
    void givenCodeRedeemedTwice_thenSecondIsRefused() {
        SignInAttempt attempt = new SignInAttempt();
        String code = attempt.code(signIn, alice);
        attempt.complete(signIn, code);

        SignInRejectedException refused = assertThrows(SignInRejectedException.class,
                () -> attempt.complete(signIn, code));

        assertEquals("the token endpoint refused the authorization code: invalid_grant", refused.getMessage());
    }

    @Test
    void givenAnotherVerifier_thenPkceRefusesTheCode() {
        SignInAttempt attempt = new SignInAttempt();
        String code = attempt.code(signIn, alice);

        SignInRejectedException refused = assertThrows(SignInRejectedException.class,
                () -> signIn.complete(code, new SignInAttempt().verifier, attempt.nonce, REDIRECT));

        assertEquals("the token endpoint refused the authorization code: invalid_grant", refused.getMessage());
    }

    @Test
    void givenWrongClientSecret_thenRefusedAsOurCredentials() {
        EntraBuyerSignIn misconfigured = signInWith(EntraSignInSettings.of(entra.authority("organizations"),
                CLIENT_ID, "not-the-secret"));
        SignInAttempt attempt = new SignInAttempt();
        String code = attempt.code(misconfigured, alice);

        SignInRejectedException refused = assertThrows(SignInRejectedException.class,
                () -> attempt.complete(misconfigured, code));

        assertEquals("the token endpoint refused our client credentials: invalid_client", refused.getMessage());
    }

    @Test
    void givenKeysRolledOverSinceTheLastSignIn_thenKeySetFetchedAgainAndSignInAccepted() {
        SignInAttempt before = new SignInAttempt();
        before.complete(signIn, before.code(signIn, alice));
        entra.rotateKeys(false);
        SignInAttempt after = new SignInAttempt();

        BuyerIdentity buyer = after.complete(signIn, after.code(signIn, bob));

        assertEquals(FABRIKAM, buyer.tenantId());
        assertEquals(2, retriever.fetches("/discovery/v2.0/keys"));
    }

    @Test
    void givenSingleTenantAuthority_thenItsFixedIssuerIsRequired() {
        EntraBuyerSignIn contosoAuthority = signInWith(EntraSignInSettings.of(entra.authority(CONTOSO), CLIENT_ID,
                SECRET));
        SignInAttempt attempt = new SignInAttempt();

        BuyerIdentity buyer = attempt.complete(contosoAuthority, attempt.code(contosoAuthority, alice));

        assertEquals(entra.issuers().v2(CONTOSO), buyer.issuer());
    }

    @Test
    void givenProviderDown_thenUnavailableAndNothingIsFetchedBeforeFirstUse() {
        URI authority = entra.authority("organizations");
        entra.close();

        EntraBuyerSignIn lazy = signInWith(EntraSignInSettings.of(authority, CLIENT_ID, SECRET));

        assertEquals(0, retriever.fetches("/.well-known/openid-configuration"));
        SignInAttempt attempt = new SignInAttempt();
        assertThrows(MarketplaceUnavailableException.class,
                () -> lazy.authorizationUrl(attempt.state, attempt.nonce, attempt.verifier, REDIRECT));
        assertThrows(MarketplaceUnavailableException.class,
                () -> lazy.complete("code", attempt.verifier, attempt.nonce, REDIRECT));
        assertEquals(2, retriever.fetches("/.well-known/openid-configuration"), "a failed read is not kept");
    }

    @Test
    void givenProviderGoneBeforeTheCodeIsRedeemed_thenUnavailable() {
        SignInAttempt attempt = new SignInAttempt();
        String code = attempt.code(signIn, alice);
        entra.close();

        assertThrows(MarketplaceUnavailableException.class, () -> attempt.complete(signIn, code));
    }

    @Test
    void givenPrepared_thenTheDiscoveryIsReadAheadOnceAndTheAuthorizationUrlUsesIt() throws InterruptedException {
        signIn.prepare();
        signIn.prepare();
        awaitFetches("/.well-known/openid-configuration", 1);
        SignInAttempt attempt = new SignInAttempt();

        URI url = signIn.authorizationUrl(attempt.state, attempt.nonce, attempt.verifier, REDIRECT);
        signIn.prepare();

        assertTrue(url.toString().startsWith(entra.authorizationUri("organizations").toString()));
        Thread.sleep(50);
        assertEquals(1, retriever.fetches("/.well-known/openid-configuration"),
                "prepared twice, then used and prepared again: read once");
    }

    @Test
    void givenProviderDownWhilePreparing_thenPrepareDoesNotFailAndTheAuthorizationUrlReadsAgain()
            throws InterruptedException {
        URI authority = entra.authority("organizations");
        entra.close();
        EntraBuyerSignIn lazy = signInWith(EntraSignInSettings.of(authority, CLIENT_ID, SECRET));

        lazy.prepare();
        awaitFetches("/.well-known/openid-configuration", 1);

        SignInAttempt attempt = new SignInAttempt();
        assertThrows(MarketplaceUnavailableException.class,
                () -> lazy.authorizationUrl(attempt.state, attempt.nonce, attempt.verifier, REDIRECT));
        assertEquals(2, retriever.fetches("/.well-known/openid-configuration"), "a failed read ahead is not kept");
    }

    private void awaitFetches(String suffix, long count) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (retriever.fetches(suffix) < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(count, retriever.fetches(suffix));
    }

    private EntraSignInSettings settings() {
        return EntraSignInSettings.of(entra.authority("organizations"), CLIENT_ID, SECRET);
    }

    private EntraBuyerSignIn signInWith(EntraSignInSettings settings) {
        return new EntraBuyerSignIn(settings, clock, retriever);
    }

    /** The secrets our callback keeps for one browser: state, nonce and PKCE verifier, fresh each time. */
    private final class SignInAttempt {
        final String state = new com.nimbusds.oauth2.sdk.id.State().getValue();
        final String nonce = new com.nimbusds.openid.connect.sdk.Nonce().getValue();
        final String verifier = new CodeVerifier().getValue();

        /** Sends the browser through the sign-in page as {@code user}; the code that comes back. */
        String code(EntraBuyerSignIn through, DirectoryUser user) {
            Map<String, String> callback = browser.signIn(
                    through.authorizationUrl(state, nonce, verifier, REDIRECT), user.objectId());
            assertEquals(state, callback.get("state"));
            return callback.get("code");
        }

        BuyerIdentity complete(EntraBuyerSignIn through, String code) {
            return through.complete(code, verifier, nonce, REDIRECT);
        }
    }
}
