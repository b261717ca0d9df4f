package org.mpactivation.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mpactivation.observability.log.LogCapture;
import org.mpactivation.testkit.Browser;
import org.mpactivation.testkit.LogLines;

/**
 * The local server's requests, whichever function serves them, each close with one JSON line that carries
 * the caller's {@code x-request-id} (or a fresh one); the operator view's metrics page shows their latency.
 */
class LocalServerLogTest {

    private static final String ADMIN_PASSWORD = "operator-password-1";

    @TempDir
    Path data;
    private LocalServer server;

    @BeforeEach
    void start() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("DATA_DIR", data.toString());
        env.put("ADMIN_PASSWORD", ADMIN_PASSWORD);
        server = LocalServer.start(LocalConfig.fromEnvironment(env),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void givenRequestsWithAndWithoutAnId_thenEachClosesWithOneLineAndTheMetricsPageShowsThem() throws Exception {
        List<String> captured;
        try (LogCapture capture = LogCapture.start()) {
            assertEquals(200, get("/healthz", "local-health-1").statusCode());
            assertEquals(200, get("/", "local-start-1").statusCode());
            assertEquals(404, get("/azure/webhook/nowhere", null).statusCode());
            captured = capture.allLines();
        }

        LogLines lines = LogLines.of(captured).wellFormed().containNone(List.of(ADMIN_PASSWORD));
        List<JsonNode> closing = lines.closingLines();
        JsonNode health = closing.stream().filter(c -> "local-health-1".equals(c.get("request_id").asText()))
                .findFirst().orElseThrow(() -> new AssertionError(closing.toString()));
        assertEquals("activation", health.get("function").asText());
        assertEquals("aws", health.get("cloud").asText());
        assertEquals("/healthz", health.get("route").asText());
        JsonNode start = closing.stream().filter(c -> "local-start-1".equals(c.get("request_id").asText()))
                .findFirst().orElseThrow(() -> new AssertionError(closing.toString()));
        assertEquals("local", start.get("function").asText());
        assertEquals("/", start.get("route").asText());
        assertTrue(closing.stream().anyMatch(c -> "azure".equals(c.get("cloud").asText())
                && "404".equals(c.get("status").asText())), closing.toString());

        Browser operator = new Browser(server.baseUrl());
        operator.post("/operator/login", Map.of("password", ADMIN_PASSWORD));
        String page = operator.get("/operator/metrics").body();
        assertTrue(page.contains("<td>activation.latency</td><td>aws</td><td>activation</td><td>ok</td>"), page);
        assertTrue(page.contains("<td>local.latency</td><td>local</td><td>local</td><td>ok</td>"), page);
    }

    private HttpResponse<String> get(String path, String requestId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).GET();
        if (requestId != null) {
            request.header("x-request-id", requestId);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
