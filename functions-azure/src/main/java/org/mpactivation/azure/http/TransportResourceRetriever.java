package org.mpactivation.azure.http;

import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Map;
import java.util.Objects;

/**
 * Nimbus JOSE's key-set fetches through an {@link AzureHttpTransport}, so the signing keys of ID tokens and
 * webhook tokens come over the same HTTP stack as everything else. Any status but 2xx is an
 * {@link IOException}, as with the library's own retriever.
 */
public final class TransportResourceRetriever implements ResourceRetriever {

    private final AzureHttpTransport transport;

    public TransportResourceRetriever(AzureHttpTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    @Override
    public Resource retrieveResource(URL url) throws IOException {
        HttpAnswer answer;
        try {
            answer = transport.send("GET", url.toURI(), Map.of("Accept", "application/json"), null);
        } catch (URISyntaxException notUri) {
            throw new IOException("not a URI: " + url.getPath(), notUri);
        }
        if (!answer.successful()) {
            throw new IOException("HTTP " + answer.status() + " from " + url.getHost());
        }
        return new Resource(answer.text(), answer.header("Content-Type").orElse(null));
    }
}
