package org.mpactivation.azure.signin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.SignInRejectedException;

/**
 * A provider that misbehaves in ways the Entra stand-in does not: failing or throttled token endpoint,
 * answers without an ID token, discovery documents that cannot be used.
 */
class ProviderFailuresTest {

    private static final URI REDIRECT = EntraBuyerSignInTest.REDIRECT;

    private final HttpServer server;
    private final String base;
    private volatile int discoveryStatus = 200;
    private volatile String discoveryBody;
    private volatile int tokenStatus = 200;
    private volatile String tokenBody = "{}";
    private final EntraBuyerSignIn signIn;

    ProviderFailuresTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        discoveryBody = discovery(true);
        server.createContext("/organizations/v2.0/.well-known/openid-configuration",
                exchange -> answer(exchange, discoveryStatus, discoveryBody));
        server.createContext("/organizations/oauth2/v2.0/token", exchange -> answer(exchange, tokenStatus, tokenBody));
        server.start();
        signIn = new EntraBuyerSignIn(EntraSignInSettings.of(URI.create(base + "/organizations/v2.0"), "our-app",
                "secret"), Clock.systemUTC(), new CountingRetriever());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 503, 429})
    void givenTokenEndpointFailingOrThrottling_thenUnavailable(int status) {
        tokenStatus = status;
        tokenBody = "{\"error\":\"temporarily_unavailable\"}";

        assertThrows(MarketplaceUnavailableException.class, this::complete);
    }

    @Test
    void givenAnswerWithoutIdToken_thenRefused() {
        tokenBody = "{\"access_token\":\"opaque\",\"token_type\":\"Bearer\",\"expires_in\":3600}";

        SignInRejectedException refused = assertThrows(SignInRejectedException.class, this::complete);

        assertEquals("the token endpoint's answer holds no ID token", refused.getMessage());
    }

    @Test
    void givenIdTokenThatIsNoJwt_thenRefusedWithoutEchoingIt() {
        tokenBody = "{\"access_token\":\"opaque\",\"token_type\":\"Bearer\",\"id_token\":\"not-a-jwt-secret\"}";

        SignInRejectedException refused = assertThrows(SignInRejectedException.class, this::complete);

        assertEquals("the token endpoint's answer is unreadable", refused.getMessage());
    }

    @Test
    void givenDiscoveryWithoutKeySet_thenUnavailable() {
        discoveryBody = discovery(false);

        assertThrows(MarketplaceUnavailableException.class, this::complete);
    }

    @Test
    void givenDiscoveryFailing_thenUnavailableUntilItRecovers() {
        discoveryStatus = 500;
        assertThrows(MarketplaceUnavailableException.class, this::authorizationUrl);

        discoveryStatus = 200;

        assertEquals(URI.create(base + "/organizations/oauth2/v2.0/authorize").getPath(), authorizationUrl().getPath());
    }

    private URI authorizationUrl() {
        return signIn.authorizationUrl("state", "nonce", new CodeVerifier().getValue(), REDIRECT);
    }

    private void complete() {
        signIn.complete("code", new CodeVerifier().getValue(), "nonce", REDIRECT);
    }

    private String discovery(boolean withKeys) {
        return "{\"issuer\":\"" + base + "/{tenantid}/v2.0\","
                + "\"authorization_endpoint\":\"" + base + "/organizations/oauth2/v2.0/authorize\","
                + "\"token_endpoint\":\"" + base + "/organizations/oauth2/v2.0/token\""
                + (withKeys ? ",\"jwks_uri\":\"" + base + "/organizations/discovery/v2.0/keys\"" : "") + "}";
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}
