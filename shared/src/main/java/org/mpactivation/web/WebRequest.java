package org.mpactivation.web;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request, independent of how it arrived (API Gateway payload 2.0, an Azure Functions
 * HttpRequestMessage, a local server). Header names are lower case; {@code body} is the raw body.
 * {@code clientAddress} is the caller's network address as the platform in front of us saw it (API
 * Gateway's source IP, the address Azure's front end appended, the local server's peer), never a
 * header the caller could choose; it keys the per-client limits.
 */
public record WebRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                         Map<String, String> cookies, byte[] body, String clientAddress) {

    /** The address used when the platform names none. */
    public static final String UNKNOWN_CLIENT = "unknown";

    public WebRequest(String method, String path, Map<String, List<String>> query, Map<String, String> headers,
                      Map<String, String> cookies, byte[] body) {
        this(method, path, query, headers, cookies, body, UNKNOWN_CLIENT);
    }

    public WebRequest {
        clientAddress = clientAddress == null || clientAddress.isBlank() ? UNKNOWN_CLIENT : clientAddress.strip();
        method = method.toUpperCase(Locale.ROOT);
        query = query == null ? Map.of() : Map.copyOf(query);
        Map<String, String> lower = new HashMap<>();
        if (headers != null) {
            headers.forEach((name, value) -> lower.put(name.toLowerCase(Locale.ROOT), value));
        }
        headers = Map.copyOf(lower);
        cookies = cookies == null ? Map.of() : Map.copyOf(cookies);
        body = body == null ? new byte[0] : body;
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public Optional<String> cookie(String name) {
        return Optional.ofNullable(cookies.get(name));
    }

    public Optional<String> queryParam(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * Parses a {@code Cookie} header ({@code a=b; c=d}); the first value of a name wins, a value in
     * double quotes is unquoted (RFC 6265 allows both), and RFC 2965 attributes ({@code $Path}) are
     * ignored.
     */
    public static Map<String, String> parseCookieHeader(String header) {
        Map<String, String> cookies = new HashMap<>();
        if (header == null) {
            return cookies;
        }
        for (String part : header.split(";")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                String name = part.substring(0, eq).strip();
                String value = part.substring(eq + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (!name.startsWith("$")) {
                    cookies.putIfAbsent(name, value);
                }
            }
        }
        return cookies;
    }

    /**
     * Parses a raw query string ({@code a=1&a=2&b}); values of a repeated name keep their order.
     *
     * @throws BadRequestException (400) for a bad escape or bytes that are not UTF-8: a query is read as sent
     *                             or not at all
     */
    public static Map<String, List<String>> parseQuery(String raw) {
        Map<String, List<String>> query = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = UrlEncoding.decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : UrlEncoding.decode(pair.substring(eq + 1));
            query.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return query;
    }
}
