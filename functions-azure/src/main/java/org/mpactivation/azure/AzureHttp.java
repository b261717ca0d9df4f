package org.mpactivation.azure;

import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.web.Router;
import org.mpactivation.web.Transport;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;

/**
 * Translates an Azure Functions HTTP trigger's {@link HttpRequestMessage} to the shared web model
 * and a {@link WebResponse} back to an {@link HttpResponseMessage}.
 *
 * <p>The query string is read from the request URI (the worker hands over the full URL) rather than
 * from {@link HttpRequestMessage#getQueryParameters()}, which keeps one value per name.
 *
 * <p>Limitation: the Java worker's response builder keeps its headers in a map keyed by name, so
 * {@code header("Set-Cookie", ...)} called twice keeps only the last value, and folding several
 * cookies into one header is not allowed by RFC 6265. A response may therefore set at most one
 * cookie on Azure; a second one fails loudly here rather than being dropped on the way to the
 * browser.
 */
public final class AzureHttp {

    static final String SET_COOKIE = "Set-Cookie";
    private static final WebResponse MALFORMED_URL = WebResponse.text(400, "text/plain; charset=utf-8", "Bad request")
            .withHeader("Cache-Control", "no-store")
            .withHeader("X-Content-Type-Options", "nosniff");

    /** Without a router there is no transport setting: a Function App is served over HTTPS only. */
    private static final WebResponse NOT_CONFIGURED = WebResponse.text(503, "text/plain; charset=utf-8",
                    "Service not configured").withHeader("Cache-Control", "no-store")
            .withHeader("X-Content-Type-Options", "nosniff").withHeader("Retry-After", "60")
            .withHeader("Strict-Transport-Security", Transport.STRICT_TRANSPORT_SECURITY);

    private AzureHttp() {
    }

    /**
     * Serves one request through the router. A request that cannot be read (a URL the worker cannot parse:
     * {@code getUri()} throws on a stray {@code %} the host passed on; a bad escape in the query; no method or
     * headers) is answered 400 without reaching the router, and never with the text of what failed.
     */
    public static HttpResponseMessage serve(java.util.function.Supplier<Router> router,
                                            HttpRequestMessage<Optional<String>> request) {
        Router built;
        try {
            built = router.get();
        } catch (IllegalStateException notConfigured) {
            // the settings are named in the log (AzureHost); the answer names nothing
            return toResponse(request, NOT_CONFIGURED);
        }
        return serve(built, request);
    }

    public static HttpResponseMessage serve(Router router, HttpRequestMessage<Optional<String>> request) {
        WebRequest webRequest;
        try {
            webRequest = toWebRequest(request);
        } catch (RuntimeException unreadable) {
            return toResponse(request, router.withSecurityHeaders(MALFORMED_URL));
        }
        return toResponse(request, router.handle(webRequest));
    }

    /**
     * @throws IllegalArgumentException when the request URL is malformed
     * @throws org.mpactivation.web.BadRequestException when its query has a bad escape
     */
    public static WebRequest toWebRequest(HttpRequestMessage<Optional<String>> request) {
        URI uri = request.getUri();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        Map<String, String> headers = new HashMap<>();
        request.getHeaders().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        Map<String, String> cookies = WebRequest.parseCookieHeader(headers.get("cookie"));
        byte[] body = request.getBody().map(text -> text.getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
        return new WebRequest(request.getHttpMethod().name(), path, WebRequest.parseQuery(uri.getRawQuery()), headers, cookies,
                body, clientAddress(headers.get("x-forwarded-for")));
    }

    /**
     * The caller's address: the last entry of {@code X-Forwarded-For}, the one Azure's front end
     * appended (entries before it are whatever the caller sent), without a port.
     */
    static String clientAddress(String forwardedFor) {
        if (forwardedFor == null || forwardedFor.isBlank()) {
            return null;
        }
        String last = forwardedFor.substring(forwardedFor.lastIndexOf(',') + 1).strip();
        if (last.startsWith("[")) {
            int end = last.indexOf(']');
            return end > 0 ? last.substring(1, end) : last;
        }
        int colon = last.indexOf(':');
        // one colon is IPv4 with a port; more are an IPv6 address without brackets
        return colon > 0 && last.indexOf(':', colon + 1) < 0 ? last.substring(0, colon) : last;
    }

    public static HttpResponseMessage toResponse(HttpRequestMessage<?> request, WebResponse response) {
        if (response.cookies().size() > 1) {
            throw new IllegalStateException("the Azure Functions Java worker sends one Set-Cookie header per "
                    + "response; this response sets " + response.cookies().size() + " cookies");
        }
        HttpResponseMessage.Builder builder = request.createResponseBuilder(HttpStatusType.custom(response.status()));
        response.headers().forEach(builder::header);
        response.cookies().forEach(cookie -> builder.header(SET_COOKIE, cookie));
        return builder.body(response.body()).build();
    }
}
