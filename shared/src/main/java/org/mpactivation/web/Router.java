package org.mpactivation.web;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.mpactivation.observability.RequestContext;
import org.mpactivation.port.out.store.ReadScope;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cloud-neutral router: matches method and path ({@code {name}} segments capture), refuses
 * bodies larger than the route takes, adds the security headers to every answer and turns failures
 * into pages that never show an exception's text.
 */
public final class Router {

    /** The largest body a route takes unless it says otherwise (64 KiB: every page's form fits). */
    public static final int DEFAULT_BODY_BYTES = 64 * 1024;
    /**
     * The largest body any route may take (512 KiB, the usage intake's): a server in front reads at most
     * this much (and one byte more, to tell that a body is larger) before handing the request over.
     */
    public static final int MAX_BODY_BYTES = 512 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final List<Route> routes = new ArrayList<>();
    private ReadScope mountingScope = ReadScope.NONE;
    private final ErrorPages errorPages;
    private final Transport transport;

    /** A router served over HTTPS (every answer carries HSTS). */
    public Router(ErrorPages errorPages) {
        this(errorPages, Transport.HTTPS);
    }

    public Router(ErrorPages errorPages, Transport transport) {
        this.errorPages = errorPages;
        this.transport = Objects.requireNonNull(transport, "transport");
    }

    public Router get(String pattern, BiFunction<WebRequest, Map<String, String>, WebResponse> handler) {
        routes.add(new Route("GET", pattern.split("/"), DEFAULT_BODY_BYTES, handler, mountingScope));
        return this;
    }

    /**
     * Mounts routes whose requests each run in a read scope of the store: within one request, an item
     * is read from the store once (see {@link ReadScope}).
     */
    public Router withReadScope(ReadScope scope, java.util.function.Consumer<Router> mounting) {
        ReadScope previous = mountingScope;
        mountingScope = Objects.requireNonNull(scope, "scope");
        try {
            mounting.accept(this);
        } finally {
            mountingScope = previous;
        }
        return this;
    }

    public Router post(String pattern, BiFunction<WebRequest, Map<String, String>, WebResponse> handler) {
        return post(pattern, DEFAULT_BODY_BYTES, handler);
    }

    /** A POST route that takes bodies of up to {@code maxBodyBytes} (at most {@link #MAX_BODY_BYTES}). */
    public Router post(String pattern, int maxBodyBytes,
                       BiFunction<WebRequest, Map<String, String>, WebResponse> handler) {
        if (maxBodyBytes < 0 || maxBodyBytes > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("a route takes at most " + MAX_BODY_BYTES + " bytes");
        }
        routes.add(new Route("POST", pattern.split("/"), maxBodyBytes, handler, mountingScope));
        return this;
    }

    public WebResponse handle(WebRequest request) {
        return withSecurityHeaders(dispatch(request));
    }

    /**
     * Serves a request that an adapter builds from its platform's event. One that cannot be built (a bad escape
     * in the query, a body that is not base64, an event without its request context) is answered 400 with the
     * error page: the platform's or the parser's text never reaches the answer.
     */
    public WebResponse handle(Supplier<WebRequest> adapter) {
        WebRequest request;
        try {
            request = adapter.get();
        } catch (BadRequestException e) {
            return withSecurityHeaders(errorPages.page(e.status(), e.messageKey()));
        } catch (RuntimeException e) {
            LOG.warn("request not readable error={}", e.getClass().getName());
            return withSecurityHeaders(errorPages.page(400, "error.request.malformed"));
        }
        return handle(request);
    }

    /** This router's security headers on an answer made outside it (an adapter's own refusal). */
    public WebResponse withSecurityHeaders(WebResponse response) {
        return SecurityHeaders.apply(response, transport);
    }

    public Transport transport() {
        return transport;
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
                    RequestContext.route(route.pattern);
                    if (request.body().length > route.maxBodyBytes) {
                        throw new BadRequestException(413, "error.request.tooLarge");
                    }
                    return route.scope.within(() -> route.handler.apply(request, params));
                }
            }
            if (request.body().length > DEFAULT_BODY_BYTES) {
                throw new BadRequestException(413, "error.request.tooLarge");
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

    private record Route(String method, String[] pattern, int maxBodyBytes,
                         BiFunction<WebRequest, Map<String, String>, WebResponse> handler, ReadScope scope) {

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
