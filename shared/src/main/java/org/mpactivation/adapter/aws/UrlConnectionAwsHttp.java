package org.mpactivation.adapter.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The JDK's {@link HttpURLConnection}: no client object to build, connections kept alive by the JDK
 * when an answer is read to its end, redirects never followed (an AWS API does not redirect).
 */
public final class UrlConnectionAwsHttp implements AwsHttp {

    /** An answer larger than this is refused: DynamoDB's largest (a 16 MB BatchGetItem) fits. */
    static final int MAX_ANSWER_BYTES = 32 * 1024 * 1024;

    private final int connectTimeoutMillis;
    private final int readTimeoutMillis;

    public UrlConnectionAwsHttp(Duration connectTimeout, Duration readTimeout) {
        this.connectTimeoutMillis = Math.toIntExact(connectTimeout.toMillis());
        this.readTimeoutMillis = Math.toIntExact(readTimeout.toMillis());
    }

    /** Three seconds to connect, ten to answer: what the functions' SDK clients had. */
    public static UrlConnectionAwsHttp standard() {
        return new UrlConnectionAwsHttp(Duration.ofSeconds(3), Duration.ofSeconds(10));
    }

    @Override
    public Response send(Request request) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) request.uri().toURL().openConnection();
        connection.setConnectTimeout(connectTimeoutMillis);
        connection.setReadTimeout(readTimeoutMillis);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setRequestMethod(request.method());
        request.headers().forEach(connection::setRequestProperty);
        if (request.body() != null) {
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(request.body().length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(request.body());
            }
        }
        int status = connection.getResponseCode();
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<String, List<String>> header : connection.getHeaderFields().entrySet()) {
            if (header.getKey() != null && !header.getValue().isEmpty()) {
                headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue().get(0));
            }
        }
        InputStream stream = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
        byte[] body;
        if (stream == null) {
            body = new byte[0];
        } else {
            try (InputStream in = stream) {
                body = in.readNBytes(MAX_ANSWER_BYTES + 1);
            }
        }
        if (body.length > MAX_ANSWER_BYTES) {
            connection.disconnect();
            throw new IOException("the answer is larger than " + MAX_ANSWER_BYTES + " bytes");
        }
        return new Response(status, headers, body);
    }
}
