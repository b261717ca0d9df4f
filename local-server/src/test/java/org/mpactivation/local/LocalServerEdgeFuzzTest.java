package org.mpactivation.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mpactivation.testkit.fuzz.FuzzRun;
import org.mpactivation.testkit.fuzz.HostileText;

/**
 * The whole local server, over raw sockets, as a prober sees it: generated request lines, headers and bodies
 * against every route of the local run (the functions of both clouds, the simulators, the operator view, usage
 * intake). Every answer is a complete HTTP response below 500 that names no exception, and the server serves on.
 */
class LocalServerEdgeFuzzTest {

    private static final List<String> PATHS = List.of("/", "/healthz", "/activate", "/activate/register",
            "/activate/register/code", "/activate/bind", "/activate/resume", "/activate/error", "/aws/fulfillment",
            "/azure/landing", "/azure/signin", "/azure/signin/callback", "/azure/webhook", "/internal/usage",
            "/outbox", "/operator", "/operator/login", "/operator/metrics", "/operator/clock", "/simulator/aws",
            "/simulator/aws/metering", "/simulator/azure", "/simulator/azure/metering", "/static/site.css");
    private static final List<String> METHODS = List.of("GET", "GET", "POST", "POST", "HEAD", "PUT", "DELETE",
            "OPTIONS", "TRACE", "PATCH", "G\u00c9T", "CONNECT");
    private static final List<String> CONTENT_TYPES = List.of("application/x-www-form-urlencoded",
            "application/json", "text/plain; charset=UTF-8", "application/jsonx", "multipart/form-data; boundary=x",
            "", "application/x-www-form-urlencoded; charset=\u00ff");

    @TempDir
    static Path data;
    private static LocalServer server;

    @BeforeAll
    static void start() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("DATA_DIR", data.toString());
        env.put("ADMIN_PASSWORD", "edge-fuzz-password");
        server = LocalServer.start(LocalConfig.fromEnvironment(env),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void givenGeneratedRequestsToEveryRoute_thenEveryAnswerIsBelow500AndNamesNoException() throws IOException {
        FuzzRun run = FuzzRun.of("local server edge", 1_000);
        run.run((random, index) -> {
            String request = request(random);
            RawHttp.Answer answer;
            try {
                answer = RawHttp.send(server.port(), request.getBytes(StandardCharsets.UTF_8), null);
            } catch (IOException e) {
                throw new UncheckedIOException("no complete answer to " + printable(request), e);
            }
            run.count(Integer.toString(answer.status()));
            String context = printable(request);
            assertTrue(answer.status() >= 200 && answer.status() < 500, answer.head() + " for " + context);
            for (String leak : List.of("Exception", "java.", "\tat ", "jetty", "Jetty")) {
                assertFalse(answer.body().contains(leak), "'" + leak + "' in the answer to " + context);
                assertFalse(answer.head().contains(leak), "'" + leak + "' in the head of the answer to " + context);
            }
        });
        assertEquals(200, RawHttp.send(server.port(), "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close"
                + "\r\n\r\n").status(), "serving on after the run");
    }

    private static String request(Random random) {
        String method = METHODS.get(random.nextInt(METHODS.size()));
        String path = PATHS.get(random.nextInt(PATHS.size()));
        switch (random.nextInt(8)) {
            case 0 -> path = path + "/" + HostileText.percentGarbage(random);
            case 1 -> path = path + "?" + HostileText.mostly(random, 3, "token=abc", "lang=zh", "x=%zz",
                    "a=" + HostileText.percentGarbage(random));
            case 2 -> path = HostileText.mutate(random, path);
            default -> {
            }
        }
        if (path.isEmpty() || path.chars().anyMatch(c -> c == '\r' || c == '\n')) {
            path = "/";
        }
        StringBuilder head = new StringBuilder(method).append(' ').append(path.replace(' ', '+')).append(" HTTP/1.1\r\n");
        head.append("Host: ").append(HostileText.mostly(random, 8, "localhost", "localhost", "localhost", "127.0.0.1",
                "[::1]", "a b", "\u00e9xample", "")).append("\r\n");
        int extra = random.nextInt(8);
        for (int i = 0; i < extra; i++) {
            String name = HostileText.mostly(random, 8, "Cookie", "Authorization", "Origin", "Accept-Language",
                    "X-Request-Id", "X-Forwarded-For", "Referer", "Sec-Fetch-Site");
            String value = random.nextInt(3) == 0 ? HostileText.any(random) : HostileText.mostly(random, 4,
                    "en", "zh-CN,zh;q=0.9", "activation=abc; lang=zh", "Bearer abc", "https://evil.example", "req-1");
            if (value.length() > 2_000) {
                value = value.substring(0, 2_000);
            }
            head.append(name.replaceAll("[^A-Za-z0-9-]", "X")).append(": ")
                    .append(value.replaceAll("[\r\n]", " ")).append("\r\n");
        }
        String body = method.startsWith("P") && random.nextInt(4) != 0 ? HostileText.any(random) : "";
        if (body.length() > 20_000) {
            body = body.substring(0, 20_000);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!body.isEmpty() || method.startsWith("P")) {
            head.append("Content-Type: ").append(CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()))).append("\r\n");
            head.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        return head.append("Connection: close\r\n\r\n").append(body).toString();
    }

    private static String printable(String request) {
        String shown = request.length() > 300 ? request.substring(0, 300) + "…" : request;
        return shown.replace("\r\n", "⏎ ");
    }
}
