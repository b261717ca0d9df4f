package org.mpactivation.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /internal/usage} locally: a token of its own ({@code USAGE_TOKEN}) as a bearer token, never the
 * admin password; wrong tokens slowed down per client.
 */
class LocalServerUsageTokenTest {

    private static final String ADMIN_PASSWORD = "usage-test-admin-password";
    private static final String TOKEN = "usage-token-for-tests-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path data;
    private LocalServer server;

    @BeforeEach
    void start() throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("DATA_DIR", data.toString());
        env.put("ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("USAGE_TOKEN", TOKEN);
        server = LocalServer.start(LocalConfig.fromEnvironment(env),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void givenNoCredentials_thenItIs401WithABearerChallenge() throws IOException {
        RawHttp.Answer answer = post(records(1), null, null);
        assertEquals(401, answer.status(), answer.head());
        assertEquals("Bearer realm=\"usage\"", answer.header("WWW-Authenticate"));
        assertTrue(answer.body().contains("Authorization: Bearer"), answer.body());
    }

    @Test
    void givenTheAdminPassword_thenItOpensNothing() throws IOException {
        String basic = "Basic " + Base64.getEncoder().encodeToString(("operator:" + ADMIN_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(401, post(records(1), basic, null).status());
        assertEquals(401, post(records(1), "Bearer " + ADMIN_PASSWORD, null).status());
    }

    @Test
    void givenTheToken_thenTheBatchReachesTheIntake() throws IOException {
        RawHttp.Answer answer = post(records(1), "Bearer " + TOKEN, null);
        // the workspace is not bound: the intake refuses the record itself, with its reason
        assertEquals(422, answer.status(), answer.body());
        assertTrue(JSON.readTree(answer.body()).isObject(), answer.body());
    }

    @Test
    void givenWrongTokensFromOneClient_thenThatClientWaitsWhileAnotherIsServed() throws IOException {
        InetAddress guesser = InetAddress.getByName("127.0.0.2");
        for (int i = 0; i < 3; i++) {
            assertEquals(401, post(records(1), "Bearer wrong-" + i, guesser).status());
        }
        RawHttp.Answer limited = post(records(1), "Bearer " + TOKEN, guesser);
        assertEquals(429, limited.status(), limited.head());
        assertEquals("1", limited.header("Retry-After"));
        assertTrue(limited.body().contains("wait 1 s"), limited.body());

        assertEquals(422, post(records(1), "Bearer " + TOKEN, null).status(), "another address is served at once");
    }

    @Test
    void givenAFullBatchOf500Records_thenTheEdgeHandsItToTheIntake_andABodyOver512KiBIsRefusedUnread()
            throws IOException {
        byte[] batch = records(500);
        assertTrue(batch.length > 64 * 1024 && batch.length < 512 * 1024, batch.length + " bytes");
        RawHttp.Answer full = post(batch, "Bearer " + TOKEN, null);
        assertEquals("application/json", full.header("Content-Type"), "the intake's answer: " + full.head());
        // read whole: refused record by record (no such workspaces here), not as too large
        assertEquals(422, full.status(), full.head());
        assertTrue(full.body().contains("\"rejections\"") && full.body().contains("\"index\":499"), full.body());

        RawHttp.Answer tooLarge = RawHttp.send(server.port(), ("POST /internal/usage HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + TOKEN + "\r\nContent-Type: application/json\r\nContent-Length: "
                + (512 * 1024 + 1) + "\r\n\r\n{").getBytes(StandardCharsets.UTF_8), null);
        assertEquals(413, tooLarge.status(), tooLarge.head());
        assertEquals("The request body is too large.\n", tooLarge.body());
        assertNotEquals(413, post(records(1), "Bearer " + TOKEN, null).status(), "serving on");
    }

    /** A batch of usage records of realistic size (about 140 bytes each). */
    private static byte[] records(int count) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode records = body.putArray("records");
        for (int i = 0; i < count; i++) {
            records.addObject().put("recordId", String.format("rec-2026-03-02T10-%06d-a1b2c3d4", i))
                    .put("workspaceId", "ws-7f3e2a91-5c4b-4e8d-9a6f-0b1c2d3e4f50").put("dimension", "api_calls")
                    .put("hour", "2026-03-02T10:00:00Z").put("quantity", 1000 + i);
        }
        return JSON.writeValueAsBytes(body);
    }

    private RawHttp.Answer post(byte[] body, String authorization, InetAddress from) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(("POST /internal/usage HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        request.writeBytes(body);
        return RawHttp.send(server.port(), request.toByteArray(), from);
    }
}
