package org.mpactivation.azure.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * {@link AzureHttpTransport} on the JDK's {@code HttpURLConnection}: it starts no thread and builds no TLS
 * context before an https URL needs one, which keeps a function's cold start short, and its keep-alive cache
 * reuses connections between calls. Redirects are never followed and no cache is used.
 *
 * <p>{@code HttpURLConnection} refuses the method PATCH (the Fulfillment API's operation update): that one
 * method goes through {@link PatchRequests}, built only when a PATCH is sent.
 */
final class UrlConnectionTransport implements AzureHttpTransport {

    private final int connectMillis;
    private final int readMillis;
    private final int maxBodyBytes;

    UrlConnectionTransport(Duration connectTimeout, Duration readTimeout, int maxBodyBytes) {
        this.connectMillis = Math.toIntExact(positive(connectTimeout, "connectTimeout").toMillis());
        this.readMillis = Math.toIntExact(positive(readTimeout, "readTimeout").toMillis());
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be positive");
        }
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public HttpAnswer send(String method, URI uri, Map<String, String> headers, byte[] body) throws IOException {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(headers, "headers");
        String scheme = Objects.requireNonNull(uri, "uri").getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("not an http(s) URL");
        }
        if ("PATCH".equals(method)) {
            return PatchRequests.send(uri, headers, body, connectMillis, readMillis, maxBodyBytes);
        }
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setConnectTimeout(connectMillis);
        connection.setReadTimeout(readMillis);
        connection.setRequestMethod(method);
        headers.forEach(connection::setRequestProperty);
        boolean sendsBody = body != null || "POST".equals(method) || "PUT".equals(method);
        try {
            if (sendsBody) {
                // buffered, not streamed: the JDK sets Content-Length (0 for a POST without a body, which Azure's
                // front ends require), and a 401 keeps its body (streaming mode drops it for a retry exception),
                // where Entra says why it refused our client
                connection.setDoOutput(true);
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(body == null ? new byte[0] : body);
                }
            }
            int status = connection.getResponseCode();
            return new HttpAnswer(status, headersOf(connection), bodyOf(connection, status));
        } catch (IOException | RuntimeException failed) {
            connection.disconnect();
            throw failed;
        }
    }

    /** The body of any status, error statuses included; the stream is read to its end so the connection is reused. */
    private byte[] bodyOf(HttpURLConnection connection, int status) throws IOException {
        InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        if (stream == null) {
            return new byte[0];
        }
        try (InputStream in = stream) {
            return readLimited(in, maxBodyBytes);
        }
    }

    static byte[] readLimited(InputStream in, int maxBodyBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int read = in.read(buffer);
        while (read >= 0) {
            if (out.size() + read > maxBodyBytes) {
                throw new IOException("the answer is larger than " + maxBodyBytes + " bytes");
            }
            out.write(buffer, 0, read);
            read = in.read(buffer);
        }
        return out.toByteArray();
    }

    private static Map<String, List<String>> headersOf(HttpURLConnection connection) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        connection.getHeaderFields().forEach((name, values) -> {
            if (name != null) { // the status line
                headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), key -> new ArrayList<>()).addAll(values);
            }
        });
        return headers;
    }

    private static Duration positive(Duration value, String name) {
        if (value == null || value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }
}
