package org.mpactivation.azure.signin;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.mpactivation.azure.http.AzureHttpTransport;
import org.mpactivation.azure.http.FormBody;
import org.mpactivation.azure.http.HttpAnswer;
import org.mpactivation.azure.http.ReadAhead;
import org.mpactivation.azure.http.JsonScalars;
import org.mpactivation.domain.BuyerIdentity;
import org.mpactivation.port.out.BuyerSignIn;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.SignInRejectedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs buyers in with Microsoft Entra ID, any organisation's tenant, through OpenID Connect's authorization
 * code flow with PKCE (S256). The protocol's messages are plain: the authorization request is a URL with a
 * form-encoded query, the code redemption a form post whose JSON answer is read with the streaming parser, so
 * the landing page (which builds the URL) loads no OAuth library; Nimbus JOSE + JWT validates the ID token at
 * the callback. The same application registration as the landing page authenticates the code redemption with
 * its client secret.
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
    private static final String SCOPE = "openid profile email";
    /** A buyer waits on every call: a provider slower than this is treated as unavailable. */
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(5);
    /** Entra's discovery documents, key sets and token answers are a few kilobytes. */
    private static final int DOCUMENT_SIZE_LIMIT = 64 * 1024;

    private final EntraSignInSettings settings;
    private final Clock clock;
    private final AzureHttpTransport transport;

    private volatile Provider provider;
    private final ReadAhead readAhead = new ReadAhead("entra-discovery");

    /** Fetches the discovery document and the key set, and redeems codes, over HTTP (5-second timeouts). */
    public EntraBuyerSignIn(EntraSignInSettings settings, Clock clock) {
        this(settings, clock, AzureHttpTransport.urlConnection(HTTP_TIMEOUT, HTTP_TIMEOUT, DOCUMENT_SIZE_LIMIT));
    }

    /**
     * @param clock     the clock an ID token's {@code exp}, {@code nbf} and {@code iat} are checked against,
     *                  and the time of the sign-in
     * @param transport how the discovery document and the key set are fetched and the code is redeemed (the key
     *                  set's caching and rate limit run on the system clock)
     */
    public EntraBuyerSignIn(EntraSignInSettings settings, Clock clock, AzureHttpTransport transport) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * The provider's authorization endpoint with OpenID Connect's authorization request in its query: code flow,
     * answer in the query, scopes {@code openid profile email}, and the state, nonce and PKCE challenge (S256 of
     * the verifier, which itself never leaves us) of this sign-in.
     */
    @Override
    public URI authorizationUrl(String state, String nonce, String codeVerifier, URI redirectUri) {
        Objects.requireNonNull(redirectUri, "redirectUri");
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("response_mode", "query");
        query.put("client_id", settings.clientId());
        query.put("redirect_uri", redirectUri.toString());
        query.put("scope", SCOPE);
        query.put("state", requireText(state, "state"));
        query.put("nonce", requireText(nonce, "nonce"));
        query.put("code_challenge", s256(requireText(codeVerifier, "codeVerifier")));
        query.put("code_challenge_method", "S256");
        String endpoint = provider().metadata().authorizationEndpoint().toString();
        return URI.create(endpoint + (endpoint.contains("?") ? "&" : "?") + FormBody.encode(query));
    }

    /**
     * Reads the discovery document on a thread of its own if it is not known yet, so that a landing page's
     * resolve call and this read overlap; {@link #authorizationUrl} then waits for it (or, if it failed, reads
     * it again). At most one such read runs at a time.
     */
    @Override
    public void prepare() {
        if (provider == null) {
            readAhead.start(this::provider);
        }
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
        JWT idToken = redeem(current.metadata().tokenEndpoint(), code, requireText(codeVerifier, "codeVerifier"),
                redirectUri);
        JWTClaimsSet claims = current.idTokens(this::idTokensOf).validate(idToken, expectedNonce);
        BuyerIdentity buyer = identity(claims);
        LOG.info("buyer signed in: tenant={}", buyer.tenantId());
        return buyer;
    }

    /** Exchanges the code (with the verifier that proves we started this sign-in) for the ID token. */
    private JWT redeem(URI tokenEndpoint, String code, String verifier, URI redirectUri) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri.toString());
        form.put("code_verifier", verifier);
        form.put("client_id", settings.clientId());
        form.put("client_secret", settings.clientSecret());
        HttpAnswer answer;
        try {
            answer = transport.send("POST", tokenEndpoint, Map.of("Content-Type", FormBody.CONTENT_TYPE,
                    "Accept", "application/json"), FormBody.bytes(form));
        } catch (IOException e) {
            LOG.warn("sign-in token request failed: endpoint={} error={}", tokenEndpoint, e.getClass().getName());
            throw new MarketplaceUnavailableException("the sign-in provider could not be reached", e);
        }
        int status = answer.status();
        if (status >= 500 || status == 429) {
            LOG.warn("sign-in token request failed: endpoint={} status={}", tokenEndpoint, status);
            throw new MarketplaceUnavailableException("the sign-in provider failed with " + status, null);
        }
        Map<String, String> fields = fields(answer);
        if (status != 200) {
            throw refused(fields.get("error"));
        }
        if (isBlank(fields.get("access_token")) || isBlank(fields.get("token_type"))) {
            // not a token answer at all: nothing of it is trusted, nor echoed
            throw new SignInRejectedException("the token endpoint's answer is unreadable");
        }
        String idToken = fields.get("id_token");
        if (isBlank(idToken)) {
            throw new SignInRejectedException("the token endpoint's answer holds no ID token");
        }
        try {
            return JWTParser.parse(idToken);
        } catch (java.text.ParseException notJwt) {
            throw new SignInRejectedException("the token endpoint's answer is unreadable");
        }
    }

    /** The answer's top-level fields; none when it is no JSON object (an error status still says enough). */
    private static Map<String, String> fields(HttpAnswer answer) {
        try {
            return JsonScalars.of(answer.body()).orElse(Map.of());
        } catch (IOException notJson) {
            return Map.of();
        }
    }

    private SignInRejectedException refused(String error) {
        String code = error == null ? "unknown" : error;
        if ("invalid_client".equals(code) || "unauthorized_client".equals(code)) {
            // our configuration, not the buyer: a wrong or expired client secret, an unknown client id
            LOG.warn("sign-in token request refused our credentials: clientId={} error={}", settings.clientId(),
                    code);
            return new SignInRejectedException("the token endpoint refused our client credentials: " + code);
        }
        LOG.info("sign-in token request refused: error={}", code);
        return new SignInRejectedException("the token endpoint refused the authorization code: " + code);
    }

    /** PKCE's S256 challenge: the verifier's SHA-256, base64url without padding (RFC 7636). */
    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static String requireText(String value, String name) {
        if (isBlank(value)) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
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
            metadata = EntraProvider.discover(discoveryUri, transport);
        } catch (IOException e) {
            LOG.warn("sign-in discovery failed: uri={} error={}", discoveryUri, e.getClass().getName());
            throw new MarketplaceUnavailableException("the sign-in provider's discovery document could not be read",
                    e);
        } catch (EntraProvider.Unusable e) {
            LOG.warn("sign-in discovery document unusable: uri={} reason={}", discoveryUri, e.getMessage());
            throw new MarketplaceUnavailableException("the sign-in provider's discovery document is unusable", e);
        }
        LOG.info("sign-in provider discovered: issuer={}", metadata.issuer());
        return new Provider(metadata);
    }

    private EntraIdTokens idTokensOf(EntraProvider metadata) {
        return new EntraIdTokens(metadata, settings, clock, transport);
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
