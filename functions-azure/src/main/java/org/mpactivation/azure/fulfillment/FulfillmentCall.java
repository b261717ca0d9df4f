package org.mpactivation.azure.fulfillment;

import java.net.URI;
import java.util.Map;
import java.util.Objects;

/**
 * One logical call of a marketplace API: what to send, and the correlation id shared by all its attempts (and
 * by every page of a listing). Extra headers carry, for example, the landing token: they are never logged.
 */
public record FulfillmentCall(String name, String method, URI uri, String jsonBody, Map<String, String> secretHeaders,
        String correlationId) {

    public FulfillmentCall {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(correlationId, "correlationId");
        secretHeaders = Map.copyOf(secretHeaders);
    }
}
