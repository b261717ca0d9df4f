package org.mpactivation.azure.metering;

import java.net.URI;
import org.mpactivation.azure.http.AzureHttpTransport;
import org.mpactivation.azure.http.HttpAnswer;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mpactivation.azure.fulfillment.AccessTokens;
import org.mpactivation.azure.fulfillment.FulfillmentCall;
import org.mpactivation.azure.fulfillment.FulfillmentHttp;
import org.mpactivation.azure.fulfillment.RetryPolicy;
import org.mpactivation.observability.MarketplaceCalls;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.MeteringRejectedException;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.azure.AzureMetering;
import org.mpactivation.port.out.azure.UsageEvent;
import org.mpactivation.port.out.azure.UsageEventResult;

/**
 * The Marketplace Metering API's {@code batchUsageEvent} (api-version 2018-08-31) through an {@link AzureHttpTransport}, with
 * the Fulfillment client's bearer tokens (resource {@code 20e940b3-4c77-4b0b-9a53-9e16a1b010a7}), request and
 * correlation ids, and bounded retries of 429, 5xx and I/O failures honouring {@code Retry-After}.
 */
public final class HttpAzureMetering implements AzureMetering {

    public static final URI DEFAULT_BASE_URI = URI.create("https://marketplaceapi.microsoft.com/api");
    static final String API_VERSION = "2018-08-31";

    private final URI batchUri;
    private final FulfillmentHttp http;
    private final MeteringJson json = new MeteringJson();

    public HttpAzureMetering(URI baseUri, AccessTokens tokens) {
        this(baseUri, tokens, RetryPolicy.DEFAULT, Pause.REAL);
    }

    public HttpAzureMetering(URI baseUri, AccessTokens tokens, RetryPolicy retries, Pause pause) {
        this(baseUri, tokens, retries, pause, FulfillmentHttp.sharedTransport());
    }

    /** @param transport how the calls are sent (the shared one in production; a recording one in tests) */
    public HttpAzureMetering(URI baseUri, AccessTokens tokens, RetryPolicy retries, Pause pause,
            AzureHttpTransport transport) {
        String base = Objects.requireNonNull(baseUri, "baseUri").toString().replaceAll("/+$", "");
        this.batchUri = URI.create(base + "/batchUsageEvent?api-version=" + API_VERSION);
        this.http = new FulfillmentHttp(transport, tokens, retries, pause);
    }

    @Override
    public List<UsageEventResult> batchUsageEvent(List<UsageEvent> events) {
        Objects.requireNonNull(events, "events");
        FulfillmentCall call = new FulfillmentCall("batchUsageEvent", "POST", batchUri, json.request(events), Map.of(),
                MarketplaceCalls.correlationId());
        HttpAnswer response = http.send(call);
        int status = response.status();
        if (status == 200) {
            return json.results(events, response.text());
        }
        if (status == 400) {
            // the whole batch is refused: no events, more than 25, or malformed; resending it unchanged cannot help
            throw new MeteringRejectedException(MeteringRejectedException.Reason.VALIDATION,
                    "the marketplace refused a batch of " + events.size() + " usage events (400), correlation id "
                            + call.correlationId(), null);
        }
        throw new MarketplaceUnavailableException("the marketplace answered " + status
                + " to batchUsageEvent, correlation id " + call.correlationId(), null);
    }
}
