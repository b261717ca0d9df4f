package org.mpactivation.local;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pointed at Azure (or any other implementation of its APIs) without the settings that go with it, the
 * local server refuses to start, names every missing setting at once, and leaves nothing behind.
 */
class LocalServerSettingsTest {

    @TempDir
    Path dataDir;

    @Test
    void givenAzureEndpointWithoutItsSettings_thenStartUpNamesEveryMissingOneAndFreesThePort() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Map<String, String> env = new HashMap<>();
        env.put("PORT", Integer.toString(port));
        env.put("DATA_DIR", dataDir.toString());
        env.put("ADMIN_PASSWORD", "local-admin-password");
        env.put("AZURE_FULFILLMENT_BASE_URL", "http://127.0.0.1:9/api");
        env.put("AZURE_MARKETPLACE_CLIENT_SECRET", "a-secret-that-must-not-be-printed");
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> LocalServer.start(
                LocalConfig.fromEnvironment(env), new PrintStream(console, true, StandardCharsets.UTF_8)));

        for (String setting : new String[] {"AZURE_WEBHOOK_TENANT_ID", "AZURE_WEBHOOK_AUDIENCE",
                "AZURE_MARKETPLACE_TENANT_ID", "AZURE_MARKETPLACE_CLIENT_ID", "AZURE_SIGNIN_CLIENT_ID",
                "AZURE_SIGNIN_CLIENT_SECRET"}) {
            assertTrue(refused.getMessage().contains(setting), setting + " not named: " + refused.getMessage());
        }
        assertTrue(!refused.getMessage().contains("a-secret-that-must-not-be-printed"), "no value is printed");
        try (ServerSocket again = new ServerSocket(port)) {
            assertTrue(again.isBound(), "the port is free again");
        }
    }
}
