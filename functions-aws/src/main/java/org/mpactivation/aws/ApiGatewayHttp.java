package org.mpactivation.aws;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.mpactivation.web.BadRequestException;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;

/**
 * Translates API Gateway HTTP API / Lambda function URL events (payload format 2.0, as {@link HttpApiEvents}
 * reads them) to the shared web model. Cookies travel in their own field in both directions in this format.
 */
public final class ApiGatewayHttp {

    private ApiGatewayHttp() {
    }

    /**
     * Serves one event through the router. An event that cannot be read as a request (not JSON, no request
     * context or method, a body marked base64 that is not, a bad escape in the query) is answered 400 by the
     * router's error page (413 for one too large), never with the text of what failed.
     */
    public static WebResponse serve(Router router, HttpApiEvents.Received received) {
        return router.handle(() -> toWebRequest(received.orThrow()));
    }

    /** @throws BadRequestException (400) for an event that is not a readable HTTP request */
    public static WebRequest toWebRequest(HttpApiEvent event) {
        if (event == null || event.requestContext() == null || event.requestContext().http() == null
                || event.requestContext().http().method() == null
                || event.requestContext().http().method().isBlank()) {
            throw new BadRequestException(400, "error.request.malformed");
        }
        String method = event.requestContext().http().method();
        String path = event.rawPath() == null || event.rawPath().isEmpty() ? "/" : event.rawPath();
        Map<String, String> cookies = new HashMap<>();
        if (event.cookies() != null) {
            for (String cookie : event.cookies()) {
                cookies.putAll(WebRequest.parseCookieHeader(cookie));
            }
        }
        Map<String, String> headers = event.headers() == null ? Map.of() : event.headers();
        if (cookies.isEmpty() && headers.containsKey("cookie")) {
            cookies.putAll(WebRequest.parseCookieHeader(headers.get("cookie")));
        }
        byte[] body;
        if (event.body() == null) {
            body = new byte[0];
        } else if (event.isBase64Encoded()) {
            try {
                body = Base64.getDecoder().decode(event.body());
            } catch (IllegalArgumentException notBase64) {
                throw new BadRequestException(400, "error.request.malformed");
            }
        } else {
            body = event.body().getBytes(StandardCharsets.UTF_8);
        }
        return new WebRequest(method, path, WebRequest.parseQuery(event.rawQueryString()), headers, cookies, body,
                event.requestContext().http().sourceIp());
    }
}
