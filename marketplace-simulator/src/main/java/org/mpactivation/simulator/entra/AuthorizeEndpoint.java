package org.mpactivation.simulator.entra;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /{tenant}/oauth2/v2.0/authorize}. GET validates the authorization request and shows the sign-in page;
 * POST (the page's form) issues a code and sends the browser to {@code redirect_uri?code=…&state=…}.
 *
 * <p>As at Entra, an unknown client or an unregistered redirect URI is answered with an error page (the
 * browser must not be sent to an unverified address); other faults of the request are sent back to the
 * redirect URI as {@code error} and {@code error_description}. This stand-in is stricter than Entra in one
 * way: {@code state}, {@code nonce} and a PKCE S256 challenge are required.
 */
final class AuthorizeEndpoint {

    private final Directory directory;
    private final SignInState signIns;
    private final String endpoint;

    AuthorizeEndpoint(Directory directory, SignInState signIns, String endpoint) {
        this.directory = directory;
        this.signIns = signIns;
        this.endpoint = endpoint;
    }

    void show(HttpExchange exchange, String authority) throws IOException {
        Map<String, String> query = HttpMessages.query(exchange.getRequestURI());
        String clientId = query.get("client_id");
        Optional<RegisteredApp> app = directory.app(clientId);
        if (app.isEmpty()) {
            errorPage(exchange, "AADSTS700016", "Application with identifier '" + clientId
                    + "' was not found in the directory.");
            return;
        }
        String redirectUri = query.get("redirect_uri");
        if (!app.get().allowsRedirect(redirectUri)) {
            errorPage(exchange, "AADSTS50011", "The redirect URI '" + redirectUri
                    + "' specified in the request does not match the redirect URIs configured for the application '"
                    + clientId + "'.");
            return;
        }
        String state = query.get("state");
        Optional<String> fault = fault(query);
        if (fault.isPresent()) {
            String error = "code".equals(query.get("response_type")) ? "invalid_request" : "unsupported_response_type";
            sendBack(exchange, redirectUri, Map.of("error", error, "error_description", fault.get()), state);
            return;
        }
        SignInRequest request = new SignInRequest(authority, clientId, redirectUri, state, query.get("nonce"),
                query.get("code_challenge"));
        String signInId = signIns.begin(request);
        String action = endpoint + "/" + authority + "/oauth2/v2.0/authorize";
        HttpMessages.sendHtml(exchange, 200,
                SignInPage.render(action, signInId, clientId, directory.usersFor(authority)));
    }

    void submit(HttpExchange exchange, Map<String, String> form) throws IOException {
        Optional<SignInRequest> pending = signIns.take(form.get(SignInPage.SIGN_IN_FIELD));
        if (pending.isEmpty()) {
            errorPage(exchange, "AADSTS90014", "This sign-in is unknown or has expired. Start it again.");
            return;
        }
        SignInRequest request = pending.get();
        if (form.containsKey(SignInPage.CANCEL_FIELD)) {
            sendBack(exchange, request.redirectUri(), Map.of("error", "access_denied",
                    "error_description", "AADSTS65004: User declined to sign in."), request.state());
            return;
        }
        Optional<DirectoryUser> user = directory.user(form.get(SignInPage.ACCOUNT_FIELD))
                .filter(candidate -> Tenants.admits(request.authority(), candidate.tenantId()));
        if (user.isEmpty()) {
            errorPage(exchange, "AADSTS50020", "This account cannot sign in through this authority.");
            return;
        }
        String code = signIns.issueCode(request, user.get());
        sendBack(exchange, request.redirectUri(), Map.of("code", code), request.state());
    }

    /** What is wrong with a request whose client and redirect URI are known, if anything. */
    private static Optional<String> fault(Map<String, String> query) {
        if (!"code".equals(query.get("response_type"))) {
            return Optional.of("AADSTS700054: response_type '" + query.get("response_type")
                    + "' is not enabled for the application; this provider answers 'code' only.");
        }
        String responseMode = query.getOrDefault("response_mode", "query");
        if (!"query".equals(responseMode)) {
            return Optional.of("AADSTS900144: response_mode '" + responseMode + "' is not supported here.");
        }
        List<String> scopes = Arrays.asList(query.getOrDefault("scope", "").split(" "));
        if (!scopes.contains("openid")) {
            return Optional.of("AADSTS900144: The request must contain the scope 'openid'.");
        }
        for (String required : List.of("state", "nonce", "code_challenge")) {
            String value = query.get(required);
            if (value == null || value.isEmpty()) {
                return Optional.of("AADSTS900144: The request must contain the following parameter: '"
                        + required + "'.");
            }
        }
        if (!"S256".equals(query.get("code_challenge_method"))) {
            return Optional.of("AADSTS501491: code_challenge_method must be 'S256'.");
        }
        return Optional.empty();
    }

    private static void sendBack(HttpExchange exchange, String redirectUri, Map<String, String> parameters,
            String state) throws IOException {
        Map<String, String> all = new LinkedHashMap<>(parameters);
        all.put("state", state);
        HttpMessages.redirect(exchange, HttpMessages.withQuery(redirectUri, all));
    }

    private static void errorPage(HttpExchange exchange, String code, String message) throws IOException {
        HttpMessages.sendHtml(exchange, 400, SignInPage.error(code, message));
    }
}
