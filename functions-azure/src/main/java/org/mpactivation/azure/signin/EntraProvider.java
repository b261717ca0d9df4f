package org.mpactivation.azure.signin;

import java.io.IOException;
import java.net.URI;
import java.util.Map;
import java.util.Objects;
import org.mpactivation.azure.http.AzureHttpTransport;
import org.mpactivation.azure.http.HttpAnswer;
import org.mpactivation.azure.http.JsonScalars;

/**
 * What the sign-in authority's discovery document says we need: the issuer (for a multi-tenant authority a
 * template holding {@code {tenantid}}), where to send the browser, where to redeem the code and where the
 * signing keys are published.
 *
 * <p>The four fields are picked from the document with the streaming parser: the landing page reads it to
 * send the buyer to the sign-in, and a whole metadata model (which, in the OpenID Connect SDK, also refuses a
 * multi-tenant Entra authority: its issuer {@code https://login.microsoftonline.com/{tenantid}/v2.0} is not a
 * legal URI) would cost its cold start a few hundred classes.
 */
record EntraProvider(String issuer, URI authorizationEndpoint, URI tokenEndpoint, URI keySetUri) {

    /** What Entra's multi-tenant discovery documents write where the token's own {@code tid} belongs. */
    static final String TENANT_PLACEHOLDER = "{tenantid}";

    EntraProvider {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
        Objects.requireNonNull(keySetUri, "keySetUri");
    }

    /**
     * Reads the document at {@code discoveryUri}.
     *
     * @throws IOException when it cannot be fetched (unreachable, not 2xx, too large)
     * @throws Unusable    when it is not a discovery document with the four fields
     */
    static EntraProvider discover(URI discoveryUri, AzureHttpTransport transport) throws IOException, Unusable {
        HttpAnswer answer = transport.send("GET", discoveryUri, Map.of("Accept", "application/json"), null);
        if (!answer.successful()) {
            throw new IOException("the discovery document answered " + answer.status());
        }
        Map<String, String> document;
        try {
            document = JsonScalars.of(answer.body())
                    .orElseThrow(() -> new Unusable("the discovery document is no JSON object"));
        } catch (IOException notJson) {
            throw new Unusable("the discovery document is no JSON");
        }
        String issuer = document.get("issuer");
        if (issuer == null || issuer.isBlank()) {
            throw new Unusable("the discovery document names no issuer");
        }
        return new EntraProvider(issuer, endpoint(document, "authorization_endpoint"),
                endpoint(document, "token_endpoint"), endpoint(document, "jwks_uri"));
    }

    /**
     * The issuer a token of tenant {@code tenantId} must carry: the discovery issuer with {@code {tenantid}}
     * replaced by it, or the discovery issuer itself for a single-tenant authority.
     */
    String issuerOf(String tenantId) {
        return issuer.replace(TENANT_PLACEHOLDER, tenantId);
    }

    private static URI endpoint(Map<String, String> document, String name) throws Unusable {
        String value = document.get(name);
        if (value == null || value.isBlank()) {
            throw new Unusable("the discovery document has no " + name);
        }
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException notUri) {
            throw new Unusable(name + " of the discovery document is not a URI");
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new Unusable(name + " of the discovery document is not an http(s) URL");
        }
        return uri;
    }

    /** A discovery document that was read but cannot be used. */
    static final class Unusable extends Exception {
        Unusable(String message) {
            super(message, null, false, false);
        }
    }
}
