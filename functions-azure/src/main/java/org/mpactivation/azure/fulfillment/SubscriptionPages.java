package org.mpactivation.azure.fulfillment;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.mpactivation.config.JsonTree;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.azure.SaasSubscription;

/**
 * The subscription listing, one page in memory at a time: the next page ({@code @nextLink}) is fetched only when
 * the previous one is used up, always from the configured origin. Bounded: a page count far above any seller's, and a link seen before, end it.
 */
final class SubscriptionPages implements Iterator<SaasSubscription> {

    static final int MAX_PAGES = 100_000;

    private final Function<URI, JsonTree> fetch;
    private final FulfillmentJson json;
    private final Deque<SaasSubscription> page = new ArrayDeque<>();
    private final Set<String> seenLinks = new HashSet<>();
    private final String origin;
    private URI next;
    private int pagesRead;

    SubscriptionPages(URI first, Function<URI, JsonTree> fetch, FulfillmentJson json) {
        this.origin = first.getScheme() + "://" + first.getRawAuthority();
        this.next = first;
        this.fetch = fetch;
        this.json = json;
    }

    Stream<SaasSubscription> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    @Override
    public boolean hasNext() {
        while (page.isEmpty() && next != null) {
            readPage();
        }
        return !page.isEmpty();
    }

    @Override
    public SaasSubscription next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return page.removeFirst();
    }

    private void readPage() {
        if (++pagesRead > MAX_PAGES || !seenLinks.add(next.toString())) {
            throw new MarketplaceUnavailableException("the subscription listing does not end (page " + pagesRead
                    + ")", null);
        }
        JsonTree body = fetch.apply(next);
        for (JsonTree subscription : body.path("subscriptions").elements()) {
            page.addLast(json.subscription(subscription));
        }
        String link = FulfillmentJson.text(body, "@nextLink");
        next = link == null || link.isBlank() ? null : onOurOrigin(URI.create(link));
    }

    /**
     * The link's path and query on the configured origin: the bearer token goes to no other host than the one
     * configured, whatever a link names (and a proxy or simulator in between keeps working).
     */
    private URI onOurOrigin(URI link) {
        String query = link.getRawQuery();
        if (query == null || !query.contains("api-version=")) {
            query = (query == null ? "" : query + "&") + "api-version=" + HttpAzureFulfillment.API_VERSION;
        }
        return URI.create(origin + link.getRawPath() + "?" + query);
    }
}
