package org.mpactivation.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local server as a process, as the README's run command starts it: it prints its URL and the
 * time to the first served page, answers {@code /healthz}, and stops cleanly on a signal (Ctrl-C
 * sends SIGINT, a service manager SIGTERM: both run the shutdown hook).
 */
class LocalServerProcessTest {

    private static final Pattern STARTED = Pattern.compile("First page served (\\d+) ms after start");

    @TempDir
    Path data;

    @Test
    void givenTheServerProcess_whenStoppedBySignal_thenItStopsCleanlyAndKeepsItsData() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LocalCommand.class.getName()).redirectErrorStream(true);
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("DATA_DIR", data.toString());
        builder.environment().put("ADMIN_PASSWORD", "process-test-password");
        Process process = builder.start();
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            long startupMs = -1;
            while ((line = out.readLine()) != null) {
                output.add(line);
                Matcher started = STARTED.matcher(line);
                if (started.find()) {
                    startupMs = Long.parseLong(started.group(1));
                    break;
                }
            }
            assertTrue(startupMs > 0, "no start-up line in\n" + String.join("\n", output));
            System.out.println("local server: first page served " + startupMs + " ms after start");
            assertTrue(output.stream().anyMatch(l -> l.contains("runs at http://localhost:" + port + "/")),
                    String.join("\n", output));
            HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/healthz")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());

            // Ctrl-C sends SIGINT, a service manager SIGTERM: the JVM runs the same shutdown hook for both.
            // SIGTERM here, because a CI job's background processes may run with SIGINT ignored (and
            // Process.destroy would close our end of the server's output)
            Process interrupt = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).start();
            assertEquals(0, interrupt.waitFor());
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the server did not stop");
            while ((line = out.readLine()) != null) {
                output.add(line);
            }
        } finally {
            process.destroyForcibly();
        }
        assertTrue(output.stream().noneMatch(l -> l.contains("process-test-password")), "a password the user set is "
                + "never printed:\n" + String.join("\n", output));
        assertTrue(output.stream().anyMatch(l -> l.contains("admin password: set by ADMIN_PASSWORD")),
                String.join("\n", output));
        assertTrue(output.stream().anyMatch(l -> l.startsWith("Stopped; everything is kept in")),
                String.join("\n", output));
        assertEquals(143, process.exitValue(), "the exit status of a process stopped by SIGTERM");
        assertTrue(data.resolve("store.journal").toFile().isFile());
        assertTrue(data.resolve("session-secret").toFile().isFile(), "sessions survive a restart too");
    }

}
