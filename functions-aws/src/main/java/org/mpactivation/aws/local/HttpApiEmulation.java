package org.mpactivation.aws.local;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Does what API Gateway's HTTP API does in front of a Lambda function, for a plain HTTP server (the
 * local server, the end-to-end tests): a request becomes a payload 2.0 event (cookies in their own
 * field, a base64 body) and the function's answer becomes the HTTP response.
 */
public final class HttpApiEmulation {

    private HttpApiEmulation() {
    }

    /** Like {@link #toEvent(String, String, String, Map, String, byte[], String)}, for a JDK server's exchange. */
    public static APIGatewayV2HTTPEvent toEvent(HttpExchange exchange, byte[] body, String iamCaller) {
        return toEvent(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(),
                exchange.getRemoteAddress().getAddress().getHostAddress(), body, iamCaller);
    }

    /**
     * The event for a request that any HTTP server received.
     *
     * @param rawPath     the path as sent, percent-encoding kept
     * @param rawQuery    the query as sent, or null
     * @param headers     every header by name as sent (any case), each with its values in order; the
     *                    {@code Cookie} headers become the event's cookies
     * @param peerAddress the address of the connection's other end (API Gateway's source IP)
     * @param iamCaller   the caller's ARN to put in the IAM authorizer context (a route with IAM
     *                    authorization that the front has authenticated), or null
     */
    public static APIGatewayV2HTTPEvent toEvent(String method, String rawPath, String rawQuery,
                                                Map<String, List<String>> headers, String peerAddress, byte[] body,
                                                String iamCaller) {
        Map<String, String> single = new HashMap<>();
        List<String> cookies = new ArrayList<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("cookie")) {
                for (String value : values) {
                    for (String part : value.split(";")) {
                        if (!part.isBlank()) {
                            cookies.add(part.strip());
                        }
                    }
                }
            } else {
                single.merge(lower, String.join(",", values), (first, more) -> first + "," + more);
            }
        });
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(rawPath);
        http.setSourceIp(peerAddress);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(http);
        // API Gateway names each request; locally the caller's x-request-id, else a fresh id
        context.setRequestId(single.getOrDefault("x-request-id", java.util.UUID.randomUUID().toString()));
        if (iamCaller != null) {
            APIGatewayV2HTTPEvent.RequestContext.IAM iam = new APIGatewayV2HTTPEvent.RequestContext.IAM();
            iam.setUserArn(iamCaller);
            APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer =
                    new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
            authorizer.setIam(iam);
            context.setAuthorizer(authorizer);
        }
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("$default");
        event.setRawPath(rawPath);
        event.setRawQueryString(rawQuery == null ? "" : rawQuery);
        event.setHeaders(single);
        event.setCookies(cookies.isEmpty() ? null : cookies);
        event.setRequestContext(context);
        if (body.length > 0) {
            event.setBody(Base64.getEncoder().encodeToString(body));
            event.setIsBase64Encoded(true);
        }
        return event;
    }

    /** The body of the function's answer as bytes (base64 decoded where the function encoded it). */
    public static byte[] bodyOf(APIGatewayV2HTTPResponse response) {
        return response.getBody() == null ? new byte[0]
                : response.getIsBase64Encoded() ? Base64.getDecoder().decode(response.getBody())
                : response.getBody().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the function's answer as the HTTP response (each cookie its own Set-Cookie header). */
    public static void respond(HttpExchange exchange, APIGatewayV2HTTPResponse response) throws IOException {
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        }
        if (response.getCookies() != null) {
            response.getCookies().forEach(cookie -> exchange.getResponseHeaders().add("Set-Cookie", cookie));
        }
        byte[] body = bodyOf(response);
        boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(response.getStatusCode(), noBody ? -1 : body.length);
        if (!noBody) {
            exchange.getResponseBody().write(body);
        }
    }
}
