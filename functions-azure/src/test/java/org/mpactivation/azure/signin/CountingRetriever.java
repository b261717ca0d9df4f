package org.mpactivation.azure.signin;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.mpactivation.azure.http.AzureHttpTransport;
import org.mpactivation.azure.http.HttpAnswer;

/** Sends over HTTP as the sign-in does in production, and remembers the path of every GET (the documents fetched). */
final class CountingRetriever implements AzureHttpTransport {

    private final AzureHttpTransport http = AzureHttpTransport.urlConnection(Duration.ofSeconds(2),
            Duration.ofSeconds(2), 64 * 1024);
    private final List<String> fetched = new CopyOnWriteArrayList<>();

    @Override
    public HttpAnswer send(String method, URI uri, Map<String, String> headers, byte[] body) throws IOException {
        if (method.equals("GET")) {
            fetched.add(uri.getPath());
        }
        return http.send(method, uri, headers, body);
    }

    /** How many fetches went to a path ending with {@code suffix}. */
    long fetches(String suffix) {
        return fetched.stream().filter(path -> path.endsWith(suffix)).count();
    }
}
