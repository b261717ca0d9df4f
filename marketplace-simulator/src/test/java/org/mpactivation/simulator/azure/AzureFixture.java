package org.mpactivation.simulator.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * A simulator on a hand-moved clock with an offer of two flat-rate plans and one per-seat plan, and a plain
 * {@code java.net.http} client that calls it with the accepted bearer token.
 */
final class AzureFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2026-03-02T10:20:30Z");
    static final String TOKEN = "publisher-access-token";
    static final String OFFER = "contoso-saas";
    static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status, parsed body (an empty object when there is none) and headers. */
    record Reply(int status, JsonNode body, HttpHeaders headers) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    final MovableClock clock = new MovableClock(START);
    final AzureMarketplaceSimulator azure;
    final HttpClient http = HttpClient.newHttpClient();

    AzureFixture() {
        this(builder -> { });
    }

    AzureFixture(Consumer<AzureMarketplaceSimulator.Builder> settings) {
        AzureMarketplaceSimulator.Builder builder = AzureMarketplaceSimulator.builder()
                .clock(clock)
                .acceptedTokens(AccessTokenCheck.acceptingOnly(TOKEN));
        settings.accept(builder);
        azure = builder.start();
        azure.createOffer(new AzureOffer("contoso", OFFER, List.of(
                AzurePlan.flatRate("basic", "requests", "emails"),
                AzurePlan.flatRate("premium", "requests"),
                AzurePlan.perSeat("team", "requests").withTermUnit("P1Y"))));
    }

    Purchase buy(String planId, Integer quantity) {
        return azure.subscribe(OFFER, planId, quantity, Identity.withEmail("buyer@example.com"));
    }

    /** A subscription on the basic plan, activated. */
    String activeBasic() {
        Purchase purchase = buy("basic", null);
        Reply reply = call("POST", "/saas/subscriptions/" + purchase.subscriptionId() + "/activate",
                object().put("planId", "basic"));
        if (reply.status() != 200) {
            throw new IllegalStateException("activation failed: " + reply);
        }
        return purchase.subscriptionId();
    }

    static ObjectNode object() {
        return JSON.createObjectNode();
    }

    /** Calls {@code <base><path>?api-version=2018-08-31} with the accepted token. */
    Reply call(String method, String path, JsonNode body) {
        String separator = path.contains("?") ? "&" : "?";
        return send(request(azure.baseUri() + path + separator + "api-version=" + AzureMarketplaceSimulator.API_VERSION)
                .header("Authorization", "Bearer " + TOKEN), method, body);
    }

    Reply call(String method, String path) {
        return call(method, path, null);
    }

    static HttpRequest.Builder request(String uri) {
        return HttpRequest.newBuilder(URI.create(uri)).header("Content-Type", "application/json");
    }

    Reply send(HttpRequest.Builder request, String method, JsonNode body) {
        return sendText(request, method, body == null ? null : body.toString());
    }

    /** Sends a body as given, JSON or not. */
    Reply sendText(HttpRequest.Builder request, String method, String body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        try {
            HttpResponse<String> response = http.send(request.method(method, publisher).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = response.body().isEmpty() ? object() : JSON.readTree(response.body());
            return new Reply(response.statusCode(), parsed, response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        azure.close();
    }
}
