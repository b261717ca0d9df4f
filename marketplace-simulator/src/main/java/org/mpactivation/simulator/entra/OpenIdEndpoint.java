package org.mpactivation.simulator.entra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

/**
 * Routes {@code /{tenant}/…} to discovery, the key set, the authorization endpoint and the token endpoint, and
 * writes token-endpoint refusals in Entra's JSON error shape.
 */
final class OpenIdEndpoint implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(OpenIdEndpoint.class.getName());
    static final String DISCOVERY = "/v2.0/.well-known/openid-configuration";
    static final String KEYS = "/discovery/v2.0/keys";
    static final String AUTHORIZE = "/oauth2/v2.0/authorize";
    static final String TOKEN = "/oauth2/v2.0/token";

    private static final DateTimeFormatter ERROR_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ssX").withZone(ZoneOffset.UTC);

    private final ObjectMapper json;
    private final Clock clock;
    private final String endpoint;
    private final Issuers issuers;
    private final SigningKeys keys;
    private final AuthorizeEndpoint authorize;
    private final TokenEndpoint token;

    OpenIdEndpoint(ObjectMapper json, Clock clock, String endpoint, Issuers issuers, SigningKeys keys,
            AuthorizeEndpoint authorize, TokenEndpoint token) {
        this.json = json;
        this.clock = clock;
        this.endpoint = endpoint;
        this.issuers = issuers;
        this.keys = keys;
        this.authorize = authorize;
        this.token = token;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (OAuthError refused) {
                sendError(exchange, refused);
            } catch (IllegalArgumentException malformed) {
                sendError(exchange, OAuthError.invalidRequest(900144, malformed.getMessage()));
            } catch (RuntimeException unexpected) {
                LOG.log(System.Logger.Level.ERROR, "the local OpenID provider failed on " + exchange.getRequestURI().getPath(),
                        unexpected);
                sendError(exchange, new OAuthError(500, "server_error", 50000, "The provider failed."));
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        int slash = path.indexOf('/', 1);
        String authority = slash < 0 ? "" : path.substring(1, slash);
        String rest = slash < 0 ? "" : path.substring(slash);
        String method = exchange.getRequestMethod();
        if (!Tenants.isTenantId(authority)) {
            notFound(exchange);
            return;
        }
        switch (rest) {
            case DISCOVERY -> {
                if (allow(exchange, method, "GET")) {
                    HttpMessages.sendJson(exchange, 200, json, DiscoveryDocument.of(json, endpoint, issuers, authority));
                }
            }
            case KEYS -> {
                if (allow(exchange, method, "GET")) {
                    HttpMessages.sendJson(exchange, 200, json, keys.publicKeySet().toJSONObject(true));
                }
            }
            case AUTHORIZE -> {
                if ("GET".equals(method)) {
                    authorize.show(exchange, authority);
                } else if (allow(exchange, method, "POST")) {
                    authorize.submit(exchange, HttpMessages.form(exchange));
                }
            }
            case TOKEN -> {
                if (allow(exchange, method, "POST")) {
                    Map<String, String> form = HttpMessages.form(exchange);
                    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
                    HttpMessages.sendJson(exchange, 200, json, token.grant(authority, form, authorization));
                }
            }
            default -> notFound(exchange);
        }
    }

    private boolean allow(HttpExchange exchange, String method, String allowed) throws IOException {
        if (allowed.equals(method)) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", allowed);
        exchange.sendResponseHeaders(405, -1);
        return false;
    }

    private void notFound(HttpExchange exchange) throws IOException {
        ObjectNode body = json.createObjectNode();
        body.put("error", "not_found");
        HttpMessages.sendJson(exchange, 404, json, body);
    }

    private void sendError(HttpExchange exchange, OAuthError refused) throws IOException {
        String timestamp = ERROR_TIMESTAMP.format(clock.instant());
        String traceId = UUID.randomUUID().toString();
        String correlationId = UUID.randomUUID().toString();
        ObjectNode body = json.createObjectNode();
        body.put("error", refused.error());
        body.put("error_description", refused.getMessage() + "\r\nTrace ID: " + traceId + "\r\nCorrelation ID: "
                + correlationId + "\r\nTimestamp: " + timestamp);
        body.putArray("error_codes").add(refused.aadstsCode());
        body.put("timestamp", timestamp);
        body.put("trace_id", traceId);
        body.put("correlation_id", correlationId);
        body.put("error_uri", endpoint + "/error?code=" + refused.aadstsCode());
        if (refused.status() == 401) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"local-entra\"");
        }
        HttpMessages.sendJson(exchange, refused.status(), json, body);
    }
}
