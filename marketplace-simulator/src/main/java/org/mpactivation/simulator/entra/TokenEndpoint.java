package org.mpactivation.simulator.entra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jwt.JWTClaimsSet;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code POST /{tenant}/oauth2/v2.0/token}: the client-credentials grant (an app-only access token for
 * {@code <resource>/.default}) and the authorization-code grant with PKCE (an ID token and an access token).
 * Clients authenticate with {@code client_id} + {@code client_secret} in the body or with HTTP Basic.
 */
final class TokenEndpoint {

    private static final String DEFAULT_SCOPE_SUFFIX = "/.default";
    private static final Duration ID_TOKEN_LIFETIME = Duration.ofHours(1);

    private final ObjectMapper json;
    private final Directory directory;
    private final SignInState signIns;
    private final TokenMinter minter;
    /** A defect the next ID token of a code redemption carries; taken by that redemption. */
    private final AtomicReference<TokenDefect> nextIdTokenDefect = new AtomicReference<>();

    TokenEndpoint(ObjectMapper json, Directory directory, SignInState signIns, TokenMinter minter) {
        this.json = json;
        this.directory = directory;
        this.signIns = signIns;
        this.minter = minter;
    }

    /** The next code redemption answers with an ID token spoilt by {@code defect}; later ones are good again. */
    void spoilNextIdToken(TokenDefect defect) {
        nextIdTokenDefect.set(defect);
    }

    void clearDefects() {
        nextIdTokenDefect.set(null);
    }

    ObjectNode grant(String authority, Map<String, String> form, String authorization) {
        String grantType = form.get("grant_type");
        if (grantType == null || grantType.isEmpty()) {
            throw OAuthError.invalidRequest(900144, "The request body must contain the following parameter: 'grant_type'.");
        }
        ClientCredentials credentials = ClientCredentials.from(form, authorization);
        return switch (grantType) {
            case "client_credentials" -> clientCredentials(authority, form, credentials);
            case "authorization_code" -> authorizationCode(form, credentials);
            default -> throw new OAuthError(400, "unsupported_grant_type", 70003,
                    "The app requested an unsupported grant type '" + grantType + "'.");
        };
    }

    private ObjectNode clientCredentials(String authority, Map<String, String> form, ClientCredentials credentials) {
        if (Tenants.isMultiTenant(authority)) {
            throw OAuthError.invalidRequest(1002013,
                    "A tenant-independent authority cannot issue app-only tokens; name the tenant.");
        }
        RegisteredApp app = authenticate(credentials);
        String scope = form.get("scope");
        if (scope == null || !scope.endsWith(DEFAULT_SCOPE_SUFFIX) || scope.contains(" ")
                || scope.length() == DEFAULT_SCOPE_SUFFIX.length()) {
            throw new OAuthError(400, "invalid_scope", 1002012, "The provided value for scope " + scope
                    + " is not valid. Client credential flows must have a scope value with /.default suffixed"
                    + " to the resource identifier (application ID URI).");
        }
        String resource = scope.substring(0, scope.length() - DEFAULT_SCOPE_SUFFIX.length());
        TokenForm tokenForm = directory.tokenForm(resource);
        return tokenResponse(minter.sign(minter.appAccessToken(tokenForm, authority, resource, app.clientId())));
    }

    private ObjectNode authorizationCode(Map<String, String> form, ClientCredentials credentials) {
        RegisteredApp app = authenticate(credentials);
        String code = form.get("code");
        if (code == null || code.isEmpty()) {
            throw OAuthError.invalidRequest(900144, "The request body must contain the following parameter: 'code'.");
        }
        SignInState.IssuedCode issued = signIns.redeem(code);
        SignInRequest request = issued.request();
        if (!request.clientId().equals(app.clientId())) {
            throw OAuthError.invalidGrant(70000, "The authorization code was issued to another client.");
        }
        if (!request.redirectUri().equals(form.get("redirect_uri"))) {
            throw OAuthError.invalidGrant(70000,
                    "The redirect_uri does not match the one of the authorization request.");
        }
        String verifier = form.get("code_verifier");
        if (verifier == null || !constantTimeEquals(s256(verifier), request.codeChallenge())) {
            throw OAuthError.invalidGrant(501481,
                    "The Code_Verifier does not match the code_challenge supplied in the authorization request.");
        }
        JWTClaimsSet idToken = minter.idToken(issued.user(), app.clientId(), request.nonce(), ID_TOKEN_LIFETIME);
        JWTClaimsSet accessToken = new JWTClaimsSet.Builder(idToken)
                .claim("nonce", null)
                .claim("azp", app.clientId())
                .claim("scp", "openid profile email")
                .expirationTime(Date.from(idToken.getIssueTime().toInstant()
                        .plus(minter.accessTokenLifetime())))
                .build();
        ObjectNode response = tokenResponse(minter.sign(accessToken));
        response.put("scope", "openid profile email");
        TokenDefect defect = nextIdTokenDefect.getAndSet(null);
        response.put("id_token", defect == null ? minter.sign(idToken) : minter.spoil(idToken, TokenForm.V2, defect));
        return response;
    }

    private RegisteredApp authenticate(ClientCredentials credentials) {
        if (credentials.clientId() == null || credentials.clientId().isEmpty()) {
            throw OAuthError.invalidRequest(900144,
                    "The request body must contain the following parameter: 'client_id'.");
        }
        RegisteredApp app = directory.app(credentials.clientId()).orElseThrow(() -> new OAuthError(400,
                "unauthorized_client", 700016, "Application with identifier '" + credentials.clientId()
                        + "' was not found in the directory."));
        if (credentials.clientSecret() == null) {
            throw OAuthError.invalidClient(7000218,
                    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");
        }
        if (!constantTimeEquals(credentials.clientSecret(), app.clientSecret())) {
            throw OAuthError.invalidClient(7000215,
                    "Invalid client secret provided. Ensure the secret being sent in the request is the client"
                            + " secret value, not the client secret ID, for a secret added to app '"
                            + app.clientId() + "'.");
        }
        return app;
    }

    private ObjectNode tokenResponse(String accessToken) {
        long lifetime = minter.accessTokenLifetime().toSeconds();
        ObjectNode response = json.createObjectNode();
        response.put("token_type", "Bearer");
        response.put("expires_in", lifetime);
        response.put("ext_expires_in", lifetime);
        response.put("access_token", accessToken);
        return response;
    }

    /** BASE64URL(SHA-256(ASCII(code_verifier))), without padding (RFC 7636, method S256). */
    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    private static boolean constantTimeEquals(String given, String expected) {
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    /** The client's id and secret, from HTTP Basic or from the body (not both). */
    private record ClientCredentials(String clientId, String clientSecret) {

        static ClientCredentials from(Map<String, String> form, String authorization) {
            if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
                return new ClientCredentials(form.get("client_id"), form.get("client_secret"));
            }
            if (form.containsKey("client_secret")) {
                throw OAuthError.invalidRequest(90014, "A client may authenticate with one method only.");
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw OAuthError.invalidClient(7000216, "The Authorization header is malformed.");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw OAuthError.invalidClient(7000216, "The Authorization header is malformed.");
            }
            String clientId = URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8);
            String secret = URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8);
            String bodyId = form.get("client_id");
            if (bodyId != null && !bodyId.equals(clientId)) {
                throw OAuthError.invalidRequest(90014, "client_id differs from the Authorization header.");
            }
            return new ClientCredentials(clientId, secret);
        }
    }
}
