package org.mpactivation.azure;

import com.microsoft.azure.functions.HttpMethod;
import com.microsoft.azure.functions.HttpRequestMessage;
import com.microsoft.azure.functions.HttpResponseMessage;
import com.microsoft.azure.functions.HttpStatus;
import com.microsoft.azure.functions.HttpStatusType;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP trigger request as the Java worker hands it over. Its response builder behaves like the
 * worker's (one value per header name, the last one wins) and also records every header call, so a
 * test can tell what the translation asked for from what would reach the browser.
 */
public final class FakeHttpRequest implements HttpRequestMessage<Optional<String>> {

    private final HttpMethod method;
    private final String url;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final Map<String, String> queryParameters = new LinkedHashMap<>();
    private String body;
    private boolean headersMissing;

    private FakeHttpRequest(HttpMethod method, String url) {
        this.method = method;
        this.url = url;
    }

    public static FakeHttpRequest get(String uri) {
        return new FakeHttpRequest(HttpMethod.GET, uri);
    }

    public static FakeHttpRequest post(String uri, String body) {
        return new FakeHttpRequest(HttpMethod.POST, uri).body(body);
    }

    /** Any method, or none (null): what a broken worker might hand over. */
    static FakeHttpRequest of(HttpMethod method, String uri) {
        return new FakeHttpRequest(method, uri);
    }

    /** {@link #getHeaders()} answers null, as no worker should. */
    FakeHttpRequest withoutHeaders() {
        headersMissing = true;
        return this;
    }

    public FakeHttpRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** What the worker derives from the query string: one value per name. */
    FakeHttpRequest queryParameter(String name, String value) {
        queryParameters.put(name, value);
        return this;
    }

    public FakeHttpRequest body(String value) {
        body = value;
        return this;
    }

    /** Parsed on each call, as the worker does (so a malformed URL throws here, not earlier). */
    @Override
    public URI getUri() {
        return URI.create(url);
    }

    @Override
    public HttpMethod getHttpMethod() {
        return method;
    }

    @Override
    public Map<String, String> getHeaders() {
        return headersMissing ? null : headers;
    }

    @Override
    public Map<String, String> getQueryParameters() {
        return queryParameters;
    }

    @Override
    public Optional<String> getBody() {
        return Optional.ofNullable(body);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatus status) {
        return new Response(status);
    }

    @Override
    public HttpResponseMessage.Builder createResponseBuilder(HttpStatusType status) {
        return new Response(status);
    }

    /** The response and its builder in one, as in the worker. */
    public static final class Response implements HttpResponseMessage, HttpResponseMessage.Builder {

        private HttpStatusType status;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private final List<Map.Entry<String, String>> headerCalls = new ArrayList<>();
        private Object body;

        private Response(HttpStatusType status) {
            this.status = status;
        }

        @Override
        public HttpResponseMessage.Builder status(HttpStatusType value) {
            status = value;
            return this;
        }

        @Override
        public HttpResponseMessage.Builder header(String name, String value) {
            headers.put(name, value);
            headerCalls.add(Map.entry(name, value));
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

        /** The headers as the worker would send them (one value per name). */
        public Map<String, String> headers() {
            return Map.copyOf(headers);
        }

        List<String> headerCalls(String name) {
            return headerCalls.stream().filter(call -> call.getKey().equals(name)).map(Map.Entry::getValue).toList();
        }
    }
}
