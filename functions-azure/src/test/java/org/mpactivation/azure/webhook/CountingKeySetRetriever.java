package org.mpactivation.azure.webhook;

import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URL;
import java.util.concurrent.atomic.AtomicInteger;

/** Fetches over HTTP as the verifier does in production, and counts the fetches that reached the key endpoint. */
final class CountingKeySetRetriever implements ResourceRetriever {

    private final ResourceRetriever http = new DefaultResourceRetriever(2_000, 2_000, 64 * 1024);
    private final AtomicInteger fetches = new AtomicInteger();

    @Override
    public Resource retrieveResource(URL url) throws IOException {
        fetches.incrementAndGet();
        return http.retrieveResource(url);
    }

    int fetches() {
        return fetches.get();
    }
}
