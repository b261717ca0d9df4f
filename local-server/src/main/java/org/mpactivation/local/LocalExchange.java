package org.mpactivation.local;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One request as the local server's edge received it, before any route sees it.
 *
 * @param rawPath     the path as sent (percent-encoding kept; the edge has checked that it is well formed)
 * @param rawQuery    the query as sent, or null
 * @param headers     by lower-case name, each name's values in the order they came
 * @param peerAddress the address of the connection's other end: the client as far as this server can tell
 * @param body        the whole body (the edge refused it if it was larger than the route allows)
 */
public record LocalExchange(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                            String peerAddress, byte[] body) {

    public LocalExchange {
        headers = Map.copyOf(headers);
    }

    /** The first value of a header, by lower-case name. */
    public Optional<String> header(String lowerCaseName) {
        List<String> values = headers.get(lowerCaseName);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public boolean head() {
        return "HEAD".equals(method);
    }
}
