package org.mpactivation.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local server's edge as a prober sees it: whatever bytes arrive, the answer is a 4xx with a short
 * generic text (never an exception's name or class), and the server keeps serving.
 */
class LocalServerEdgeTest {

    @TempDir
    static Path data;
    private static LocalServer server;
    private static final ByteArrayOutputStream CONSOLE = new ByteArrayOutputStream();

    @BeforeAll
    static void start() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("DATA_DIR", data.toString());
        env.put("ADMIN_PASSWORD", "edge-test-password");
        server = LocalServer.start(LocalConfig.fromEnvironment(env), new PrintStream(CONSOLE, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void givenMalformedRequests_thenEachIsA400WithAGenericTextAndTheServerServesOn() throws IOException {
        Map<String, String> requests = new java.util.LinkedHashMap<>();
        requests.put("bad percent-encoding", "GET /%zz HTTP/1.1\r\nHost: localhost\r\n\r\n");
        requests.put("cut percent-encoding", "GET /activate%2 HTTP/1.1\r\nHost: localhost\r\n\r\n");
        requests.put("bad percent-encoding deeper", "GET /operator/%GG HTTP/1.1\r\nHost: localhost\r\n\r\n");
        requests.put("a space in the URI", "GET /a b HTTP/1.1\r\nHost: localhost\r\n\r\n");
        requests.put("a non-numeric Content-Length", "POST /operator/login HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: abc\r\n\r\npassword=x");
        requests.put("an unclosed IPv6 Host", "GET /healthz HTTP/1.1\r\nHost: [::1\r\n\r\n");
        requests.put("a Host with a space", "GET /healthz HTTP/1.1\r\nHost: a b\r\n\r\n");
        requests.put("no Host", "GET /healthz HTTP/1.1\r\n\r\n");
        requests.put("a header line without a colon", "GET /healthz HTTP/1.1\r\nHost: localhost\r\nOdd header\r\n\r\n");
        requests.put("a query with bad percent-encoding to a page", "GET /outbox%zz?x=%zz HTTP/1.1\r\nHost: localhost\r\n\r\n");
        for (Map.Entry<String, String> request : requests.entrySet()) {
            RawHttp.Answer answer = RawHttp.send(server.port(), request.getValue());
            assertEquals(400, answer.status(), request.getKey() + ": " + answer.head());
            assertGeneric(request.getKey(), answer);
            assertServing(request.getKey());
        }
    }

    @Test
    void givenAFloodOfHeaders_thenItIsA431AndTheServerServesOn() throws IOException {
        StringBuilder request = new StringBuilder("GET /healthz HTTP/1.1\r\nHost: localhost\r\n");
        for (int i = 0; i < 300; i++) {
            request.append("X-Flood-").append(i).append(": ").append("v".repeat(24)).append("\r\n");
        }
        RawHttp.Answer answer = RawHttp.send(server.port(), request.append("\r\n").toString());
        assertEquals(431, answer.status(), answer.head());
        assertGeneric("300 headers", answer);
        assertServing("300 headers");
    }

    @Test
    void givenABodyOverThePagesLimit_thenItIs413BeforeTheBodyIsRead() throws IOException {
        // 10 MB announced, 10 bytes sent: the answer comes without the server waiting for the rest
        long started = System.nanoTime();
        RawHttp.Answer announced = RawHttp.send(server.port(), "POST /operator/login HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000000\r\n\r\npassword=x");
        assertEquals(413, announced.status(), announced.head());
        assertTrue((System.nanoTime() - started) / 1_000_000 < 5_000, "answered at once");
        assertGeneric("announced 10 MB", announced);

        // chunked, without a length: read up to the limit, then refused
        StringBuilder chunked = new StringBuilder("POST /operator/login HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n");
        String chunk = "a".repeat(4096);
        for (int i = 0; i < 20; i++) {
            chunked.append(Integer.toHexString(chunk.length())).append("\r\n").append(chunk).append("\r\n");
        }
        RawHttp.Answer streamed = RawHttp.send(server.port(), chunked.append("0\r\n\r\n").toString());
        assertEquals(413, streamed.status(), streamed.head());
        assertGeneric("80 KB chunked", streamed);
        assertServing("bodies too large");
    }

    @Test
    void givenAHeadRequest_thenItGetsTheHeadersOfAGetAndNoBody() throws IOException {
        RawHttp.Answer head = RawHttp.send(server.port(), "HEAD /healthz HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");
        assertEquals(200, head.status(), head.head());
        assertEquals("", head.body());
        RawHttp.Answer page = RawHttp.send(server.port(), "HEAD / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertEquals(200, page.status(), page.head());
        assertTrue(page.header("Content-Type").startsWith("text/html"), page.head());
        assertEquals("", page.body());
    }

    @Test
    void givenEveryKindOfRoute_thenEachStillAnswers() throws IOException {
        for (Map.Entry<String, Integer> route : Map.of("/healthz", 200, "/", 200, "/outbox", 200,
                "/operator/login", 200, "/simulator/aws", 200, "/simulator/azure", 200, "/activate", 200,
                "/nowhere", 404).entrySet()) {
            RawHttp.Answer answer = RawHttp.send(server.port(), "GET " + route.getKey() + " HTTP/1.1\r\n"
                    + "Host: localhost\r\nConnection: close\r\n\r\n");
            assertTrue(answer.status() == route.getValue() || route.getKey().equals("/activate") && answer.status() < 500,
                    route.getKey() + ": " + answer.head());
        }
        // the Azure functions behind their host: the landing page without a token is refused, not failed
        RawHttp.Answer landing = RawHttp.send(server.port(), "GET /azure/landing HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");
        assertTrue(landing.status() >= 200 && landing.status() < 500, landing.head());
    }

    private static void assertGeneric(String what, RawHttp.Answer answer) {
        for (String leak : List.of("Exception", "java.", "jetty", "Jetty", "at org.", "Caused by")) {
            assertFalse(answer.body().contains(leak), what + " leaks " + leak + ": " + answer.body());
            assertFalse(answer.head().contains(leak), what + " leaks " + leak + " in the headers: " + answer.head());
        }
        assertEquals(PlainErrors.message(answer.status()), answer.body(), what + ": the generic text of its status");
        assertTrue(answer.header("Content-Type").startsWith("text/plain"), what + ": " + answer.head());
    }

    private static void assertServing(String after) throws IOException {
        RawHttp.Answer health = RawHttp.send(server.port(), "GET /healthz HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\n\r\n");
        assertEquals(200, health.status(), "after " + after + ": " + health.head());
    }
}
