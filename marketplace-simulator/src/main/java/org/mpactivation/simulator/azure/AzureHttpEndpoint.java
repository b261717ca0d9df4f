package org.mpactivation.simulator.azure;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP side of the simulator: routes a request below the base path, checks {@code api-version} (400) and the
 * bearer token (403), applies programmed faults, calls the API and writes its JSON answer. Every answer echoes
 * {@code x-ms-requestid} and {@code x-ms-correlationid}, generated when the request has none.
 */
final class AzureHttpEndpoint implements HttpHandler {

    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final String basePath;
    private final AccessTokenCheck tokens;
    private final AzureFaultPlan faults;
    private final FulfillmentApi fulfillment;
    private final MeteringApi metering;
    private final Map<AzureApi, AtomicLong> calls = new EnumMap<>(AzureApi.class);

    AzureHttpEndpoint(String basePath, AccessTokenCheck tokens, AzureFaultPlan faults, FulfillmentApi fulfillment,
            MeteringApi metering) {
        this.basePath = basePath;
        this.tokens = tokens;
        this.faults = faults;
        this.fulfillment = fulfillment;
        this.metering = metering;
        for (AzureApi api : AzureApi.values()) {
            calls.put(api, new AtomicLong());
        }
    }

    long callCount(AzureApi api) {
        return calls.get(api).get();
    }

    void resetCounts() {
        calls.values().forEach(count -> count.set(0));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Headers request = exchange.getRequestHeaders();
            Headers response = exchange.getResponseHeaders();
            response.set("x-ms-requestid", orGenerated(request.getFirst("x-ms-requestid")));
            response.set("x-ms-correlationid", orGenerated(request.getFirst("x-ms-correlationid")));
            boolean meteringCall = false;
            try {
                Optional<AzureRoutes.Match> match = route(exchange);
                meteringCall = match.map(m -> isMetering(m.api())).orElse(false);
                send(exchange, answer(exchange, match));
            } catch (ApiRejected rejected) {
                send(exchange, errorResponse(rejected.status(), rejected.code(), rejected.getMessage(), meteringCall));
            } catch (RuntimeException unexpected) {
                send(exchange, errorResponse(500, "InternalServerError", "The simulator failed", meteringCall));
            }
        }
    }

    private Optional<AzureRoutes.Match> route(HttpExchange exchange) {
        String path = exchange.getRequestURI().getRawPath();
        if (!path.equals(basePath) && !path.startsWith(basePath + "/")) {
            return Optional.empty();
        }
        return AzureRoutes.match(exchange.getRequestMethod(), path.substring(basePath.length()));
    }

    private ApiResponse answer(HttpExchange exchange, Optional<AzureRoutes.Match> match) throws IOException {
        if (match.isEmpty()) {
            throw new ApiRejected(404, "NotFound", "No such resource");
        }
        AzureApi api = match.get().api();
        if (api == null) {
            throw new ApiRejected(405, "MethodNotAllowed", "The method is not allowed on this resource");
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (!AzureMarketplaceSimulator.API_VERSION.equals(query.get("api-version"))) {
            throw ApiRejected.badRequest("BadRequest",
                    "The api-version query parameter must be " + AzureMarketplaceSimulator.API_VERSION);
        }
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || !tokens.accepts(authorization.substring(7).trim())) {
            throw new ApiRejected(403, "Forbidden", "The authorization token is missing or not valid");
        }
        calls.get(api).incrementAndGet();
        Optional<AzureFault> fault = faults.take(api);
        if (fault.isPresent()) {
            return faultResponse(fault.get(), isMetering(api));
        }
        byte[] body = readBody(exchange.getRequestBody());
        if (body == null) {
            throw ApiRejected.badRequest("BadArgument", "The request body is too large");
        }
        ObjectNode json = AzureWire.parseObject(body);
        AzureRoutes.Match m = match.get();
        ApiCall call = new ApiCall(api, m.subscriptionId(), m.operationId(), query,
                exchange.getRequestHeaders().getFirst("x-ms-marketplace-token"), json);
        return isMetering(api) ? metering.handle(call) : fulfillment.handle(call);
    }

    private static boolean isMetering(AzureApi api) {
        return api == AzureApi.USAGE_EVENT || api == AzureApi.BATCH_USAGE_EVENT;
    }

    private static ApiResponse faultResponse(AzureFault fault, boolean metering) {
        ApiResponse error = errorResponse(fault.status(), fault.code(), "Injected fault", metering);
        if (fault.retryAfter() == null) {
            return error;
        }
        long seconds = Math.max(0, (fault.retryAfter().toMillis() + 999) / 1000);
        return new ApiResponse(error.status(), error.body(), Map.of("Retry-After", Long.toString(seconds)));
    }

    private static ApiResponse errorResponse(int status, String code, String message, boolean metering) {
        ObjectNode body;
        if (metering) {
            body = AzureWire.object();
            body.put("code", code);
            body.put("message", message);
        } else {
            body = AzureWire.fulfillmentError(code, message);
        }
        return new ApiResponse(status, body, Map.of());
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.putIfAbsent(key, value);
        }
        return query;
    }

    private static String orGenerated(String value) {
        return value == null || value.isBlank() ? UUID.randomUUID().toString() : value;
    }

    /** The body, or null when it exceeds the size limit. */
    private static byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        boolean tooLarge = false;
        int read;
        while ((read = in.read(buffer)) != -1) {
            if (!tooLarge) {
                out.write(buffer, 0, read);
                tooLarge = out.size() > MAX_BODY_BYTES;
            }
        }
        return tooLarge ? null : out.toByteArray();
    }

    private static void send(HttpExchange exchange, ApiResponse response) throws IOException {
        Headers headers = exchange.getResponseHeaders();
        response.headers().forEach(headers::set);
        if (response.body() == null) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        byte[] bytes = AzureWire.bytes(response.body());
        headers.set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
