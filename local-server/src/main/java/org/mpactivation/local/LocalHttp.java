package org.mpactivation.local;

import java.util.HashMap;
import java.util.Map;
import org.mpactivation.web.WebRequest;

/** The shared web model over a {@link LocalExchange}, for the local server's own pages. */
public final class LocalHttp {

    private LocalHttp() {
    }

    /** The request for a router; the client address is the connection's peer, never a header. */
    public static WebRequest toWebRequest(LocalExchange exchange) {
        Map<String, String> headers = new HashMap<>();
        exchange.headers().forEach((name, values) -> headers.put(name, String.join(",", values)));
        return new WebRequest(exchange.method(), exchange.rawPath(), WebRequest.parseQuery(exchange.rawQuery()),
                headers, WebRequest.parseCookieHeader(exchange.headers().containsKey("cookie")
                        ? String.join("; ", exchange.headers().get("cookie")) : null),
                exchange.body(), exchange.peerAddress());
    }
}
