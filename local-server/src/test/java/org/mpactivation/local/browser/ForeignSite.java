package org.mpactivation.local.browser;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Another origin on this machine, on its own port: {@code http://127.0.0.1:<port>} is also another site than
 * {@code http://localhost:<port>}, {@code http://localhost:<port>} the same site. Serves the pages a test puts
 * on it, as a marketplace or an attacker would, each with a form the browser submits to our server.
 */
public final class ForeignSite implements AutoCloseable {

    private final HttpServer http;
    private final Map<String, String> pages = new ConcurrentHashMap<>();

    public ForeignSite() {
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        http.createContext("/", exchange -> {
            try (exchange) {
                String page = pages.get(exchange.getRequestURI().getPath());
                byte[] body = (page == null ? "Not found" : page).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(page == null ? 404 : 200, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        http.start();
    }

    /**
     * Puts a page at {@code path} with one form posting {@code fields} to {@code action}, and a button
     * labelled {@code button}; its address on {@code host} ({@code 127.0.0.1}: another site than
     * {@code localhost}; {@code localhost}: the same site on another port, so another origin).
     */
    public URI formPage(String host, String path, String title, URI action, Map<String, String> fields,
                        String button) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(title)).append("</title></head><body><main><h1>").append(escape(title))
                .append("</h1><form method=\"post\" action=\"").append(escape(action.toString())).append("\">");
        fields.forEach((name, value) -> html.append("<input type=\"hidden\" name=\"").append(escape(name))
                .append("\" value=\"").append(escape(value)).append("\">"));
        html.append("<button type=\"submit\">").append(escape(button)).append("</button></form></main></body></html>");
        pages.put(path, html.toString());
        return URI.create("http://" + host + ":" + http.getAddress().getPort() + path);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
