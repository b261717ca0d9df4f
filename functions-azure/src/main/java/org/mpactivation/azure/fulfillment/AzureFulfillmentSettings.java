package org.mpactivation.azure.fulfillment;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the Fulfillment API client goes and who it is, read from the app settings (environment), so one build
 * talks to Azure, the local simulator or any other implementation of these APIs. Values are never printed; a
 * missing setting is named.
 */
public record AzureFulfillmentSettings(URI fulfillmentBaseUrl, URI tokenAuthority, String tenantId, String clientId,
        String clientSecret) {

    public static final String FULFILLMENT_BASE_URL = "AZURE_FULFILLMENT_BASE_URL";
    public static final String TOKEN_AUTHORITY = "AZURE_TOKEN_AUTHORITY";
    public static final String TENANT_ID = "AZURE_MARKETPLACE_TENANT_ID";
    public static final String CLIENT_ID = "AZURE_MARKETPLACE_CLIENT_ID";
    public static final String CLIENT_SECRET = "AZURE_MARKETPLACE_CLIENT_SECRET";

    public AzureFulfillmentSettings {
        Objects.requireNonNull(fulfillmentBaseUrl, "fulfillmentBaseUrl");
        Objects.requireNonNull(tokenAuthority, "tokenAuthority");
    }

    /**
     * Reads the settings; the base URL and the authority default to Azure's.
     *
     * @throws IllegalStateException naming every missing setting
     */
    public static AzureFulfillmentSettings from(Map<String, String> env) {
        List<String> missing = new ArrayList<>();
        String tenant = required(env, TENANT_ID, missing);
        String client = required(env, CLIENT_ID, missing);
        String secret = required(env, CLIENT_SECRET, missing);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("Azure Marketplace API settings missing: " + String.join(", ", missing));
        }
        return new AzureFulfillmentSettings(
                uri(env, FULFILLMENT_BASE_URL, HttpAzureFulfillment.DEFAULT_BASE_URI),
                uri(env, TOKEN_AUTHORITY, EntraClientCredentials.ENTRA_AUTHORITY_HOST), tenant, client, secret);
    }

    /** The client, with its token source, built once per host. */
    public HttpAzureFulfillment client(Clock clock) {
        return new HttpAzureFulfillment(fulfillmentBaseUrl,
                EntraClientCredentials.forTenant(tokenAuthority, tenantId, clientId, clientSecret, clock));
    }

    @Override
    public String toString() {
        return "AzureFulfillmentSettings[fulfillmentBaseUrl=" + fulfillmentBaseUrl + ", tokenAuthority="
                + tokenAuthority + ", tenantId=" + tenantId + ", clientId=" + clientId + ", clientSecret=***]";
    }

    private static String required(Map<String, String> env, String name, List<String> missing) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            missing.add(name);
            return null;
        }
        return value.trim();
    }

    private static URI uri(Map<String, String> env, String name, URI fallback) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        URI uri = URI.create(value.trim());
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new IllegalStateException(name + " must be an http(s) URL");
        }
        return uri;
    }
}
