package org.mpactivation.azure.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * PATCH requests, which {@code HttpURLConnection} refuses to send (its methods are fixed, and the JDK's classes
 * are closed to the usual reflective workaround): they go through {@code java.net.http}, whose client is made
 * by the first PATCH. Only the webhook's and the reconciliation's operation updates send one, so the landing
 * page and the other functions never load that stack.
 */
final class PatchRequests {

    private PatchRequests() {
    }

    private static final class Client {
        static final HttpClient INSTANCE = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
    }

    static HttpAnswer send(URI uri, Map<String, String> headers, byte[] body, int connectMillis, int readMillis,
            int maxBodyBytes) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofMillis((long) connectMillis + readMillis))
                .method("PATCH", body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        HttpResponse<InputStream> response;
        try {
            response = Client.INSTANCE.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        byte[] bytes;
        try (InputStream in = response.body()) {
            bytes = UrlConnectionTransport.readLimited(in, maxBodyBytes);
        }
        Map<String, List<String>> answerHeaders = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> answerHeaders.put(name.toLowerCase(Locale.ROOT),
                List.copyOf(values)));
        return new HttpAnswer(response.statusCode(), answerHeaders, bytes);
    }
}
