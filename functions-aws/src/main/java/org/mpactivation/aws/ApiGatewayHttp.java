package org.mpactivation.aws;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;

/**
 * Translates API Gateway HTTP API / Lambda function URL events (payload format 2.0) to the shared
 * web model and back. Cookies travel in their own field in both directions in this format.
 */
public final class ApiGatewayHttp {

    private ApiGatewayHttp() {
    }

    public static WebRequest toWebRequest(APIGatewayV2HTTPEvent event) {
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : "GET";
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
                body = new byte[0];
            }
        } else {
            body = event.getBody().getBytes(StandardCharsets.UTF_8);
        }
        String sourceIp = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getSourceIp() : null;
        return new WebRequest(method, path, WebRequest.parseQuery(event.getRawQueryString()), headers, cookies, body,
                sourceIp);
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
