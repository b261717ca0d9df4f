package org.mpactivation.azure.signin;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.util.JSONObjectUtils;
import java.io.IOException;
import java.net.URI;
import java.util.Objects;
import net.minidev.json.JSONObject;

/**
 * What the sign-in authority's discovery document says we need: the issuer (for a multi-tenant authority a
 * template holding {@code {tenantid}}), where to send the browser, where to redeem the code and where the
 * signing keys are published.
 *
 * <p>The fields are picked from the document with the SDK's JSON helpers instead of its
 * {@code OIDCProviderMetadata}, which refuses the whole document of a multi-tenant Entra authority: its issuer
 * {@code https://login.microsoftonline.com/{tenantid}/v2.0} is not a legal URI.
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
     * @throws IOException    when it cannot be fetched (unreachable, not 2xx)
     * @throws ParseException when it is not a discovery document with the four fields
     */
    static EntraProvider discover(URI discoveryUri, ResourceRetriever retriever) throws IOException, ParseException {
        Resource resource = retriever.retrieveResource(discoveryUri.toURL());
        JSONObject document = JSONObjectUtils.parse(resource.getContent());
        String issuer = JSONObjectUtils.getString(document, "issuer");
        if (issuer.isBlank()) {
            throw new ParseException("the discovery document names no issuer");
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

    private static URI endpoint(JSONObject document, String name) throws ParseException {
        URI uri = JSONObjectUtils.getURI(document, name);
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
            throw new ParseException(name + " of the discovery document is not an http(s) URL");
        }
        return uri;
    }
}
