package org.mpactivation.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud-neutral router: matches method and path ({@code {name}} segments capture), refuses
 * oversized bodies, adds the security headers to every answer and turns failures into pages that
 * never show an exception's text.
 */
public final class Router {

    /** The largest request body accepted (64 KiB). */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final List<Route> routes = new ArrayList<>();
    private final ErrorPages errorPages;

    public Router(ErrorPages errorPages) {
        this.errorPages = errorPages;
    }

    public Router get(String pattern, BiFunction<WebRequest, Map<String, String>, WebResponse> handler) {
        routes.add(new Route("GET", pattern.split("/"), handler));
        return this;
    }

    public Router post(String pattern, BiFunction<WebRequest, Map<String, String>, WebResponse> handler) {
        routes.add(new Route("POST", pattern.split("/"), handler));
        return this;
    }

    public WebResponse handle(WebRequest request) {
        return SecurityHeaders.apply(dispatch(request));
    }

    private WebResponse dispatch(WebRequest request) {
        try {
            if (request.body().length > MAX_BODY_BYTES) {
                throw new BadRequestException(413, "error.request.tooLarge");
            }
            String[] segments = request.path().split("/");
            boolean pathMatched = false;
            for (Route route : routes) {
                Map<String, String> params = route.match(segments);
                if (params == null) {
                    continue;
                }
                pathMatched = true;
                if (route.method.equals(request.method())
                        || ("HEAD".equals(request.method()) && "GET".equals(route.method))) {
                    org.mpactivation.observability.RequestContext.route(route.pattern);
                    return route.handler.apply(request, params);
                }
            }
            return pathMatched ? errorPages.page(request, 405, "error.request.method")
                    : errorPages.page(request, 404, "error.request.notFound");
        } catch (BadRequestException e) {
            return errorPages.page(request, e.status(), e.messageKey());
        } catch (RuntimeException e) {
            LOG.error("request failed path={} error={}", request.path(), e.getClass().getName(), e);
            return errorPages.page(request, 500, "error.internal");
        }
    }

    private record Route(String method, String[] pattern,
                         BiFunction<WebRequest, Map<String, String>, WebResponse> handler) {

        Map<String, String> match(String[] segments) {
            if (segments.length != pattern.length) {
                return null;
            }
            Map<String, String> params = new HashMap<>();
            for (int i = 0; i < pattern.length; i++) {
                String expected = pattern[i];
                if (expected.startsWith("{") && expected.endsWith("}")) {
                    if (segments[i].isEmpty()) {
                        return null;
                    }
                    params.put(expected.substring(1, expected.length() - 1), segments[i]);
                } else if (!expected.equals(segments[i])) {
                    return null;
                }
            }
            return params;
        }
    }

    /** Renders an error page for a status and a message key. */
    public interface ErrorPages {
        WebResponse page(int status, String messageKey);

        /** The page for this request (for example in the request's language). */
        default WebResponse page(WebRequest request, int status, String messageKey) {
            return page(status, messageKey);
        }
    }
}
