package org.mpactivation.azure.signin;

import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.ResponseMode;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCScopeValue;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponse;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;
import java.util.function.Function;
import org.mpactivation.domain.BuyerIdentity;
import org.mpactivation.port.out.BuyerSignIn;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.SignInRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs buyers in with Microsoft Entra ID, any organisation's tenant, through OpenID Connect's authorization
 * code flow with PKCE (S256), using the Nimbus OAuth 2.0 / OpenID Connect SDK for the messages and Nimbus
 * JOSE + JWT for the ID token. The same application registration as the landing page authenticates the code
 * redemption with its client secret.
 *
 * <p>The discovery document is read on first use and kept for the life of the instance (a failed read is
 * tried again on the next call); the key set it names is cached by {@link EntraIdTokens}. Since a
 * multi-tenant authority's issuer is the template {@code .../{tenantid}/v2.0}, each token's issuer is checked
 * against that template filled with the token's own {@code tid}, as Entra's guidance for multi-tenant
 * applications requires.
 *
 * <p>Build one per host and share it: it is thread-safe. Nothing secret (code, verifier, nonce, tokens, the
 * client secret) is logged or put into an exception message.
 */
public final class EntraBuyerSignIn implements BuyerSignIn {

    private static final Logger LOG = LoggerFactory.getLogger(EntraBuyerSignIn.class);
    private static final Scope SCOPE = new Scope(OIDCScopeValue.OPENID, OIDCScopeValue.PROFILE, OIDCScopeValue.EMAIL);
    /** A buyer waits on every call: a provider slower than this is treated as unavailable. */
    private static final int HTTP_TIMEOUT_MILLIS = 5_000;
    /** Entra's discovery documents and key sets are a few kilobytes. */
    private static final int DOCUMENT_SIZE_LIMIT = 64 * 1024;

    private final EntraSignInSettings settings;
    private final Clock clock;
    private final ResourceRetriever retriever;
    private final ClientID clientId;
    private final Secret clientSecret;

    private volatile Provider provider;

    /** Fetches the discovery document and the key set over HTTP. */
    public EntraBuyerSignIn(EntraSignInSettings settings, Clock clock) {
        this(settings, clock,
                new DefaultResourceRetriever(HTTP_TIMEOUT_MILLIS, HTTP_TIMEOUT_MILLIS, DOCUMENT_SIZE_LIMIT));
    }

    /**
     * @param clock     the clock an ID token's {@code exp}, {@code nbf} and {@code iat} are checked against,
     *                  and the time of the sign-in
     * @param retriever how the discovery document and the key set are fetched (the key set's caching and rate
     *                  limit run on the system clock)
     */
    public EntraBuyerSignIn(EntraSignInSettings settings, Clock clock, ResourceRetriever retriever) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retriever = Objects.requireNonNull(retriever, "retriever");
        this.clientId = new ClientID(settings.clientId());
        this.clientSecret = new Secret(settings.clientSecret());
    }

    @Override
    public URI authorizationUrl(String state, String nonce, String codeVerifier, URI redirectUri) {
        Objects.requireNonNull(redirectUri, "redirectUri");
        return new AuthenticationRequest.Builder(ResponseType.CODE, SCOPE, clientId, redirectUri)
                .endpointURI(provider().metadata().authorizationEndpoint())
                .state(new State(state))
                .nonce(new Nonce(nonce))
                .codeChallenge(new CodeVerifier(codeVerifier), CodeChallengeMethod.S256)
                .responseMode(ResponseMode.QUERY)
                .build()
                .toURI();
    }

    @Override
    public BuyerIdentity complete(String code, String codeVerifier, String expectedNonce, URI redirectUri) {
        Objects.requireNonNull(redirectUri, "redirectUri");
        if (code == null || code.isBlank()) {
            throw new SignInRejectedException("no authorization code came back");
        }
        if (expectedNonce == null || expectedNonce.isBlank()) {
            throw new IllegalArgumentException("the expected nonce is required");
        }
        Provider current = provider();
        JWT idToken = redeem(current.metadata().tokenEndpoint(), code, new CodeVerifier(codeVerifier), redirectUri);
        JWTClaimsSet claims = current.idTokens(this::idTokensOf).validate(idToken, expectedNonce);
        BuyerIdentity buyer = identity(claims);
        LOG.info("buyer signed in: tenant={}", buyer.tenantId());
        return buyer;
    }

    /** Exchanges the code (with the verifier that proves we started this sign-in) for the ID token. */
    private JWT redeem(URI tokenEndpoint, String code, CodeVerifier verifier, URI redirectUri) {
        TokenRequest request = new TokenRequest(tokenEndpoint, new ClientSecretPost(clientId, clientSecret),
                new AuthorizationCodeGrant(new AuthorizationCode(code), redirectUri, verifier));
        HTTPRequest http = request.toHTTPRequest();
        http.setConnectTimeout(HTTP_TIMEOUT_MILLIS);
        http.setReadTimeout(HTTP_TIMEOUT_MILLIS);
        HTTPResponse answer;
        try {
            answer = http.send();
        } catch (IOException e) {
            LOG.warn("sign-in token request failed: endpoint={} error={}", tokenEndpoint, e.getClass().getName());
            throw new MarketplaceUnavailableException("the sign-in provider could not be reached", e);
        }
        int status = answer.getStatusCode();
        if (status >= 500 || status == 429) {
            LOG.warn("sign-in token request failed: endpoint={} status={}", tokenEndpoint, status);
            throw new MarketplaceUnavailableException("the sign-in provider failed with " + status, null);
        }
        TokenResponse response;
        try {
            response = OIDCTokenResponseParser.parse(answer);
        } catch (ParseException unreadable) {
            throw new SignInRejectedException("the token endpoint's answer is unreadable");
        }
        if (!response.indicatesSuccess()) {
            throw refused(response.toErrorResponse().getErrorObject());
        }
        if (!(response instanceof OIDCTokenResponse oidc) || oidc.getOIDCTokens().getIDToken() == null) {
            throw new SignInRejectedException("the token endpoint's answer holds no ID token");
        }
        return oidc.getOIDCTokens().getIDToken();
    }

    private SignInRejectedException refused(ErrorObject error) {
        String code = error.getCode() == null ? "unknown" : error.getCode();
        if ("invalid_client".equals(code) || "unauthorized_client".equals(code)) {
            // our configuration, not the buyer: a wrong or expired client secret, an unknown client id
            LOG.warn("sign-in token request refused our credentials: clientId={} error={}", clientId, code);
            return new SignInRejectedException("the token endpoint refused our client credentials: " + code);
        }
        LOG.info("sign-in token request refused: error={}", code);
        return new SignInRejectedException("the token endpoint refused the authorization code: " + code);
    }

    private BuyerIdentity identity(JWTClaimsSet claims) {
        String email = text(claims, "email");
        if (email == null || email.isBlank()) {
            email = text(claims, "preferred_username");
        }
        return new BuyerIdentity(claims.getIssuer(), text(claims, "tid"), text(claims, "oid"), email,
                text(claims, "name"), clock.instant());
    }

    /** A claim the checks have not looked at (name, e-mail) may be of the wrong type: then it is left out. */
    private static String text(JWTClaimsSet claims, String name) {
        try {
            return claims.getStringClaim(name);
        } catch (java.text.ParseException notText) {
            return null;
        }
    }

    /** The discovery document and the validator of its keys, read once; a failed read is retried next call. */
    private Provider provider() {
        Provider known = provider;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (provider == null) {
                provider = discover();
            }
            return provider;
        }
    }

    private Provider discover() {
        URI discoveryUri = settings.discoveryUri();
        EntraProvider metadata;
        try {
            metadata = EntraProvider.discover(discoveryUri, retriever);
        } catch (IOException e) {
            LOG.warn("sign-in discovery failed: uri={} error={}", discoveryUri, e.getClass().getName());
            throw new MarketplaceUnavailableException("the sign-in provider's discovery document could not be read",
                    e);
        } catch (ParseException e) {
            LOG.warn("sign-in discovery document unusable: uri={}", discoveryUri);
            throw new MarketplaceUnavailableException("the sign-in provider's discovery document is unusable", e);
        }
        LOG.info("sign-in provider discovered: issuer={}", metadata.issuer());
        return new Provider(metadata);
    }

    private EntraIdTokens idTokensOf(EntraProvider metadata) {
        return new EntraIdTokens(metadata, settings, clock, retriever);
    }

    /**
     * The discovery document, and the validator of its ID tokens made by the first sign-in that comes back: the
     * landing page needs only the authorization endpoint, not the JOSE classes.
     */
    private static final class Provider {
        private final EntraProvider metadata;
        private volatile EntraIdTokens idTokens;

        Provider(EntraProvider metadata) {
            this.metadata = metadata;
        }

        EntraProvider metadata() {
            return metadata;
        }

        EntraIdTokens idTokens(Function<EntraProvider, EntraIdTokens> factory) {
            EntraIdTokens known = idTokens;
            if (known == null) {
                synchronized (this) {
                    known = idTokens;
                    if (known == null) {
                        known = factory.apply(metadata);
                        idTokens = known;
                    }
                }
            }
            return known;
        }
    }
}
