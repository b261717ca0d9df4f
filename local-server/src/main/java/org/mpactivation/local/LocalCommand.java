package org.mpactivation.local;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.mpactivation.adapter.store.JournalCorruptedException;
import org.mpactivation.adapter.store.JournalRepair;

/**
 * {@code java -jar local-server.jar [repair-journal]}: reads the settings, starts the {@link LocalServer} and
 * prints its banner (secrets only when generated), or repairs the file store's journal; a start that cannot
 * succeed ends at once with one line and exit code {@link #CANNOT_START}.
 */
public final class LocalCommand {

    /** The exit code of a start that failed, and of a command that did not complete. */
    static final int CANNOT_START = 2;
    /** What {@link #run} returns when the server runs on (until a signal stops it). */
    static final int RUNNING = -1;
    static final String REPAIR_COMMAND = "repair-journal";

    private LocalCommand() {
    }

    public static void main(String[] args) throws Exception {
        int exit = run(args, System.getenv(), System.out, System.err);
        if (exit != RUNNING) {
            System.exit(exit);
        }
        Thread.currentThread().join();
    }

    /**
     * What {@code java -jar local-server.jar [repair-journal]} does: starts the server (with a shutdown hook
     * that stops it) and returns {@link #RUNNING}, or runs the command, or says in one line on {@code err}
     * why it cannot start and returns {@link #CANNOT_START}, with everything it had started stopped again.
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) throws IOException {
        if (args.length > 1 || (args.length == 1 && !isRepairCommand(args[0]))) {
            err.println("Cannot start: unknown arguments " + String.join(" ", args) + "; the only command is "
                    + REPAIR_COMMAND);
            return CANNOT_START;
        }
        LocalConfig config;
        try {
            config = LocalConfig.fromEnvironment(env);
        } catch (IllegalArgumentException | IllegalStateException | UncheckedIOException misconfigured) {
            err.println("Cannot start: " + misconfigured.getMessage());
            return CANNOT_START;
        }
        if (args.length == 1) {
            return repairJournal(config, out, err);
        }
        LocalServer server;
        try {
            server = LocalServer.start(config, out);
        } catch (JournalCorruptedException damaged) {
            err.println("Cannot start: " + damaged.getMessage() + ". To recover, run: java -jar "
                    + "local-server/target/local-server.jar " + REPAIR_COMMAND + " (with the same DATA_DIR): it keeps a "
                    + "backup of the journal and every intact record, and says what it dropped");
            return CANNOT_START;
        } catch (IllegalStateException | IllegalArgumentException | UncheckedIOException misconfigured) {
            // a taken port, a missing or invalid setting (named in the message, never its value): say so and stop
            err.println("Cannot start: " + misconfigured.getMessage());
            return CANNOT_START;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping…");
            server.close();
            out.println("Stopped; everything is kept in " + config.dataDir());
        }, "local-shutdown"));
        long firstPage = firstServedPage(server);
        long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        out.println();
        out.println("Marketplace activation runs at " + server.baseUrl() + "/");
        server.marketplaceDescription().forEach(line -> out.println("  " + line));
        secretLines(config, server.baseUrl()).forEach(out::println);
        out.println("  outbox:                    " + server.baseUrl() + "/outbox");
        if (config.plainHttp()) {
            out.println("  cookies:                   without Secure (LOCAL_PLAIN_HTTP=true)");
        }
        out.println("First page served " + sinceJvmStart + " ms after start (" + firstPage
                + " ms for the request). Ctrl-C stops it.");
        return RUNNING;
    }

    /**
     * The banner's lines on the operator view and the usage intake: a secret is printed only when it was
     * generated for this start (once, here); one the user set is named by its setting, never shown.
     */
    static List<String> secretLines(LocalConfig config, URI base) {
        return List.of("  operator view:             " + base + "/operator  (admin password: "
                        + (config.adminPasswordGenerated() ? config.adminPassword()
                        + ", generated; set ADMIN_PASSWORD to choose" : "set by ADMIN_PASSWORD") + ")",
                "  usage intake:              POST " + base + LocalServer.USAGE_PATH + "  (Authorization: Bearer <usage token>; token: "
                        + (config.usageTokenGenerated() ? config.usageToken() + ", generated; set USAGE_TOKEN to choose"
                        : "set by USAGE_TOKEN") + ")");
    }

    private static boolean isRepairCommand(String argument) {
        return argument.equals(REPAIR_COMMAND) || argument.equals("--" + REPAIR_COMMAND);
    }

    /** Repairs the file store's journal in DATA_DIR (the server must not be running). */
    private static int repairJournal(LocalConfig config, PrintStream out, PrintStream err) {
        if (!config.fileStore()) {
            err.println("Cannot repair: DYNAMODB_ENDPOINT is set, so there is no local journal to repair");
            return CANNOT_START;
        }
        try {
            JournalRepair.Report report = JournalRepair.repair(config.dataDir().resolve(LocalServer.STORE_FILE));
            report.describe().forEach(out::println);
            return 0;
        } catch (IllegalStateException | UncheckedIOException failed) {
            err.println("Cannot repair: " + failed.getMessage());
            return CANNOT_START;
        }
    }

    /** Requests the health check like a browser would, and returns how long it took in ms. */
    static long firstServedPage(LocalServer server) throws IOException {
        long started = System.nanoTime();
        HttpURLConnection connection = (HttpURLConnection) server.baseUrl().resolve("/healthz").toURL().openConnection();
        int status = connection.getResponseCode();
        connection.disconnect();
        if (status != 200) {
            throw new IllegalStateException("the health check answered " + status);
        }
        return (System.nanoTime() - started) / 1_000_000;
    }
}
