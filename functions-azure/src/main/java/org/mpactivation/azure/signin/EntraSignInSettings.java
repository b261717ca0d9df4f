package org.mpactivation.azure.signin;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Who we are to Microsoft Entra ID when a buyer signs in, and whom we let in, read from the app settings
 * (environment) so that one build signs buyers in at Entra or at a local stand-in. Values are never printed; a
 * missing setting is named.
 *
 * @param authority             the v2.0 authority whose discovery document is read: multi-tenant
 *                              ({@code https://login.microsoftonline.com/organizations/v2.0}) by default
 * @param clientId              the landing page's application (client) id: the ID token's {@code aud}
 * @param clientSecret          that application's client secret, for the token request
 * @param allowedTenants        the directories ({@code tid}) whose users may sign in; empty admits every one
 * @param clockSkew             how far {@code exp}, {@code nbf} and {@code iat} may be off our clock
 * @param keySetLifetime        how long a fetched key set is used before it is fetched again
 * @param keySetRefetchInterval the shortest time in which the key set is fetched at most twice, whatever the
 *                              number of tokens naming unknown keys
 */
public record EntraSignInSettings(URI authority, String clientId, String clientSecret, Set<String> allowedTenants,
        Duration clockSkew, Duration keySetLifetime, Duration keySetRefetchInterval) {

    public static final String AUTHORITY = "AZURE_SIGNIN_AUTHORITY";
    public static final String CLIENT_ID = "AZURE_SIGNIN_CLIENT_ID";
    public static final String CLIENT_SECRET = "AZURE_SIGNIN_CLIENT_SECRET";
    /** Tenant ids separated by commas or spaces; unset or empty admits every tenant. */
    public static final String ALLOWED_TENANTS = "AZURE_SIGNIN_ALLOWED_TENANTS";

    /** Work and school accounts of any tenant, as certification of a SaaS landing page expects. */
    public static final URI DEFAULT_AUTHORITY = URI.create("https://login.microsoftonline.com/organizations/v2.0");
    /** Small on purpose: Entra's clocks are good, and an ID token is used the moment it arrives. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(1);
    public static final Duration DEFAULT_KEY_SET_LIFETIME = Duration.ofMinutes(15);
    public static final Duration DEFAULT_KEY_SET_REFETCH_INTERVAL = Duration.ofSeconds(30);

    public EntraSignInSettings {
        authority = httpUrl(Objects.requireNonNull(authority, "authority"), "authority");
        requireText(clientId, "clientId");
        requireText(clientSecret, "clientSecret");
        allowedTenants = normalized(Objects.requireNonNull(allowedTenants, "allowedTenants"));
        if (Objects.requireNonNull(clockSkew, "clockSkew").isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative");
        }
        requirePositive(keySetLifetime, "keySetLifetime");
        requirePositive(keySetRefetchInterval, "keySetRefetchInterval");
    }

    /** Every tenant admitted, default timings. */
    public static EntraSignInSettings of(URI authority, String clientId, String clientSecret) {
        return new EntraSignInSettings(authority, clientId, clientSecret, Set.of(), DEFAULT_CLOCK_SKEW,
                DEFAULT_KEY_SET_LIFETIME, DEFAULT_KEY_SET_REFETCH_INTERVAL);
    }

    /**
     * Reads the settings; the authority defaults to {@link #DEFAULT_AUTHORITY}.
     *
     * @throws IllegalStateException naming every missing setting, or the one that is not a URL
     */
    public static EntraSignInSettings from(Map<String, String> env) {
        List<String> missing = new ArrayList<>();
        String client = required(env, CLIENT_ID, missing);
        String secret = required(env, CLIENT_SECRET, missing);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Entra sign-in settings missing: " + String.join(", ", missing));
        }
        String authority = env.get(AUTHORITY);
        URI authorityUri = DEFAULT_AUTHORITY;
        if (authority != null && !authority.isBlank()) {
            try {
                authorityUri = httpUrl(URI.create(authority.trim()), AUTHORITY);
            } catch (IllegalArgumentException notUrl) {
                throw new IllegalStateException(AUTHORITY + " must be an http(s) URL");
            }
        }
        return of(authorityUri, client, secret).withAllowedTenants(tenantList(env.get(ALLOWED_TENANTS)));
    }

    public EntraSignInSettings withAllowedTenants(Set<String> tenants) {
        return new EntraSignInSettings(authority, clientId, clientSecret, tenants, clockSkew, keySetLifetime,
                keySetRefetchInterval);
    }

    public EntraSignInSettings withKeySetTimings(Duration lifetime, Duration refetchInterval) {
        return new EntraSignInSettings(authority, clientId, clientSecret, allowedTenants, clockSkew, lifetime,
                refetchInterval);
    }

    /** {@code <authority>/.well-known/openid-configuration}, as OpenID Connect Discovery places it. */
    public URI discoveryUri() {
        String base = authority.toString().replaceAll("/+$", "");
        return URI.create(base + "/.well-known/openid-configuration");
    }

    /** Whether users of this directory may sign in: every directory when no allow-list is set. */
    public boolean admits(String tenantId) {
        return allowedTenants.isEmpty()
                || (tenantId != null && allowedTenants.contains(tenantId.toLowerCase(Locale.ROOT)));
    }

    /** The sign-in, built once per host; it reads the discovery document on first use. */
    public EntraBuyerSignIn buyerSignIn(Clock clock) {
        return new EntraBuyerSignIn(this, clock);
    }

    @Override
    public String toString() {
        return "EntraSignInSettings[authority=" + authority + ", clientId=" + clientId + ", clientSecret=***"
                + ", allowedTenants=" + allowedTenants + ", clockSkew=" + clockSkew + ", keySetLifetime="
                + keySetLifetime + ", keySetRefetchInterval=" + keySetRefetchInterval + "]";
    }

    private static Set<String> tenantList(String value) {
        Set<String> tenants = new LinkedHashSet<>();
        if (value != null) {
            for (String tenant : value.split("[,;\\s]+")) {
                if (!tenant.isEmpty()) {
                    tenants.add(tenant);
                }
            }
        }
        return tenants;
    }

    /** Tenant ids are GUIDs, which Entra writes in lower case; compared the same way whatever was configured. */
    private static Set<String> normalized(Set<String> tenants) {
        Set<String> lower = new LinkedHashSet<>();
        for (String tenant : tenants) {
            lower.add(requireText(tenant, "allowedTenants entry").trim().toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(lower);
    }

    private static String required(Map<String, String> env, String name, List<String> missing) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            missing.add(name);
            return null;
        }
        return value.trim();
    }

    private static URI httpUrl(URI uri, String name) {
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an http(s) URL");
        }
        return uri;
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
}
