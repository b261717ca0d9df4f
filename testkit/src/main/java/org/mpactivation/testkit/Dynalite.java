package org.mpactivation.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;

/**
 * dynalite, the open-source DynamoDB engine (npm package {@code dynalite}, built on LevelDB), run as a
 * {@code node} child process on a free loopback port, in memory.
 *
 * <p>The Maven build installs the npm package into {@code node_modules} at the project root (an
 * exec-maven-plugin execution in the parent pom runs npm against {@code package-lock.json}); Surefire
 * passes the script's path as system property {@value #CLI_PROPERTY}. Without that property the
 * script is looked up as {@code node_modules/dynalite/cli.js} in the working directory and its
 * parents. Node.js 20 or newer must be on the {@code PATH} (or named by system property
 * {@value #NODE_PROPERTY}).
 *
 * <p>Most tests want {@link #shared()}: one process for the whole test JVM, started on first use
 * (about half a second) and stopped by a shutdown hook. Test classes sharing it should create
 * tables with names of their own. {@link #start()} gives a private instance that the caller closes.
 *
 * <p>Facts worth knowing when writing tests against dynalite:
 * <ul>
 *   <li>It is started with {@code --createTableMs 0} (and {@code --deleteTableMs 0},
 *       {@code --updateTableMs 0}), so a table is {@code ACTIVE} as soon as {@code CreateTable}
 *       returns. Do not use the SDK's table waiter ({@code DynamoDbWaiter}): its first poll comes
 *       after a 20 second delay.</li>
 *   <li>It has no {@code TransactWriteItems} and no {@code UpdateTimeToLive}: both are answered
 *       with HTTP 400 {@code UnknownOperationException}. Use single-item conditional writes; give
 *       production tables their TTL setting in the deployment template, not from code.</li>
 *   <li>It deletes nothing by TTL, so reads must ignore expired items themselves (real DynamoDB
 *       deletes them late, too).</li>
 *   <li>It checks condition expressions, key schemas, item sizes and validation errors much as
 *       DynamoDB does; a write takes a few milliseconds.</li>
 * </ul>
 */
public final class Dynalite implements AutoCloseable {

    /** System property naming {@code dynalite/cli.js}; the parent pom sets it for Surefire. */
    public static final String CLI_PROPERTY = "dynalite.cli";
    /** System property naming the {@code node} executable; default {@code node} from the PATH. */
    public static final String NODE_PROPERTY = "dynalite.node";
    /** Region the endpoint reports; dynalite accepts any region and any credentials. */
    public static final String REGION = "us-east-1";

    private static final Logger LOG = LoggerFactory.getLogger(Dynalite.class);
    private static final Path CLI_IN_MODULES = Path.of("node_modules", "dynalite", "cli.js");
    private static final Duration START_DEADLINE = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);
    private static final int PORT_ATTEMPTS = 3;

    private static Dynalite shared;
    private static RuntimeException sharedFailure;

    private final Process process;
    private final DynamoDbEndpoint endpoint;
    private final Path log;
    private final Duration startup;
    private final boolean isShared;

    private Dynalite(Process process, DynamoDbEndpoint endpoint, Path log, Duration startup, boolean isShared) {
        this.process = process;
        this.endpoint = endpoint;
        this.log = log;
        this.startup = startup;
        this.isShared = isShared;
    }

    /**
     * The JVM-wide instance, started on first call and stopped when the JVM exits. Its
     * {@link #close()} does nothing, so handing it to a try-with-resources block does no harm. If it
     * cannot start, every later call fails at once with the same reason.
     */
    public static synchronized Dynalite shared() {
        if (sharedFailure != null) {
            throw new IllegalStateException(sharedFailure.getMessage(), sharedFailure);
        }
        if (shared == null || !shared.isRunning()) {
            try {
                Dynalite started = launch(locateCli(), true);
                Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "dynalite-stop"));
                shared = started;
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
        }
        return shared;
    }

    /** Starts a private instance; the caller closes it. */
    public static Dynalite start() {
        return launch(locateCli(), false);
    }

    /** Starts a private instance from the given {@code cli.js}; the caller closes it. */
    public static Dynalite start(Path cli) {
        return launch(cli, false);
    }

    /** The endpoint, region and dummy credentials of this instance. */
    public DynamoDbEndpoint endpoint() {
        return endpoint;
    }

    /** The loopback port this instance listens on. */
    public int port() {
        return endpoint.endpoint().getPort();
    }

    /** How long the start took, from launching node to the first answered {@code ListTables}. */
    public Duration startupTime() {
        return startup;
    }

    /** The file the process writes its output to. */
    public Path logFile() {
        return log;
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops the process and its children; does nothing for the {@link #shared()} instance. */
    @Override
    public void close() {
        if (!isShared) {
            stop();
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public String toString() {
        return "Dynalite[" + endpoint.endpoint() + (process.isAlive() ? "" : ", stopped") + "]";
    }

    /** Finds {@code cli.js}: from {@value #CLI_PROPERTY}, else upwards from the working directory. */
    static Path locateCli() {
        return locateCli(System.getProperty(CLI_PROPERTY), Path.of(System.getProperty("user.dir")));
    }

    static Path locateCli(String property, Path workingDirectory) {
        if (property != null && !property.isBlank()) {
            Path named = Path.of(property);
            if (Files.isRegularFile(named)) {
                return named.toAbsolutePath().normalize();
            }
        }
        for (Path dir = workingDirectory.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(CLI_IN_MODULES);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("dynalite is not installed: "
                + (property == null || property.isBlank()
                        ? "system property " + CLI_PROPERTY + " is not set"
                        : "system property " + CLI_PROPERTY + " names " + property + ", which does not exist")
                + ", and no " + CLI_IN_MODULES + " was found in " + workingDirectory + " or its parents. "
                + "Run `mvn verify` from the project root (the build installs it with npm), "
                + "or run `npm ci` in the project root.");
    }

    private static Dynalite launch(Path cli, boolean isShared) {
        if (!Files.isRegularFile(cli)) {
            throw new IllegalStateException("dynalite is not installed: " + cli + " does not exist. "
                    + "Run `mvn verify` from the project root, or run `npm ci` in the project root.");
        }
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            try {
                return launchOnce(cli, freeLoopbackPort(), isShared);
            } catch (PortTaken e) {
                last = e; // another process took the port between probing and binding: try another
            }
        }
        throw last;
    }

    /**
     * The script preloaded into dynalite that keeps it serving after a client aborts a request (see the
     * script), written beside the log.
     */
    private static Path guard(Path log) {
        Path guard = log.resolveSibling("dynalite-guard.js");
        try (InputStream script = Dynalite.class.getResourceAsStream("dynalite-guard.js")) {
            if (script == null) {
                throw new IllegalStateException("dynalite-guard.js is missing from the test kit");
            }
            Files.copy(script, guard, StandardCopyOption.REPLACE_EXISTING);
            return guard.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + guard, e);
        }
    }

    private static Dynalite launchOnce(Path cli, int port, boolean isShared) {
        String node = System.getProperty(NODE_PROPERTY, "node");
        Path log = logFile(port);
        ProcessBuilder builder = new ProcessBuilder(node, "--require", guard(log).toString(), cli.toString(),
                "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        long begin = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start dynalite: could not run `" + node + "` ("
                    + e.getMessage() + "). Install Node.js 20 or newer and put `node` on the PATH, "
                    + "or name the executable with -D" + NODE_PROPERTY + "=...", e);
        }
        URI uri = URI.create("http://127.0.0.1:" + port);
        DynamoDbEndpoint endpoint = new DynamoDbEndpoint(uri, REGION, "dynalite", "dynalite", "dynalite");
        try {
            awaitReady(process, endpoint, log);
        } catch (RuntimeException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw e;
        }
        Duration startup = Duration.ofNanos(System.nanoTime() - begin);
        LOG.info("dynalite started at {} in {} ms (output in {})", uri, startup.toMillis(), log);
        return new Dynalite(process, endpoint, log, startup, isShared);
    }

    /** Waits for the port to accept connections, then for one answered ListTables. */
    private static void awaitReady(Process process, DynamoDbEndpoint endpoint, Path log) {
        long deadline = System.nanoTime() + START_DEADLINE.toNanos();
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(),
                endpoint.endpoint().getPort());
        boolean open = false;
        while (!open) {
            checkAlive(process, log);
            try (Socket socket = new Socket()) {
                socket.connect(address, 250);
                open = true;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("dynalite did not open port " + address.getPort()
                            + " within " + START_DEADLINE.toSeconds() + " s" + tail(log));
                }
                sleep(20);
            }
        }
        try (DynamoDbClient client = endpoint.client()) {
            client.listTables(ListTablesRequest.builder().limit(1).build());
        } catch (RuntimeException e) {
            checkAlive(process, log);
            throw new IllegalStateException("dynalite opened port " + address.getPort()
                    + " but did not answer ListTables: " + e.getMessage() + tail(log), e);
        }
        checkAlive(process, log);
    }

    private static void checkAlive(Process process, Path log) {
        if (process.isAlive()) {
            return;
        }
        String output = tail(log);
        if (output.contains("EADDRINUSE")) {
            throw new PortTaken(output);
        }
        throw new IllegalStateException("dynalite exited with code " + process.exitValue()
                + " before it answered" + output);
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                return " (it printed nothing)";
            }
            return "; its output (" + log + "):\n" + (text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text);
        } catch (IOException e) {
            return " (its output in " + log + " cannot be read: " + e.getMessage() + ")";
        }
    }

    /** Output goes to {@code target/dynalite/} when run from a Maven module, else to a temp file. */
    private static Path logFile(int port) {
        try {
            Path target = Path.of(System.getProperty("user.dir"), "target");
            if (Files.isDirectory(target)) {
                Path dir = Files.createDirectories(target.resolve("dynalite"));
                return dir.resolve("dynalite-" + port + ".log");
            }
            Path file = Files.createTempFile("dynalite-" + port + "-", ".log");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a log file for dynalite", e);
        }
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for dynalite", e);
        }
    }

    private static final class PortTaken extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        PortTaken(String output) {
            super("dynalite could not bind its port" + output);
        }
    }
}
