package org.mpactivation.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The edge on its own, with routes of the test's making. */
class LocalEdgeTest {

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8);

    @Test
    void givenARouteThatThrows_thenTheAnswerIsAGeneric500AndTheLogNamesOnlyTheExceptionClass() throws Exception {
        try (LocalEdge edge = LocalEdge.bind(0, out)) {
            edge.start(routes(exchange -> {
                if (exchange.rawPath().equals("/boom")) {
                    throw new IllegalStateException("secret detail of db=prod password=hunter2");
                }
                return LocalAnswer.plain(404);
            }));
            RawHttp.Answer answer = RawHttp.send(edge.port(), "GET /boom HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n");
            assertEquals(500, answer.status());
            assertEquals("Something went wrong on our side.\n", answer.body());
            String log = console.toString(StandardCharsets.UTF_8);
            assertTrue(log.contains("request failed: java.lang.IllegalStateException"), log);
            assertFalse(log.contains("secret detail") || log.contains("hunter2"), log);
            assertEquals(404, RawHttp.send(edge.port(), "GET /after HTTP/1.1\r\nHost: localhost\r\n"
                    + "Connection: close\r\n\r\n").status(), "serving on");
        }
    }

    @Test
    void givenARequest_thenTheRouteGetsItsRawPathQueryHeadersPeerAndBody() throws Exception {
        LocalExchange[] seen = new LocalExchange[1];
        try (LocalEdge edge = LocalEdge.bind(0, out)) {
            assertTrue(edge.tcpNoDelay(), "small answers leave at once");
            edge.start(routes(exchange -> {
                seen[0] = exchange;
                return new LocalAnswer(201, List.of(Map.entry("Set-Cookie", "a=1"), Map.entry("Set-Cookie", "b=2")),
                        "made".getBytes(StandardCharsets.UTF_8));
            }));
            RawHttp.Answer answer = RawHttp.send(edge.port(), "POST /p%2Fq%25/r?x=%41&y HTTP/1.1\r\nHost: localhost\r\n"
                    + "Cookie: s=1\r\nCookie: t=2\r\nX-Forwarded-For: 203.0.113.9\r\nContent-Length: 5\r\n"
                    + "Connection: close\r\n\r\nhello");
            assertEquals(201, answer.status());
            assertEquals("made", answer.body());
            assertEquals(2, answer.head().lines().filter(line -> line.startsWith("Set-Cookie:")).count(), answer.head());
        }
        assertEquals("POST", seen[0].method());
        assertEquals("/p%2Fq%25/r", seen[0].rawPath(), "escaped slashes and percent signs are data in a segment");
        assertEquals("x=%41&y", seen[0].rawQuery());
        assertEquals(List.of("s=1", "t=2"), seen[0].headers().get("cookie"));
        assertEquals("127.0.0.1", seen[0].peerAddress(), "the peer, never a header");
        assertEquals("hello", new String(seen[0].body(), StandardCharsets.UTF_8));
    }

    @Test
    void givenATakenPort_thenBindSaysSoAndHoldsNothing() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            LocalEdge.PortInUseException refused = assertThrows(LocalEdge.PortInUseException.class,
                    () -> LocalEdge.bind(taken.getLocalPort(), out));
            assertEquals("port " + taken.getLocalPort() + " is in use; set PORT to another port", refused.getMessage());
        }
    }

    private static LocalEdge.Routes routes(java.util.function.Function<LocalExchange, LocalAnswer> handler) {
        return new LocalEdge.Routes() {
            @Override
            public int bodyLimit(String rawPath) {
                return 1024;
            }

            @Override
            public LocalAnswer handle(LocalExchange exchange) {
                return handler.apply(exchange);
            }
        };
    }
}
