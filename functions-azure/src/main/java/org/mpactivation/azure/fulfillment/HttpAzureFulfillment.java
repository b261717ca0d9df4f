package org.mpactivation.azure.fulfillment;

import java.net.URI;
import java.net.URLEncoder;
import org.mpactivation.azure.http.AzureHttpTransport;
import org.mpactivation.azure.http.HttpAnswer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.mpactivation.observability.MarketplaceCalls;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.port.out.MarketplaceTokenRejectedException;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.azure.AvailablePlan;
import org.mpactivation.port.out.azure.AzureFulfillment;
import org.mpactivation.port.out.azure.AzureRequestRejectedException;
import org.mpactivation.port.out.azure.AzureResourceNotFoundException;
import org.mpactivation.port.out.azure.MarketplaceOperation;
import org.mpactivation.port.out.azure.OperationOutcome;
import org.mpactivation.port.out.azure.OperationSupersededException;
import org.mpactivation.port.out.azure.ResolvedPurchase;
import org.mpactivation.port.out.azure.SaasSubscription;

/** The SaaS Fulfillment API v2 (api-version 2018-08-31) through an {@link AzureHttpTransport}. */
public final class HttpAzureFulfillment implements AzureFulfillment {

    private final AccessTokens tokens;

    public static final URI DEFAULT_BASE_URI = URI.create("https://marketplaceapi.microsoft.com/api");
    static final String API_VERSION = "2018-08-31";

    private final String base;
    private final FulfillmentHttp http;
    private final FulfillmentJson json = FulfillmentJson.shared();

    public HttpAzureFulfillment(URI baseUri, AccessTokens tokens) {
        this(baseUri, tokens, RetryPolicy.DEFAULT, Pause.REAL);
    }

    public HttpAzureFulfillment(URI baseUri, AccessTokens tokens, RetryPolicy retries, Pause pause) {
        this(baseUri, tokens, retries, pause, FulfillmentHttp.sharedTransport());
    }

    /** @param transport how the calls are sent (the shared one in production; a recording one in tests) */
    public HttpAzureFulfillment(URI baseUri, AccessTokens tokens, RetryPolicy retries, Pause pause,
            AzureHttpTransport transport) {
        this.base = Objects.requireNonNull(baseUri, "baseUri").toString().replaceAll("/+$", "");
        this.http = new FulfillmentHttp(transport, tokens, retries, pause);
        this.tokens = tokens;
    }

    /** Fetches the access token while the caller reads its store (the landing page, before it resolves). */
    @Override
    public void prepare() {
        tokens.prepare();
    }

    @Override
    public ResolvedPurchase resolve(String landingToken) {
        if (landingToken == null || landingToken.isBlank()) {
            throw new MarketplaceTokenRejectedException(MarketplaceTokenRejectedException.Reason.INVALID, null);
        }
        FulfillmentCall call = new FulfillmentCall("resolve", "POST", uri("/saas/subscriptions/resolve"), null,
                Map.of("x-ms-marketplace-token", landingToken), newCorrelationId());
        HttpAnswer response = http.send(call);
        if (response.status() == 400) {
            // the documented answer to a bad or expired landing token: the buyer reopens it from the Azure portal
            throw new MarketplaceTokenRejectedException(MarketplaceTokenRejectedException.Reason.EXPIRED, null);
        }
        return json.purchase(json.read(success(call, response).text()));
    }

    @Override
    public void activate(String subscriptionId, String planId, Integer quantity) {
        requireText(planId, "planId");
        FulfillmentCall call = new FulfillmentCall("activate", "POST",
                uri(subscriptionPath(subscriptionId) + "/activate"), json.activation(planId, quantity), Map.of(),
                newCorrelationId());
        success(call, http.send(call));
    }

    @Override
    public SaasSubscription subscription(String subscriptionId) {
        FulfillmentCall call = get("subscription", uri(subscriptionPath(subscriptionId)), newCorrelationId());
        return json.subscription(json.read(success(call, http.send(call)).text()));
    }

    @Override
    public Stream<SaasSubscription> subscriptions() {
        String correlationId = newCorrelationId();
        return new SubscriptionPages(uri("/saas/subscriptions"), link -> {
            FulfillmentCall call = get("subscriptions", link, correlationId);
            return json.read(success(call, http.send(call)).text());
        }, json).stream();
    }

    @Override
    public List<AvailablePlan> availablePlans(String subscriptionId) {
        FulfillmentCall call = get("availablePlans", uri(subscriptionPath(subscriptionId) + "/listAvailablePlans"),
                newCorrelationId());
        return json.plans(json.read(success(call, http.send(call)).text()));
    }

    @Override
    public MarketplaceOperation operation(String subscriptionId, String operationId) {
        FulfillmentCall call = get("operation", uri(operationPath(subscriptionId, operationId)), newCorrelationId());
        return json.operation(json.read(success(call, http.send(call)).text()));
    }

    @Override
    public void updateOperation(String subscriptionId, String operationId, String planId, Integer quantity,
            OperationOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        FulfillmentCall call = new FulfillmentCall("updateOperation", "PATCH",
                uri(operationPath(subscriptionId, operationId)), json.operationUpdate(planId, quantity, outcome),
                Map.of(), newCorrelationId());
        HttpAnswer response = http.send(call);
        if (response.status() == 409) {
            throw new OperationSupersededException("operation " + operationId
                    + " is no longer in progress, correlation id " + call.correlationId(), null);
        }
        success(call, response);
    }

    /** The response of a 2xx; a clear exception of the port for any other status. */
    private static HttpAnswer success(FulfillmentCall call, HttpAnswer response) {
        int status = response.status();
        if (status >= 200 && status < 300) {
            return response;
        }
        String where = call.name() + " answered " + status + ", correlation id " + call.correlationId();
        if (status == 404) {
            throw new AzureResourceNotFoundException("not found: " + where, null);
        }
        if (status == 401 || status == 403) {
            throw new MarketplaceAccessException("access refused: " + where, null);
        }
        if (status >= 400 && status < 500) {
            throw new AzureRequestRejectedException("request refused: " + where, null);
        }
        throw new MarketplaceUnavailableException("unexpected answer: " + where, null);
    }

    private FulfillmentCall get(String name, URI uri, String correlationId) {
        return new FulfillmentCall(name, "GET", uri, null, Map.of(), correlationId);
    }

    private URI uri(String path) {
        return URI.create(base + path + "?api-version=" + API_VERSION);
    }

    private static String subscriptionPath(String subscriptionId) {
        return "/saas/subscriptions/" + segment(subscriptionId, "subscriptionId");
    }

    private static String operationPath(String subscriptionId, String operationId) {
        return subscriptionPath(subscriptionId) + "/operations/" + segment(operationId, "operationId");
    }

    private static String segment(String value, String name) {
        return URLEncoder.encode(requireText(value, name), StandardCharsets.UTF_8);
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static String newCorrelationId() {
        return MarketplaceCalls.correlationId();
    }
}
