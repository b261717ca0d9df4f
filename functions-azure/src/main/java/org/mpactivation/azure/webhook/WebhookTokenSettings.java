package org.mpactivation.azure.webhook;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * What a webhook token must show to be accepted, and where the keys that sign it are published.
 *
 * @param tenantId              our directory: the token's {@code tid} and the tenant in its issuer
 * @param audience              our application (client) id: the token's {@code aud}
 * @param marketplaceAppId      the marketplace's application: {@code appid} (v1) or {@code azp} (v2)
 * @param keySetUri             the JWK set of the tenant's signing keys
 * @param v1IssuerAuthority     the base of v1 issuers ({@code https://sts.windows.net} at Entra)
 * @param v2IssuerAuthority     the base of v2 issuers ({@code https://login.microsoftonline.com} at Entra)
 * @param clockSkew             how far {@code exp} and {@code nbf} may be off our clock
 * @param keySetLifetime        how long a fetched key set is used before it is fetched again
 * @param keySetRefetchInterval the shortest time in which the key set is fetched at most twice, whatever the
 *                              number of tokens naming unknown keys
 */
public record WebhookTokenSettings(String tenantId, String audience, String marketplaceAppId, URI keySetUri,
        String v1IssuerAuthority, String v2IssuerAuthority, Duration clockSkew, Duration keySetLifetime,
        Duration keySetRefetchInterval) {

    /** Azure Marketplace's SaaS Fulfillment application: the caller named in its webhook tokens. */
    public static final String MARKETPLACE_APP_ID = "20e940b3-4c77-4b0b-9a53-9e16a1b010a7";
    public static final String ENTRA_V1_AUTHORITY = "https://sts.windows.net";
    public static final String ENTRA_V2_AUTHORITY = "https://login.microsoftonline.com";
    /** Small on purpose: Entra's clocks are good, and a token lives an hour anyway. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(1);
    public static final Duration DEFAULT_KEY_SET_LIFETIME = Duration.ofMinutes(15);
    public static final Duration DEFAULT_KEY_SET_REFETCH_INTERVAL = Duration.ofSeconds(30);

    public WebhookTokenSettings {
        requireText(tenantId, "tenantId");
        requireText(audience, "audience");
        requireText(marketplaceAppId, "marketplaceAppId");
        Objects.requireNonNull(keySetUri, "keySetUri");
        if (!"https".equals(keySetUri.getScheme()) && !"http".equals(keySetUri.getScheme())) {
            throw new IllegalArgumentException("keySetUri must be an http(s) URL");
        }
        v1IssuerAuthority = trimSlash(requireText(v1IssuerAuthority, "v1IssuerAuthority"));
        v2IssuerAuthority = trimSlash(requireText(v2IssuerAuthority, "v2IssuerAuthority"));
        if (Objects.requireNonNull(clockSkew, "clockSkew").isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative");
        }
        requirePositive(keySetLifetime, "keySetLifetime");
        requirePositive(keySetRefetchInterval, "keySetRefetchInterval");
    }

    /**
     * The settings for Entra ID in the global cloud: the tenant's published key set
     * ({@code https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys}, the {@code jwks_uri} of its
     * discovery document), Entra's issuers, the marketplace's application and the default timings.
     */
    public static WebhookTokenSettings forTenant(String tenantId, String audience) {
        URI keys = URI.create(ENTRA_V2_AUTHORITY + "/" + requireText(tenantId, "tenantId") + "/discovery/v2.0/keys");
        return new WebhookTokenSettings(tenantId, audience, MARKETPLACE_APP_ID, keys, ENTRA_V1_AUTHORITY,
                ENTRA_V2_AUTHORITY, DEFAULT_CLOCK_SKEW, DEFAULT_KEY_SET_LIFETIME, DEFAULT_KEY_SET_REFETCH_INTERVAL);
    }

    /** The same checks against keys published elsewhere (a local stand-in, another cloud). */
    public WebhookTokenSettings withKeySetUri(URI uri) {
        return new WebhookTokenSettings(tenantId, audience, marketplaceAppId, uri, v1IssuerAuthority,
                v2IssuerAuthority, clockSkew, keySetLifetime, keySetRefetchInterval);
    }

    /** Issuers under other bases than Entra's global cloud. */
    public WebhookTokenSettings withIssuerAuthorities(String v1, String v2) {
        return new WebhookTokenSettings(tenantId, audience, marketplaceAppId, keySetUri, v1, v2, clockSkew,
                keySetLifetime, keySetRefetchInterval);
    }

    public WebhookTokenSettings withMarketplaceAppId(String appId) {
        return new WebhookTokenSettings(tenantId, audience, appId, keySetUri, v1IssuerAuthority,
                v2IssuerAuthority, clockSkew, keySetLifetime, keySetRefetchInterval);
    }

    public WebhookTokenSettings withKeySetTimings(Duration lifetime, Duration refetchInterval) {
        return new WebhookTokenSettings(tenantId, audience, marketplaceAppId, keySetUri, v1IssuerAuthority,
                v2IssuerAuthority, clockSkew, lifetime, refetchInterval);
    }

    /** {@code <v1 authority>/{tid}/}, with the trailing slash Entra writes. */
    public String v1Issuer() {
        return v1IssuerAuthority + "/" + tenantId + "/";
    }

    /** {@code <v2 authority>/{tid}/v2.0}. */
    public String v2Issuer() {
        return v2IssuerAuthority + "/" + tenantId + "/v2.0";
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
    }

    private static String trimSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
