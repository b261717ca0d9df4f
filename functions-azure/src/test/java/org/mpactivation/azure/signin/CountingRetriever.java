package org.mpactivation.azure.signin;

import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.Resource;
import com.nimbusds.jose.util.ResourceRetriever;
import java.io.IOException;
import java.net.URL;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fetches over HTTP as the sign-in does in production, and remembers the path of every fetch. */
final class CountingRetriever implements ResourceRetriever {

    private final ResourceRetriever http = new DefaultResourceRetriever(2_000, 2_000, 64 * 1024);
    private final List<String> fetched = new CopyOnWriteArrayList<>();

    @Override
    public Resource retrieveResource(URL url) throws IOException {
        fetched.add(url.getPath());
        return http.retrieveResource(url);
    }

    /** How many fetches went to a path ending with {@code suffix}. */
    long fetches(String suffix) {
        return fetched.stream().filter(path -> path.endsWith(suffix)).count();
    }
}
