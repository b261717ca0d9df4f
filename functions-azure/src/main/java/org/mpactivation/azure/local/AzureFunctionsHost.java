package org.mpactivation.azure.local;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.mpactivation.azure.ActivationFunction;
import org.mpactivation.azure.AzureGraph;
import org.mpactivation.azure.WebhookFunction;
import org.mpactivation.web.AzureWebhookRoute;
import org.mpactivation.web.BadRequestException;
import org.mpactivation.web.WebRequest;

/**
 * Hosts Azure Functions HTTP triggers on a plain HTTP server (a JDK server's exchange, or any server's request
 * values), as the Functions Java worker would: the request as
 * an {@link HttpRequestMessage} (one value per header name, query parameters one value per name), the answer
 * through its response builder. For the local run and end-to-end tests only; deployed, the Functions host does
 * this.
 */
public final class AzureFunctionsHost {

    private final String mountPrefix;
    private final BiFunction<HttpRequestMessage<Optional<String>>, Object, HttpResponseMessage> function;

    /**
     * @param mountPrefix the path the functions are mounted under locally (stripped: on Azure the
     *                    app's route prefix is empty)
     */
    public AzureFunctionsHost(String mountPrefix,
                              BiFunction<HttpRequestMessage<Optional<String>>, Object, HttpResponseMessage> function) {
        this.mountPrefix = mountPrefix;
        this.function = function;
    }

    /**
     * The HTTP functions of a graph as the Functions host routes them: the webhook's route to the webhook
     * function, everything else to the activation function (landing page, sign-in, pages).
     */
    public static AzureFunctionsHost of(AzureGraph graph) {
        ActivationFunction activation = new ActivationFunction(graph.activationRouter(), graph.metrics());
        // routed by the raw path, as the host does: a URL the worker cannot parse still reaches its function. The
        // webhook function is made per call, as the worker makes it, on the graph's router (built by the first
        // call): a host that serves only the pages never builds the webhook's router
        return new AzureFunctionsHost("", (request, context) -> AzureWebhookRoute.PATH.equals(((Request) request).rawPath)
                ? new WebhookFunction(graph.webhookRouter(), graph.metrics()).run(request, null)
                : activation.run(request, null));
    }

    public void serve(HttpExchange exchange, byte[] body) throws IOException {
        Answer answer = serve(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
                exchange.getRemoteAddress().getAddress().getHostAddress(), body);
        answer.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        boolean noBody = answer.body().length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(answer.status(), noBody ? -1 : answer.body().length);
        if (!noBody) {
            exchange.getResponseBody().write(answer.body());
        }
    }

    /** A function's answer: its status, its headers (one value per name) and its body as UTF-8. */
    public record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    /**
     * Runs the function for a request that any HTTP server received. The body of the answer is
     * returned for a HEAD request too: leaving it out is the server's job.
     *
     * @param rawPath     the path as sent, percent-encoding kept, under the mount prefix
     * @param rawQuery    the query as sent, or null
     * @param headers     every header by name as sent (any case), each with its values in order
     * @param peerAddress the address of the connection's other end: appended to {@code x-forwarded-for}, as
     *                    Azure's front end does
     */
    public Answer serve(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                        String peerAddress, byte[] body) {
        String path = rawPath.substring(mountPrefix.length());
        Map<String, String> lastValues = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (!values.isEmpty()) {
                lastValues.put(name.toLowerCase(Locale.ROOT), values.get(values.size() - 1));
            }
        });
        HttpMethod httpMethod;
        try {
            httpMethod = HttpMethod.value(method.toUpperCase(Locale.ROOT));
        } catch (RuntimeException unknownMethod) {
            httpMethod = null;
        }
        if (httpMethod == null) {
            // the host invokes a function only for the methods its trigger names
            return new Answer(405, Map.of("Content-Type", "text/plain; charset=utf-8"),
                    "Method not allowed\n".getBytes(StandardCharsets.UTF_8));
        }
        URI uri;
        try {
            uri = URI.create("http://" + lastValues.get("host") + (path.isEmpty() ? "/" : path)
                    + (rawQuery == null ? "" : "?" + rawQuery));
        } catch (IllegalArgumentException malformed) {
            // the worker hands such a URL on, and getUri() throws on it: the function answers it
            uri = null;
        }
        Request request = new Request(httpMethod, path.isEmpty() ? "/" : path, lastValues, peerAddress, uri, body);
        Response response = (Response) function.apply(request, null);
        byte[] bytes = response.body == null ? new byte[0] : response.body.toString().getBytes(StandardCharsets.UTF_8);
        return new Answer(response.status.value(), Collections.unmodifiableMap(new LinkedHashMap<>(response.headers)), bytes);
    }

    private static final class Request implements HttpRequestMessage<Optional<String>> {
        private final URI uri;
        private final String rawPath;
        private final HttpMethod method;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final Map<String, String> query = new LinkedHashMap<>();
        private final Optional<String> body;

        Request(HttpMethod method, String rawPath, Map<String, String> lowerCaseHeaders, String peerAddress, URI uri,
                byte[] body) {
            this.uri = uri;
            this.rawPath = rawPath;
            this.method = method;
            headers.putAll(lowerCaseHeaders);
            // as Azure's front end does: the peer's address is appended to whatever the caller sent
            headers.merge("x-forwarded-for", peerAddress, (sent, peer) -> sent + ", " + peer);
            try {
                if (uri != null) {
                    WebRequest.parseQuery(uri.getRawQuery()).forEach((name, values) -> query.put(name, values.get(0)));
                }
            } catch (BadRequestException malformedQuery) {
                // the function reads the URL itself and refuses it; the worker would hand over no parameters
            }
            this.body = body.length == 0 ? Optional.empty() : Optional.of(new String(body, StandardCharsets.UTF_8));
        }

        @Override
        public URI getUri() {
            if (uri == null) {
                throw new IllegalArgumentException("the request URL cannot be parsed");
            }
            return uri;
        }

        @Override
        public HttpMethod getHttpMethod() {
            return method;
        }

        @Override
        public Map<String, String> getHeaders() {
            return headers;
        }

        @Override
        public Map<String, String> getQueryParameters() {
            return query;
        }

        @Override
        public Optional<String> getBody() {
            return body;
        }

        @Override
        public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
            return new Response(status);
        }

        @Override
        public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
            return new Response(status);
        }
    }

    private static final class Response implements HttpResponseMessage, HttpResponseMessage.Builder {
        private HttpStatusType status;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private Object body;

        Response(HttpStatusType status) {
            this.status = status;
        }

        @Override
        public HttpResponseMessage.Builder status(HttpStatusType newStatus) {
            status = newStatus;
            return this;
        }

        @Override
        public HttpResponseMessage.Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        @Override
        public HttpResponseMessage.Builder body(Object value) {
            body = value;
            return this;
        }

        @Override
        public HttpResponseMessage build() {
            return this;
        }

        @Override
        public HttpStatusType getStatus() {
            return status;
        }

        @Override
        public String getHeader(String name) {
            return headers.get(name);
        }

        @Override
        public Object getBody() {
            return body;
        }
    }
}
