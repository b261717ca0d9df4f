package org.mpactivation.simulator.entra;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reading form and query parameters and writing JSON, HTML and redirect responses. */
final class HttpMessages {

    /** Requests larger than this are refused: forms of this protocol are a few kilobytes. */
    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int MAX_PARAMETERS = 64;

    private HttpMessages() {
    }

    static Map<String, String> query(URI uri) {
        return decode(uri.getRawQuery());
    }

    static Map<String, String> form(HttpExchange exchange) throws IOException {
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null
                || !contentType.toLowerCase().startsWith("application/x-www-form-urlencoded")) {
            throw new IllegalArgumentException("the body must be application/x-www-form-urlencoded");
        }
        return decode(new String(readBody(exchange.getRequestBody()), StandardCharsets.UTF_8));
    }

    /**
     * Decodes {@code a=1&b=2}. A parameter given twice is refused, as OAuth 2.0 requires of its endpoints.
     */
    static Map<String, String> decode(String encoded) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return parameters;
        }
        String[] pairs = encoded.split("&", MAX_PARAMETERS + 1);
        if (pairs.length > MAX_PARAMETERS) {
            throw new IllegalArgumentException("too many parameters");
        }
        for (String pair : pairs) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (!name.isEmpty() && parameters.putIfAbsent(name, value) != null) {
                throw new IllegalArgumentException("parameter " + name + " is repeated");
            }
        }
        return parameters;
    }

    /** {@code base} with the parameters added to its query. */
    static String withQuery(String base, Map<String, String> parameters) {
        StringBuilder uri = new StringBuilder(base);
        char separator = base.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (parameter.getValue() == null) {
                continue;
            }
            uri.append(separator)
                    .append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                    .append('=')
                    .append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return uri.toString();
    }

    static void sendJson(HttpExchange exchange, int status, ObjectMapper json, Object body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        noStore(exchange);
        send(exchange, status, bytes);
    }

    /** An HTML page that may run no script, load nothing and not be framed. */
    static void sendHtml(HttpExchange exchange, int status, String html) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'none'; style-src 'self'; frame-ancestors 'none'; base-uri 'none'");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        noStore(exchange);
        send(exchange, status, html.getBytes(StandardCharsets.UTF_8));
    }

    static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().set("Location", location);
        noStore(exchange);
        exchange.sendResponseHeaders(302, -1);
    }

    private static void noStore(HttpExchange exchange) {
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Pragma", "no-cache");
    }

    private static void send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        return body;
    }
}
