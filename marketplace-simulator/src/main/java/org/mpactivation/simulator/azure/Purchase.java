package org.mpactivation.simulator.azure;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a buyer's purchase gives the publisher: the subscription id and the landing token that "Configure
 * account" appends, URL-encoded, as {@code ?token=} to the publisher's landing page. Resolve takes the decoded
 * token in {@code x-ms-marketplace-token}.
 */
public record Purchase(String subscriptionId, String token) {

    public Purchase {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(token, "token");
    }

    /** The token as it appears in the landing page URL. */
    public String urlEncodedToken() {
        return URLEncoder.encode(token, StandardCharsets.UTF_8);
    }

    /** The landing page URL the buyer's browser is sent to. */
    public URI landingUrl(URI landingPage) {
        String page = landingPage.toString();
        String separator = page.contains("?") ? "&" : "?";
        return URI.create(page + separator + "token=" + urlEncodedToken());
    }
}
