package org.mpactivation.benchmarks.warm;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local server in a JVM of its own, started with the README's command (the {@code java} of this JDK),
 * on a free port and a fresh data folder; its output goes to a file. Reads the process's resident memory
 * from {@code /proc/<pid>/status} and its heap with {@code jcmd}.
 */
final class ChildServer implements AutoCloseable {

    private static final Pattern VM_RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
    /** G1 prints one such line for the heap, the serial and parallel collectors one per generation. */
    private static final Pattern HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");
    private static final Pattern MAX_HEAP = Pattern.compile("-XX:MaxHeapSize=(\\d+)");

    private final Process process;
    private final URI base;
    final Path dataDir;
    final Path log;
    final List<String> command;

    private ChildServer(Process process, URI base, Path dataDir, Path log, List<String> command) {
        this.process = process;
        this.base = base;
        this.dataDir = dataDir;
        this.log = log;
        this.command = command;
    }

    /** Starts it from {@code projectRoot} with the README's command and waits until it serves /healthz. */
    static ChildServer start(Path projectRoot) throws IOException, InterruptedException {
        List<String> command = ReadmeCommand.javaCommand(projectRoot.resolve("README.md"));
        command.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path jar = projectRoot.resolve(command.get(command.size() - 1));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no " + jar + ": build it first (mvn -B -q -pl local-server -am package"
                    + " -DskipTests)");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path data = Files.createTempDirectory("local-server-benchmark");
        Path log = data.resolve("server.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(projectRoot.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("PORT", Integer.toString(port));
        builder.environment().put("DATA_DIR", data.resolve("data").toString());
        builder.environment().put("ADMIN_PASSWORD", "benchmark-admin-password");
        ChildServer server = new ChildServer(builder.start(), URI.create("http://localhost:" + port), data, log,
                command);
        server.awaitHealthy(Duration.ofSeconds(90));
        return server;
    }

    URI base() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    /** Resident memory in MiB. */
    double rssMiB() throws IOException {
        Matcher m = VM_RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid()), "status")));
        return m.find() ? Long.parseLong(m.group(1)) / 1024.0 : -1;
    }

    /** [committed, used, max] heap in MiB (-1 where jcmd did not say). */
    double[] heapMiB() throws IOException, InterruptedException {
        String info = jcmd("GC.heap_info");
        String flags = jcmd("VM.flags");
        Matcher heap = HEAP.matcher(info);
        long committed = 0;
        long used = 0;
        while (heap.find()) {
            committed += Long.parseLong(heap.group(1));
            used += Long.parseLong(heap.group(2));
        }
        Matcher max = MAX_HEAP.matcher(flags);
        return new double[] {committed > 0 ? committed / 1024.0 : -1, committed > 0 ? used / 1024.0 : -1,
                max.find() ? Long.parseLong(max.group(1)) / 1024.0 / 1024.0 : -1};
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command).redirectErrorStream(true)
                .start();
        String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        p.waitFor();
        return output;
    }

    private void awaitHealthy(Duration timeout) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server stopped at start:\n" + Files.readString(log));
            }
            try {
                if (new HttpBuyer(base).get("/healthz").status() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the server did not answer /healthz within " + timeout);
    }

    /** Stops it as Ctrl-C would (SIGTERM runs the same shutdown hook). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
