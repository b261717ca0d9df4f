package org.mpactivation.simulator.entra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.net.InetAddress;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mpactivation.simulator.LoopbackServer;

/**
 * A local OpenID Connect / OAuth 2.0 provider standing in for Microsoft Entra ID: per-tenant discovery
 * documents and key set, the token endpoint (client credentials; authorization code with PKCE), and a sign-in
 * page offering the registered test users. It also mints the tokens Azure Marketplace puts on its webhook
 * calls, good and deliberately bad.
 *
 * <pre>{@code
 * try (EntraSimulator entra = EntraSimulator.start()) {
 *     entra.registerApp(new RegisteredApp(clientId, secret, List.of("http://127.0.0.1:8080/signin")));
 *     entra.addUser(new DirectoryUser(tenantId, objectId, "buyer@contoso.example", "Buyer"));
 *     URI discovery = entra.discoveryUri("common");
 *     String webhookToken = entra.marketplaceWebhookToken(clientId, tenantId, TokenForm.V1);
 * }
 * }</pre>
 *
 * <p>Listens on the loopback address by default. Thread-safe; {@link #close()} stops the server.
 */
public final class EntraSimulator implements AutoCloseable {

    /** The application id of Azure Marketplace's SaaS Fulfillment API: the resource of its tokens. */
    public static final String MARKETPLACE_APP_ID = "20e940b3-4c77-4b0b-9a53-9e16a1b010a7";
    /** Authorization codes are short-lived at Entra (about ten minutes); the simulator's default. */
    public static final Duration DEFAULT_CODE_LIFETIME = Duration.ofMinutes(10);
    /** Access tokens live for an hour by default. */
    public static final Duration DEFAULT_ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);

    private final Clock clock;
    private final SigningKeys keys = new SigningKeys();
    private final Directory directory;
    private final SignInState signIns;
    private final TokenMinter minter;
    private final TokenEndpoint tokens;
    private final LoopbackServer server;
    private final URI endpoint;

    private EntraSimulator(Builder builder) {
        this.clock = builder.clock;
        this.directory = new Directory(builder.defaultTokenForm);
        this.signIns = new SignInState(clock, builder.codeLifetime, builder.codeLifetime);
        this.server = LoopbackServer.bind(builder.address, builder.port, builder.threads, "entra-simulator");
        this.endpoint = server.uri();
        Issuers issuers = builder.issuers != null ? builder.issuers : Issuers.at(endpoint.toString());
        this.minter = new TokenMinter(clock, keys, issuers, builder.accessTokenLifetime);
        ObjectMapper json = new ObjectMapper();
        AuthorizeEndpoint authorize = new AuthorizeEndpoint(directory, signIns, endpoint.toString());
        this.tokens = new TokenEndpoint(json, directory, signIns, minter);
        server.start(new OpenIdEndpoint(json, clock, endpoint.toString(), issuers, keys, authorize, tokens));
    }

    /** Starts a provider on a free loopback port with the system clock. */
    public static EntraSimulator start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- the server ----

    /** The base of every path, e.g. {@code http://127.0.0.1:41234}: what stands for {@code login.microsoftonline.com}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The v2.0 authority of a tenant (or {@code common}): {@code <endpoint>/<tenant>/v2.0}. */
    public URI authority(String tenant) {
        return URI.create(endpoint + "/" + tenant + "/v2.0");
    }

    public URI discoveryUri(String tenant) {
        return URI.create(endpoint + "/" + tenant + OpenIdEndpoint.DISCOVERY);
    }

    public URI keySetUri(String tenant) {
        return URI.create(endpoint + "/" + tenant + OpenIdEndpoint.KEYS);
    }

    public URI tokenUri(String tenant) {
        return URI.create(endpoint + "/" + tenant + OpenIdEndpoint.TOKEN);
    }

    public URI authorizationUri(String tenant) {
        return URI.create(endpoint + "/" + tenant + OpenIdEndpoint.AUTHORIZE);
    }

    /** The issuer names written into tokens. */
    public Issuers issuers() {
        return minter.issuers();
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public void close() {
        server.close();
    }

    // ---- registrations ----

    public void registerApp(RegisteredApp app) {
        directory.register(Objects.requireNonNull(app, "app"));
    }

    public void addUser(DirectoryUser user) {
        directory.add(Objects.requireNonNull(user, "user"));
    }

    public List<DirectoryUser> users() {
        return directory.usersFor("common");
    }

    /** The access-token form a resource receives from the client-credentials grant (the builder's default otherwise). */
    public void tokenForm(String resource, TokenForm form) {
        directory.tokenForm(Objects.requireNonNull(resource, "resource"), Objects.requireNonNull(form, "form"));
    }

    /** Forgets every application, user, sign-in, code and pending defect; the keys stay. */
    public void reset() {
        directory.clear();
        signIns.clear();
        tokens.clearDefects();
    }

    // ---- keys ----

    /** The published key set, public parts only. */
    public JWKSet publicKeys() {
        return keys.publicKeySet();
    }

    /**
     * Whether {@code token} is an access token this provider signed (with a key it still publishes)
     * for {@code resource}, and unexpired by its clock: how a resource server it stands in for, such
     * as the Azure Marketplace simulator, accepts a bearer token.
     */
    public boolean issuedFor(String resource, String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWK key = publicKeys().getKeyByKeyId(jwt.getHeader().getKeyID());
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            return key instanceof RSAKey rsa
                    && jwt.verify(new RSASSAVerifier(rsa))
                    && claims.getAudience().contains(resource)
                    && claims.getExpirationTime() != null
                    && claims.getExpirationTime().toInstant().isAfter(clock.instant());
        } catch (ParseException | JOSEException | RuntimeException e) {
            return false;
        }
    }

    public String signingKeyId() {
        return keys.active().getKeyID();
    }

    /** Publishes a second key that does not sign yet (as Entra does before a rollover); returns its kid. */
    public String publishNextKey() {
        return keys.publishNext();
    }

    /**
     * Rolls the keys over: the published next key (or a new one) signs from now on.
     *
     * @param keepPrevious whether the previous key stays published, so that the tokens it signed still verify
     */
    public String rotateKeys(boolean keepPrevious) {
        return keys.rotate(keepPrevious);
    }

    public Optional<String> nextKeyId() {
        return keys.nextKeyId();
    }

    // ---- minted tokens ----

    /** Signs any claims with the current signing key (header {@code alg: RS256, typ: JWT, kid}). */
    public String signedToken(Map<String, Object> claims) {
        try {
            return minter.sign(JWTClaimsSet.parse(claims));
        } catch (ParseException e) {
            throw new IllegalArgumentException("claims are not a valid JWT claims set: " + e.getMessage(), e);
        }
    }

    /** The claims of an app-only access token of {@code callerAppId} in {@code tenantId} for {@code audience}. */
    public JWTClaimsSet appTokenClaims(TokenForm form, String tenantId, String audience, String callerAppId) {
        return minter.appAccessToken(form, tenantId, audience, callerAppId);
    }

    /**
     * A token as Azure Marketplace's webhook calls carry it: issued in the publisher's tenant, {@code aud} the
     * publisher's application, {@code appid} / {@code azp} the marketplace's application, an hour to live.
     */
    public String marketplaceWebhookToken(String audience, String tenantId, TokenForm form) {
        return minter.sign(minter.appAccessToken(form, tenantId, audience, MARKETPLACE_APP_ID));
    }

    /** {@link #marketplaceWebhookToken(String, String, TokenForm)} in the v1 form. */
    public String marketplaceWebhookToken(String audience, String tenantId) {
        return marketplaceWebhookToken(audience, tenantId, TokenForm.V1);
    }

    /** A marketplace webhook token with one defect, for tests that a relying party refuses it. */
    public String badMarketplaceWebhookToken(String audience, String tenantId, TokenForm form, TokenDefect defect) {
        JWTClaimsSet good = minter.appAccessToken(form, tenantId, audience, MARKETPLACE_APP_ID);
        return minter.spoil(good, form, Objects.requireNonNull(defect, "defect"));
    }

    /**
     * The next authorization-code redemption answers with an ID token spoilt by {@code defect} (claims of the
     * v2 form; the code, PKCE and client checks still apply); the redemptions after it get good tokens again.
     * How a relying party's sign-in is tested against every way an ID token can be wrong.
     */
    public void spoilNextIdToken(TokenDefect defect) {
        tokens.spoilNextIdToken(Objects.requireNonNull(defect, "defect"));
    }

    /** Settings of a provider to start. */
    public static final class Builder {
        private Clock clock = Clock.systemUTC();
        private InetAddress address = InetAddress.getLoopbackAddress();
        private int port;
        private int threads = 4;
        private Duration codeLifetime = DEFAULT_CODE_LIFETIME;
        private Duration accessTokenLifetime = DEFAULT_ACCESS_TOKEN_LIFETIME;
        private TokenForm defaultTokenForm = TokenForm.V1;
        private Issuers issuers;

        private Builder() {
        }

        /** The clock of token times and code expiry. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port " + port);
            }
            this.port = port;
            return this;
        }

        /** The address to listen on; the loopback address by default. */
        public Builder address(InetAddress address) {
            this.address = Objects.requireNonNull(address, "address");
            return this;
        }

        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be positive");
            }
            this.threads = threads;
            return this;
        }

        /** How long an authorization code (and a sign-in page) stays valid; {@link #DEFAULT_CODE_LIFETIME} by default. */
        public Builder codeLifetime(Duration lifetime) {
            this.codeLifetime = positive(lifetime);
            return this;
        }

        public Builder accessTokenLifetime(Duration lifetime) {
            this.accessTokenLifetime = positive(lifetime);
            return this;
        }

        /** The access-token form of resources with no form of their own; v1 by default. */
        public Builder defaultTokenForm(TokenForm form) {
            this.defaultTokenForm = Objects.requireNonNull(form, "form");
            return this;
        }

        /** The issuer names to write into tokens; the simulator's own endpoint by default. */
        public Builder issuers(Issuers issuers) {
            this.issuers = Objects.requireNonNull(issuers, "issuers");
            return this;
        }

        public EntraSimulator start() {
            return new EntraSimulator(this);
        }

        private static Duration positive(Duration lifetime) {
            if (lifetime.isNegative() || lifetime.isZero()) {
                throw new IllegalArgumentException("a lifetime must be positive");
            }
            return lifetime;
        }
    }

}
