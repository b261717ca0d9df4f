package org.mpactivation.benchmarks.warm;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.mpactivation.aws.local.HttpApiEmulation;

/**
 * A browser that hands each request, as the API Gateway payload 2.0 event the local run builds
 * ({@link HttpApiEmulation}), straight to the Lambda handler of its path. Each browser has its own
 * address, as buyers do (the per-client code limits count by address).
 */
final class LambdaBrowser implements PageClient {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    private final Function<String, RequestStreamHandler> handlers;
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final String sourceIp;
    private final String iamCaller;

    LambdaBrowser(Function<String, RequestStreamHandler> handlers,
                  String iamCaller) {
        this.handlers = handlers;
        this.iamCaller = iamCaller;
        int n = ADDRESSES.incrementAndGet();
        this.sourceIp = "10." + ((n >> 16) & 0xff) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    @Override
    public Answer get(String pathAndQuery) {
        return send("GET", pathAndQuery, null, null);
    }

    @Override
    public Answer post(String path, Map<String, String> fields) {
        return send("POST", path, "application/x-www-form-urlencoded", PageClient.encode(fields));
    }

    Answer postJson(String path, String json) {
        return send("POST", path, "application/json", json);
    }

    private Answer send(String method, String pathAndQuery, String contentType, String body) {
        int question = pathAndQuery.indexOf('?');
        String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        String query = question < 0 ? "" : pathAndQuery.substring(question + 1);
        Map<String, List<String>> headers = new HashMap<>();
        headers.put("host", List.of("activation.example.com"));
        if (contentType != null) {
            headers.put("content-type", List.of(contentType));
        }
        if (!cookies.isEmpty()) {
            headers.put("cookie", List.of(PageClient.cookieHeader(cookies)));
        }
        HttpApiEmulation.Answer response = HttpApiEmulation.invoke(handlers.apply(path), HttpApiEmulation.toEvent(
                method, path, query, headers, sourceIp,
                body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8), iamCaller), null);
        response.cookies().forEach(setCookie -> PageClient.keep(cookies, setCookie));
        String location = response.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("Location")).map(Map.Entry::getValue).findFirst()
                .orElse(null);
        return new Answer(response.statusCode(), location, new String(response.bodyBytes(), StandardCharsets.UTF_8));
    }
}
