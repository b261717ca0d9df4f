package org.mpactivation.local;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;

/** The shared web model over a JDK {@link HttpExchange}, for the local server's own pages. */
public final class LocalHttp {

    private LocalHttp() {
    }

    public static WebRequest toWebRequest(HttpExchange exchange, byte[] body) {
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        return new WebRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                WebRequest.parseQuery(exchange.getRequestURI().getRawQuery()), headers,
                WebRequest.parseCookieHeader(exchange.getRequestHeaders().getFirst("Cookie")), body,
                exchange.getRemoteAddress().getAddress().getHostAddress());
    }

    public static void write(HttpExchange exchange, WebResponse response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        response.cookies().forEach(cookie -> exchange.getResponseHeaders().add("Set-Cookie", cookie));
        byte[] body = response.bodyBytes();
        boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.status(), noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
        }
    }
}
