package org.mpactivation.aws;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.Executors;
import org.mpactivation.aws.local.HttpApiEmulation;

/**
 * A local HTTP front for Lambda handlers, as API Gateway's HTTP API would be: each request becomes a
 * payload 2.0 event (cookies in their own field, binary-safe base64 body), handed to the handler as JSON
 * as Lambda hands it, and each response goes
 * back with its status, headers and Set-Cookie values.
 */
final class LambdaHttpBridge implements AutoCloseable {

    private final HttpServer server;

    LambdaHttpBridge(Map<String, ? extends RequestStreamHandler> handlersByPrefix)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", exchange -> {
            try (exchange) {
                String path = exchange.getRequestURI().getRawPath();
                RequestStreamHandler handler = handlersByPrefix.entrySet()
                        .stream().filter(e -> path.startsWith(e.getKey()))
                        .max((a, b) -> a.getKey().length() - b.getKey().length())
                        .map(Map.Entry::getValue).orElse(null);
                if (handler == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                HttpApiEmulation.respond(exchange, HttpApiEmulation.invoke(handler,
                        HttpApiEmulation.toEvent(exchange, exchange.getRequestBody().readAllBytes(), null), null));
            }
        });
        server.start();
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
