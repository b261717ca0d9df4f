package org.mpactivation.azure.fulfillment;

import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.ClientCredentialsGrant;
import com.nimbusds.oauth2.sdk.ErrorObject;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.ClientSecretPost;
import com.nimbusds.oauth2.sdk.auth.Secret;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.token.AccessToken;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-credentials tokens from Microsoft Entra ID (or any OAuth 2.0 token endpoint standing in for it) for the
 * marketplace APIs, cached until shortly before they expire.
 *
 * <p>The OAuth 2.0 SDK is used rather than MSAL: MSAL refuses any authority that is not https, so it cannot be
 * pointed at a local stand-in of Entra ID, which the local run and the tests need.
 */
public final class EntraClientCredentials implements AccessTokens {

    /** The application id of the Azure Marketplace APIs: the resource the tokens are for. */
    public static final String MARKETPLACE_RESOURCE = "20e940b3-4c77-4b0b-9a53-9e16a1b010a7";
    public static final URI ENTRA_AUTHORITY_HOST = URI.create("https://login.microsoftonline.com");

    private static final Logger LOG = LoggerFactory.getLogger(EntraClientCredentials.class);
    private static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    private static final int TIMEOUT_MILLIS = 10_000;

    private final URI tokenEndpoint;
    private final ClientID clientId;
    private final Secret secret;
    private final Scope scope = new Scope(MARKETPLACE_RESOURCE + "/.default");
    private final Clock clock;

    private CachedToken cached;

    public EntraClientCredentials(URI tokenEndpoint, String clientId, String clientSecret, Clock clock) {
        this.tokenEndpoint = Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        this.clientId = new ClientID(requireText(clientId, "clientId"));
        this.secret = new Secret(requireText(clientSecret, "clientSecret"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The v2.0 token endpoint of a tenant below an authority host ({@link #ENTRA_AUTHORITY_HOST} in Azure). */
    public static EntraClientCredentials forTenant(URI authorityHost, String tenantId, String clientId,
            String clientSecret, Clock clock) {
        String host = authorityHost.toString().replaceAll("/+$", "");
        URI endpoint = URI.create(host + "/" + requireText(tenantId, "tenantId") + "/oauth2/v2.0/token");
        return new EntraClientCredentials(endpoint, clientId, clientSecret, clock);
    }

    @Override
    public synchronized String token() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(cached.refreshAt())) {
            cached = fetch(now);
        }
        return cached.value();
    }

    @Override
    public synchronized void invalidate() {
        cached = null;
    }

    private CachedToken fetch(Instant now) {
        TokenRequest request = new TokenRequest(tokenEndpoint, new ClientSecretPost(clientId, secret),
                new ClientCredentialsGrant(), scope);
        HTTPRequest http = request.toHTTPRequest();
        http.setConnectTimeout(TIMEOUT_MILLIS);
        http.setReadTimeout(TIMEOUT_MILLIS);
        TokenResponse response;
        try {
            response = TokenResponse.parse(http.send());
        } catch (IOException | ParseException e) {
            LOG.warn("marketplace token request failed: endpoint={} error={}", tokenEndpoint, e.getClass().getName());
            throw new MarketplaceUnavailableException("the token endpoint could not be reached", e);
        }
        if (!response.indicatesSuccess()) {
            throw refused(response.toErrorResponse().getErrorObject());
        }
        AccessTokenResponse success = response.toSuccessResponse();
        AccessToken token = success.getTokens().getAccessToken();
        long lifetime = token.getLifetime() > 0 ? token.getLifetime() : 300;
        Instant refreshAt = now.plusSeconds(lifetime).minus(margin(lifetime));
        LOG.info("marketplace token acquired: clientId={} lifetimeSeconds={}", clientId, lifetime);
        return new CachedToken(token.getValue(), refreshAt);
    }

    private RuntimeException refused(ErrorObject error) {
        int status = error.getHTTPStatusCode();
        LOG.warn("marketplace token refused: clientId={} status={} error={}", clientId, status, error.getCode());
        if (status >= 500 || status == 429) {
            return new MarketplaceUnavailableException("the token endpoint failed with " + status, null);
        }
        // invalid_client (a wrong or expired secret), unauthorized_client, invalid_scope: our configuration
        return new MarketplaceAccessException("the token endpoint refused our credentials: " + error.getCode(), null);
    }

    /** Five minutes, or a tenth of a short lifetime, so that a token is never used right at its end. */
    private static Duration margin(long lifetimeSeconds) {
        Duration tenth = Duration.ofSeconds(lifetimeSeconds / 10);
        return tenth.compareTo(REFRESH_MARGIN) < 0 ? tenth : REFRESH_MARGIN;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private record CachedToken(String value, Instant refreshAt) {
    }
}
