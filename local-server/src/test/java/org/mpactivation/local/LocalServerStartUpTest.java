package org.mpactivation.local;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mpactivation.adapter.store.JournaledItemStore;
import org.mpactivation.port.out.store.ItemKey;

/**
 * How the local server starts, or refuses to: secrets printed only when generated, one clear line and a
 * non-zero exit for a taken port or a damaged store journal, and a repair command for the journal.
 */
class LocalServerStartUpTest {

    private static final String HEADER = "{\"journal\":\"item-store\",\"format\":1}\n";
    private static final String FIRST = "{\"op\":\"put\",\"pk\":\"p\",\"sk\":\"first\",\"v\":1,\"attrs\":{\"n\":\"1\"}}\n";
    private static final String DAMAGED = "{\"op\":\"put\",\"pk\":\"p\",\"sk\":\"second\",\"v\":1,\"att\u0000\u0000\u0000\n";
    private static final String THIRD = "{\"op\":\"put\",\"pk\":\"p\",\"sk\":\"third\",\"v\":1,\"attrs\":{\"n\":\"3\"}}\n";

    @TempDir
    Path data;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void givenSecretsTheUserSet_thenTheBannerNamesTheirSettingsAndNeverTheirValues() {
        Map<String, String> env = env();
        env.put("ADMIN_PASSWORD", "a-password-the-user-chose");
        env.put("USAGE_TOKEN", "a-token-the-user-chose");
        String set = String.join("\n", LocalCommand.secretLines(LocalConfig.fromEnvironment(env),
                URI.create("http://localhost:8080")));
        assertFalse(set.contains("a-password-the-user-chose") || set.contains("a-token-the-user-chose"), set);
        assertTrue(set.contains("admin password: set by ADMIN_PASSWORD"), set);
        assertTrue(set.contains("token: set by USAGE_TOKEN"), set);

        LocalConfig generated = LocalConfig.fromEnvironment(env());
        String shown = String.join("\n", LocalCommand.secretLines(generated, URI.create("http://localhost:8080")));
        assertTrue(shown.contains("admin password: " + generated.adminPassword() + ", generated"), shown);
        assertTrue(shown.contains("token: " + generated.usageToken() + ", generated"), shown);
        assertFalse(generated.toString().contains(generated.usageToken()), "never in the settings' text");
    }

    @Test
    void givenATakenPort_thenStartUpEndsAtOnceWithOneLineAndAnExitCode() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            Map<String, String> env = env();
            env.put("PORT", Integer.toString(taken.getLocalPort()));
            long started = System.nanoTime();

            int exit = LocalCommand.run(new String[0], env, print(out), print(err));

            assertEquals(LocalCommand.CANNOT_START, exit);
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) < 10, "at once");
            assertEquals(List.of("Cannot start: port " + taken.getLocalPort() + " is in use; set PORT to another port"),
                    lines(err));
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().startsWith("local-http")),
                "no server thread left behind");
        // nothing holds the store either: another server may open it
        JournaledItemStore.open(data.resolve("store.journal"), Clock.systemUTC()).close();
    }

    @Test
    void givenAJournalDamagedInTheMiddle_thenTheProcessEndsAtOnceWithOneLineNamingFileOffsetAndTheRepair()
            throws Exception {
        Path journal = damagedJournal();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), LocalCommand.class.getName()).redirectErrorStream(true);
        builder.environment().put("PORT", "0");
        builder.environment().put("DATA_DIR", data.toString());
        builder.environment().put("ADMIN_PASSWORD", "process-test-password");
        Process process = builder.start();
        List<String> output;
        try {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the process ended instead of hanging");
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } finally {
            process.destroyForcibly();
        }
        assertEquals(LocalCommand.CANNOT_START, process.exitValue(), String.join("\n", output));
        List<String> refusals = output.stream().filter(line -> line.startsWith("Cannot start:")).toList();
        assertEquals(1, refusals.size(), String.join("\n", output));
        String refusal = refusals.get(0);
        assertTrue(refusal.contains(journal.toAbsolutePath().toString()), refusal);
        assertTrue(refusal.contains("at byte " + (HEADER.length() + FIRST.length()) + " (line 3)"), refusal);
        assertTrue(refusal.contains("java -jar local-server/target/local-server.jar repair-journal"), refusal);
        assertTrue(output.stream().noneMatch(line -> line.startsWith("\tat ") || line.contains("Exception")),
                "no stack trace:\n" + String.join("\n", output));
        assertArrayEquals((HEADER + FIRST + DAMAGED + THIRD).getBytes(StandardCharsets.UTF_8), Files.readAllBytes(journal),
                "the journal is left as it was");
    }

    @Test
    void givenADamagedJournal_whenRepaired_thenABackupIsKeptTheIntactRecordsStayAndTheStoreOpens() throws Exception {
        Path journal = damagedJournal();
        byte[] damaged = Files.readAllBytes(journal);

        int exit = LocalCommand.run(new String[] {"repair-journal"}, env(), print(out), print(err));

        assertEquals(0, exit, out + "\n" + err);
        List<Path> backups;
        try (Stream<Path> files = Files.list(data)) {
            backups = files.filter(file -> file.getFileName().toString().startsWith("store.journal.bak-")).toList();
        }
        assertEquals(1, backups.size());
        assertArrayEquals(damaged, Files.readAllBytes(backups.get(0)), "the backup is the journal as it was");
        String report = out.toString(StandardCharsets.UTF_8);
        assertTrue(report.contains("kept 2 records (1 of them after the first damaged line), dropped 1 line(s)"), report);
        assertTrue(report.contains("dropped line 3 at byte " + (HEADER.length() + FIRST.length())), report);
        assertTrue(report.contains(backups.get(0).toString()), report);

        try (JournaledItemStore store = JournaledItemStore.open(journal, Clock.systemUTC())) {
            assertEquals("1", store.get(new ItemKey("p", "first")).orElseThrow().attributes().get("n"));
            assertEquals("3", store.get(new ItemKey("p", "third")).orElseThrow().attributes().get("n"));
            assertTrue(store.get(new ItemKey("p", "second")).isEmpty());
        }
    }

    @Test
    void givenAnUnknownArgument_thenItSaysWhichCommandsThereAre() throws Exception {
        assertEquals(LocalCommand.CANNOT_START, LocalCommand.run(new String[] {"--frobnicate"}, env(), print(out),
                print(err)));
        assertEquals(1, lines(err).size());
        assertTrue(lines(err).get(0).contains("repair-journal"), err.toString(StandardCharsets.UTF_8));
    }

    private Path damagedJournal() throws IOException {
        Path journal = data.resolve("store.journal");
        Files.write(journal, (HEADER + FIRST + DAMAGED + THIRD).getBytes(StandardCharsets.UTF_8));
        return journal;
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("PORT", "0");
        env.put("DATA_DIR", data.toString());
        return env;
    }

    private static PrintStream print(ByteArrayOutputStream target) {
        return new PrintStream(target, true, StandardCharsets.UTF_8);
    }

    private static List<String> lines(ByteArrayOutputStream stream) {
        return new ArrayList<>(stream.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
