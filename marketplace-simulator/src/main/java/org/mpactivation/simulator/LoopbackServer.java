package org.mpactivation.simulator;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP server every simulator runs on: the JDK's built-in server bound to one address (the
 * loopback one unless a test says otherwise) on a given or free port, served by a fixed pool of
 * daemon threads. It is bound first, so that a simulator knows its own URL before it builds the
 * handler that writes it into answers, and serves once {@link #start} hands it that handler.
 */
public final class LoopbackServer implements AutoCloseable {

    static {
        // The JDK's server writes an answer's headers and body apart and, without TCP_NODELAY, holds the body
        // until the client acknowledges the headers: a delayed acknowledgement, about 40 ms, on every call of
        // every client, which no marketplace endpoint has. The server reads this property once, when it first
        // starts, so it is set before any simulator binds; one that is set already is left as it is.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI uri;

    private LoopbackServer(HttpServer server, ExecutorService executor, URI uri) {
        this.server = server;
        this.executor = executor;
        this.uri = uri;
    }

    /**
     * @param port    0 for a free one
     * @param name    the prefix of the serving threads' names
     */
    public static LoopbackServer bind(InetAddress address, int port, int threads, String name) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(address, port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address + ":" + port, e);
        }
        AtomicInteger count = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(threads, task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        String host = address.getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return new LoopbackServer(server, executor, URI.create("http://" + host + ":" + server.getAddress().getPort()));
    }

    /** Where it listens, e.g. {@code http://127.0.0.1:41234}. */
    public URI uri() {
        return uri;
    }

    public void start(HttpHandler handler) {
        server.createContext("/", handler);
        server.start();
    }

    /** Stops at once. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
