package org.mpactivation.benchmarks.warm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A buyer's browser over real HTTP: one keep-alive client shared by all buyers (HTTP/1.1, connections
 * reused), each buyer with its own cookies. Every cookie is sent back, as a browser on localhost does.
 */
final class HttpBuyer implements PageClient {

    static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    private final URI base;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    HttpBuyer(URI base) {
        this.base = base;
    }

    @Override
    public Answer get(String pathAndQuery) {
        return send(request(pathAndQuery).GET());
    }

    @Override
    public Answer post(String path, Map<String, String> fields) {
        return send(request(path).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(PageClient.encode(fields))));
    }

    /** A form posted from another site, as the marketplace's page posts to the fulfillment URL (no cookies). */
    Answer postFromAnotherSite(String path, Map<String, String> fields, String origin) {
        return send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Origin", origin)
                .header("Sec-Fetch-Site", "cross-site").POST(HttpRequest.BodyPublishers.ofString(
                        PageClient.encode(fields))));
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(30));
        if (!cookies.isEmpty()) {
            builder.header("Cookie", PageClient.cookieHeader(cookies));
        }
        return builder;
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
            response.headers().allValues("Set-Cookie").forEach(setCookie -> PageClient.keep(cookies, setCookie));
            return new Answer(response.statusCode(), response.headers().firstValue("Location").orElse(null),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
