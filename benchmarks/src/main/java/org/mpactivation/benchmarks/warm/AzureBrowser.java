package org.mpactivation.benchmarks.warm;

import com.microsoft.azure.functions.HttpResponseMessage;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.mpactivation.azure.ActivationFunction;
import org.mpactivation.azure.FakeHttpRequest;

/** A browser that hands each request, as the worker's request type, to the function of its path. */
final class AzureBrowser implements PageClient {

    private final ActivationFunction activation;
    private final URI base;
    private final Map<String, String> cookies = new LinkedHashMap<>();

    AzureBrowser(ActivationFunction activation, URI base) {
        this.activation = activation;
        this.base = base;
    }

    @Override
    public Answer get(String pathAndQuery) {
        return send(FakeHttpRequest.get(base + pathAndQuery), pathAndQuery);
    }

    @Override
    public Answer post(String path, Map<String, String> fields) {
        return send(FakeHttpRequest.post(base + path, PageClient.encode(fields))
                .header("Content-Type", "application/x-www-form-urlencoded"), path);
    }

    private Answer send(FakeHttpRequest request, String pathAndQuery) {
        if (!cookies.isEmpty()) {
            request.header("Cookie", PageClient.cookieHeader(cookies));
        }
        HttpResponseMessage answer;
        if (pathAndQuery.startsWith("/azure/landing")) {
            answer = activation.landing(request, null);
        } else if (pathAndQuery.startsWith("/azure/signin")) {
            answer = activation.signIn(request, null);
        } else {
            answer = activation.run(request, null);
        }
        String setCookie = answer.getHeader("Set-Cookie");
        if (setCookie != null) {
            PageClient.keep(cookies, setCookie);
        }
        Object body = answer.getBody();
        return new Answer(answer.getStatusCode(), answer.getHeader("Location"), body == null ? null
                : body instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                : body.toString());
    }
}
