package org.mpactivation.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The local server's HTTP edge: embedded Jetty on one port. It refuses what is not a well-formed request
 * before any route sees it (a bad request line, URI, percent-encoding, {@code Host} or length: 400; headers
 * over {@link #REQUEST_HEADER_BYTES}: 431; a body over the route's limit: 413, without reading the rest),
 * answers every refusal and failure with a short generic text ({@link PlainErrors}), and hands each request
 * as a {@link LocalExchange} to the {@link Routes}. A route's RuntimeException becomes a generic 500 and one
 * console line naming the exception's class.
 */
public final class LocalEdge implements AutoCloseable {

    /** The request line and headers together: Jetty's usual limit, ample for a browser with its cookies. */
    static final int REQUEST_HEADER_BYTES = 8 * 1024;
    static final int MAX_THREADS = 32;
    static final int MIN_THREADS = 4;
    static final int ACCEPT_QUEUE = 64;

    /** What the edge serves. */
    public interface Routes {
        /** The largest body a request to {@code rawPath} may carry. */
        int bodyLimit(String rawPath);

        LocalAnswer handle(LocalExchange exchange);
    }

    /** The port is taken: nothing else was started. */
    public static final class PortInUseException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortInUseException(int port, Throwable cause) {
            super("port " + port + " is in use; set PORT to another port", cause);
        }
    }

    // a reg-name (letters, digits, - . _ ~, percent-escapes not needed here), an IPv4 address or an [IPv6]
    // literal, with an optional port: RFC 3986's host, narrowed to what a browser sends
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9._~-]+|\\[[0-9A-Fa-f:.]+(?:%25[A-Za-z0-9._~-]+)?\\])(?::[0-9]{1,5})?");
    private static final Pattern PERCENT_ESCAPES = Pattern.compile("(?:[^%]|%[0-9A-Fa-f]{2})*");

    private final Server server;
    private final ServerConnector connector;
    private final PrintStream console;

    private LocalEdge(Server server, ServerConnector connector, PrintStream console) {
        this.server = server;
        this.connector = connector;
        this.console = console;
    }

    /**
     * Takes the port (0: any free one) and holds it; nothing is served until {@link #start}.
     *
     * @throws PortInUseException if the port is taken
     */
    public static LocalEdge bind(int port, PrintStream console) throws IOException {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_THREADS, MIN_THREADS);
        threads.setName("local-http");
        threads.setDaemon(true);
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(REQUEST_HEADER_BYTES);
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // routes match the raw path segment by segment and decode each, so an escaped slash or percent sign
        // inside a segment is data (an AWS subscription's id holds a slash), not a path separator
        http.setUriCompliance(UriCompliance.DEFAULT.with("local-raw-segments",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR, UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setPort(port);
        connector.setAcceptQueueSize(ACCEPT_QUEUE);
        connector.setAcceptedTcpNoDelay(true);
        connector.setReuseAddress(true);
        server.addConnector(connector);
        server.setErrorHandler(new PlainErrors());
        try {
            connector.open();
        } catch (IOException e) {
            connector.close();
            if (hasCause(e, BindException.class)) {
                throw new PortInUseException(port, e);
            }
            throw e;
        }
        return new LocalEdge(server, connector, console);
    }

    /** Serves {@code routes} on the port taken. */
    public void start(Routes routes) throws Exception {
        server.setHandler(new Edge(routes));
        server.start();
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Whether accepted connections send small writes at once (Nagle's algorithm off). */
    boolean tcpNoDelay() {
        return connector.getAcceptedTcpNoDelay();
    }

    /** Stops serving and frees the port, started or not. */
    @Override
    public void close() {
        try {
            if (server.isStarted() || server.isStarting()) {
                server.stop();
            } else {
                connector.close();
            }
        } catch (Exception e) {
            console.println("[server] stopping the HTTP server failed: " + e.getClass().getSimpleName());
        }
        try {
            server.destroy();
        } catch (RuntimeException e) {
            console.println("[server] releasing the HTTP server failed: " + e.getClass().getSimpleName());
        }
    }

    private final class Edge extends Handler.Abstract {
        private final Routes routes;

        Edge(Routes routes) {
            this.routes = routes;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws IOException {
            String rawPath = request.getHttpURI().getPath();
            String host = request.getHeaders().get(HttpHeader.HOST);
            if (rawPath == null || !rawPath.startsWith("/") || !PERCENT_ESCAPES.matcher(rawPath).matches()
                    || host == null || !HOST.matcher(host).matches()) {
                return write(request, response, callback, LocalAnswer.plain(400).withHeader("Connection", "close"));
            }
            int limit = routes.bodyLimit(rawPath);
            if (request.getLength() > limit) {
                // refused before reading: the connection closes instead of draining a body we will not use
                return write(request, response, callback, LocalAnswer.plain(413).withHeader("Connection", "close"));
            }
            byte[] body;
            try (InputStream in = Request.asInputStream(request)) {
                body = in.readNBytes(limit + 1);
            }
            if (body.length > limit) {
                return write(request, response, callback, LocalAnswer.plain(413).withHeader("Connection", "close"));
            }
            LocalExchange exchange = new LocalExchange(request.getMethod(), rawPath, request.getHttpURI().getQuery(),
                    headers(request), Request.getRemoteAddr(request), body);
            LocalAnswer answer;
            try {
                answer = routes.handle(exchange);
            } catch (RuntimeException e) {
                console.println("[server] request failed: " + e.getClass().getName());
                answer = LocalAnswer.plain(500);
            }
            return write(request, response, callback, answer);
        }
    }

    private static Map<String, List<String>> headers(Request request) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(field.getValue());
        }
        return headers;
    }

    private static boolean write(Request request, Response response, Callback callback, LocalAnswer answer) {
        response.setStatus(answer.status());
        answer.headers().forEach(header -> response.getHeaders().add(header.getKey(), header.getValue()));
        byte[] body = answer.body();
        // HEAD gets the headers a GET would, and no body
        if (body.length == 0 || "HEAD".equals(request.getMethod())) {
            callback.succeeded();
            return true;
        }
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
