package org.mpactivation.azure.fulfillment;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.mpactivation.azure.http.AzureHttpTransport;
import org.mpactivation.azure.http.FormBody;
import org.mpactivation.azure.http.HttpAnswer;
import org.mpactivation.azure.http.ReadAhead;
import org.mpactivation.azure.http.JsonScalars;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client-credentials tokens from Microsoft Entra ID (or any OAuth 2.0 token endpoint standing in for it) for the
 * marketplace APIs, cached until shortly before they expire.
 *
 * <p>The request is OAuth 2.0's plain form post ({@code grant_type=client_credentials}, the client id and
 * secret in the body, {@code scope=<resource>/.default}) and its JSON answer is read with the streaming parser:
 * MSAL refuses any authority that is not https, so it cannot be pointed at a local stand-in of Entra ID, and an
 * OAuth SDK would load a few hundred classes onto the landing page's cold start for these few fields.
 */
public final class EntraClientCredentials implements AccessTokens {

    /** The application id of the Azure Marketplace APIs: the resource the tokens are for. */
    public static final String MARKETPLACE_RESOURCE = "20e940b3-4c77-4b0b-9a53-9e16a1b010a7";
    public static final URI ENTRA_AUTHORITY_HOST = URI.create("https://login.microsoftonline.com");

    private static final Logger LOG = LoggerFactory.getLogger(EntraClientCredentials.class);
    private static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** A token answer is a few kilobytes. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final String SCOPE = MARKETPLACE_RESOURCE + "/.default";

    private final URI tokenEndpoint;
    private final String clientId;
    private final String secret;
    private final Clock clock;
    private final AzureHttpTransport transport;

    private CachedToken cached;
    private final ReadAhead readAhead = new ReadAhead("marketplace-token");

    public EntraClientCredentials(URI tokenEndpoint, String clientId, String clientSecret, Clock clock) {
        this(tokenEndpoint, clientId, clientSecret, clock,
                AzureHttpTransport.urlConnection(TIMEOUT, TIMEOUT, MAX_ANSWER_BYTES));
    }

    /** @param transport how the token requests are sent (10-second timeouts by default) */
    public EntraClientCredentials(URI tokenEndpoint, String clientId, String clientSecret, Clock clock,
            AzureHttpTransport transport) {
        this.tokenEndpoint = Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        this.clientId = requireText(clientId, "clientId");
        this.secret = requireText(clientSecret, "clientSecret");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.transport = Objects.requireNonNull(transport, "transport");
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

    /**
     * Fetches a token on a thread of its own when none is cached or the cached one is due for renewal: a
     * {@link #token} meanwhile waits for it. At most one such fetch runs at a time; one that fails was logged,
     * and the next {@link #token} tries again.
     */
    @Override
    public void prepare() {
        synchronized (this) {
            if (cached != null && clock.instant().isBefore(cached.refreshAt())) {
                return;
            }
        }
        readAhead.start(this::token);
    }

    private CachedToken fetch(Instant now) {
        HttpAnswer answer;
        Map<String, String> fields;
        try {
            answer = transport.send("POST", tokenEndpoint, Map.of("Content-Type", FormBody.CONTENT_TYPE,
                    "Accept", "application/json"), FormBody.bytes(form()));
            // an error answer that is no JSON object still says enough by its status
            fields = answer.status() == 200 ? JsonScalars.of(answer.body()).orElse(Map.of()) : errorFields(answer);
        } catch (IOException e) {
            LOG.warn("marketplace token request failed: endpoint={} error={}", tokenEndpoint, e.getClass().getName());
            throw new MarketplaceUnavailableException("the token endpoint could not be reached", e);
        }
        if (answer.status() != 200) {
            throw refused(answer.status(), fields.get("error"));
        }
        String token = fields.get("access_token");
        if (token == null || token.isBlank() || !"bearer".equalsIgnoreCase(fields.get("token_type"))) {
            LOG.warn("marketplace token answer unusable: endpoint={}", tokenEndpoint);
            throw new MarketplaceUnavailableException("the token endpoint's answer holds no bearer token", null);
        }
        long lifetime = lifetime(fields.get("expires_in"));
        Instant refreshAt = now.plusSeconds(lifetime).minus(margin(lifetime));
        LOG.info("marketplace token acquired: clientId={} lifetimeSeconds={}", clientId, lifetime);
        return new CachedToken(token, refreshAt);
    }

    /** Client credentials in the body ({@code client_secret_post}), as Entra ID accepts them. */
    private Map<String, String> form() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        form.put("scope", SCOPE);
        return form;
    }

    private static Map<String, String> errorFields(HttpAnswer answer) {
        try {
            return JsonScalars.of(answer.body()).orElse(Map.of());
        } catch (IOException notJson) {
            return Map.of();
        }
    }

    /** {@code expires_in} as a number or as text (Entra's v1 endpoint writes it so); five minutes if absent. */
    private static long lifetime(String expiresIn) {
        try {
            long seconds = expiresIn == null ? 0 : Long.parseLong(expiresIn.trim());
            return seconds > 0 ? seconds : 300;
        } catch (NumberFormatException notNumber) {
            return 300;
        }
    }

    private RuntimeException refused(int status, String error) {
        LOG.warn("marketplace token refused: clientId={} status={} error={}", clientId, status, error);
        if (status >= 500 || status == 429) {
            return new MarketplaceUnavailableException("the token endpoint failed with " + status, null);
        }
        // invalid_client (a wrong or expired secret), unauthorized_client, invalid_scope: our configuration
        return new MarketplaceAccessException("the token endpoint refused our credentials: " + error, null);
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
