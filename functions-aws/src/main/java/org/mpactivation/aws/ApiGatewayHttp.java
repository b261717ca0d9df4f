package org.mpactivation.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.mpactivation.web.BadRequestException;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;

/**
 * Translates API Gateway HTTP API / Lambda function URL events (payload format 2.0) to the shared
 * web model and back. Cookies travel in their own field in both directions in this format.
 */
public final class ApiGatewayHttp {

    private ApiGatewayHttp() {
    }

    /**
     * Serves one event through the router. An event that cannot be read as a request (no request context or
     * method, a body marked base64 that is not, a bad escape in the query) is answered 400 by the router's error
     * page, never with the text of what failed.
     */
    public static APIGatewayV2HTTPResponse serve(Router router, APIGatewayV2HTTPEvent event) {
        return toResponse(router.handle(() -> toWebRequest(event)));
    }

    /** @throws BadRequestException (400) for an event that is not a readable HTTP request */
    public static WebRequest toWebRequest(APIGatewayV2HTTPEvent event) {
        if (event == null || event.getRequestContext() == null || event.getRequestContext().getHttp() == null
                || event.getRequestContext().getHttp().getMethod() == null
                || event.getRequestContext().getHttp().getMethod().isBlank()) {
            throw new BadRequestException(400, "error.request.malformed");
        }
        String method = event.getRequestContext().getHttp().getMethod();
        String path = event.getRawPath() == null || event.getRawPath().isEmpty() ? "/" : event.getRawPath();
        Map<String, String> cookies = new HashMap<>();
        if (event.getCookies() != null) {
            for (String cookie : event.getCookies()) {
                cookies.putAll(WebRequest.parseCookieHeader(cookie));
            }
        }
        Map<String, String> headers = event.getHeaders() == null ? Map.of() : event.getHeaders();
        if (cookies.isEmpty() && headers.containsKey("cookie")) {
            cookies.putAll(WebRequest.parseCookieHeader(headers.get("cookie")));
        }
        byte[] body;
        if (event.getBody() == null) {
            body = new byte[0];
        } else if (event.getIsBase64Encoded()) {
            try {
                body = Base64.getDecoder().decode(event.getBody());
            } catch (IllegalArgumentException notBase64) {
                throw new BadRequestException(400, "error.request.malformed");
            }
        } else {
            body = event.getBody().getBytes(StandardCharsets.UTF_8);
        }
        return new WebRequest(method, path, WebRequest.parseQuery(event.getRawQueryString()), headers, cookies, body,
                event.getRequestContext().getHttp().getSourceIp());
    }

    public static APIGatewayV2HTTPResponse toResponse(WebResponse response) {
        APIGatewayV2HTTPResponse result = new APIGatewayV2HTTPResponse();
        result.setStatusCode(response.status());
        result.setHeaders(new HashMap<>(response.headers()));
        if (!response.cookies().isEmpty()) {
            result.setCookies(new ArrayList<>(response.cookies()));
        }
        result.setBody(response.body());
        result.setIsBase64Encoded(false);
        return result;
    }
}
