package org.mpactivation.simulator.entra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The OpenID provider metadata of one authority, with the fields Entra's v2.0 document carries. For the
 * multi-tenant authorities the issuer is a template holding {@code {tenantid}}, as at Entra: a relying party
 * substitutes the token's {@code tid}.
 */
final class DiscoveryDocument {

    private DiscoveryDocument() {
    }

    static ObjectNode of(ObjectMapper json, String endpoint, Issuers issuers, String authority) {
        String base = endpoint + "/" + authority;
        String issuer = issuers.v2(Tenants.isMultiTenant(authority) ? "{tenantid}" : authority);
        ObjectNode document = json.createObjectNode();
        document.put("issuer", issuer);
        document.put("authorization_endpoint", base + "/oauth2/v2.0/authorize");
        document.put("token_endpoint", base + "/oauth2/v2.0/token");
        document.put("jwks_uri", base + "/discovery/v2.0/keys");
        document.putArray("token_endpoint_auth_methods_supported").add("client_secret_post").add("client_secret_basic");
        document.putArray("response_types_supported").add("code");
        document.putArray("response_modes_supported").add("query");
        document.putArray("grant_types_supported").add("authorization_code").add("client_credentials");
        document.putArray("scopes_supported").add("openid").add("profile").add("email");
        document.putArray("subject_types_supported").add("pairwise");
        document.putArray("id_token_signing_alg_values_supported").add("RS256");
        document.putArray("code_challenge_methods_supported").add("S256");
        document.putArray("claims_supported").add("sub").add("iss").add("aud").add("exp").add("iat").add("nbf")
                .add("nonce").add("tid").add("oid").add("email").add("preferred_username").add("name").add("ver");
        document.put("tenant_region_scope", "NA");
        return document;
    }
}
