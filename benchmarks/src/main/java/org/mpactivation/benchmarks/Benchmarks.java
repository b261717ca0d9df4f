package org.mpactivation.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.mpactivation.benchmarks.coldstart.ColdStartBenchmark;
import org.mpactivation.benchmarks.warm.HashingBenchmark;
import org.mpactivation.benchmarks.warm.LocalServerBenchmark;
import org.mpactivation.benchmarks.warm.Quiet;
import org.mpactivation.benchmarks.warm.StoreCallsBenchmark;
import org.mpactivation.benchmarks.warm.WarmBenchmark;
import org.mpactivation.benchmarks.warm.WarmOptions;

/**
 * The one benchmark command: every figure the speed work is judged by, in one run, one section after the
 * other: the deployment artifacts' sizes, the cold start of every function of both clouds against the
 * Node.js reference, the warm path of each activation step (in memory and on dynalite, hashing apart),
 * the password hashing cost, the store calls per path, the local server's latency and memory, and metering
 * throughput against the quota. It ends with what met its target and what did not.
 *
 * <pre>
 * Benchmarks [--quick]
 * </pre>
 *
 *
 * {@code --quick} runs every section with small counts (a smoke run: the figures mean little).
 */
public final class Benchmarks {

    /** Every Lambda artifact's bound (decimal megabytes, as the issue and the Lambda quotas count). */
    static final long ARTIFACT_LIMIT_BYTES = 15_000_000L;

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        // Maven passes -Dbenchmarks=quick as --quick, and a bare -Dbenchmarks as --true
        boolean quick = List.of(args).contains("--quick");
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Quiet.logs();
        System.exit(run(quick, ColdStartBenchmark.Options.defaultRoot(), System.out) ? 0 : 1);
    }

    /**
     * Runs every section and prints which targets were met; false only if a correctness check failed
     * (metering sent a record other than exactly once). A missed speed target is a figure to read, not a
     * failure of the command.
     */
    public static boolean run(boolean quick, Path root, PrintStream out) throws Exception {
        Map<String, Boolean> verdicts = new LinkedHashMap<>();
        out.printf(Locale.ROOT, "Benchmarks, %s: %d processors, %s %s, Java %s (%s)%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS), Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"),
                ManagementFactory.getRuntimeMXBean().getVmName());

        section(out, "1. Deployment artifacts (every Lambda artifact at most 15 MB)");
        verdicts.put("every Lambda artifact at most 15 MB", artifacts(root, out));

        section(out, "2. Cold start, fresh JVMs against the Node.js reference");
        List<ColdStartBenchmark.Ratio> ratios = ColdStartBenchmark.run(ColdStartBenchmark.Options.parse(
                "--runs=" + (quick ? 2 : 10), "--functions=all", "--variants=none,appcds,aot", "--root=" + root), out);
        for (String function : List.of("aws-fulfillment", "azure-landing")) {
            verdicts.put(function + " cold start at most 2.5x Node.js without an archive",
                    ratio(ratios, function, false) <= 2.5);
            verdicts.put(function + " cold start at most 1.0x Node.js with the best archive",
                    ratio(ratios, function, true) <= 1.0);
        }

        section(out, "3. Warm path of each activation step");
        verdicts.put("warm p99 under 5 ms per step in memory (CPU time, hashing apart)", WarmBenchmark.run(
                WarmOptions.parse(quick ? new String[] {"--iterations=20", "--dynalite-iterations=5", "--warmup=10"}
                        : new String[0]), out));

        section(out, "4. Password hashing (Argon2id)");
        verdicts.put("Argon2id at or above the OWASP minimum", HashingBenchmark.run(quick ? 5 : 100, out));

        section(out, "5. Store reads and writes per path, DynamoDB adapter on dynalite");
        StoreCallsBenchmark.Registration registration = StoreCallsBenchmark.run(quick ? 1 : 5, out);
        verdicts.put(String.format(Locale.ROOT, "at most 12 reads and 12 writes per AWS registration (%.0f / %.0f)",
                registration.reads(), registration.writes()), registration.reads() <= 12 && registration.writes() <= 12);

        section(out, "6. The local server: page latency and memory, started as the README starts it");
        verdicts.put("local page p99 under 5 ms, RSS at most 512 MB after the registrations",
                LocalServerBenchmark.run(root, quick ? 20 : 1000, quick ? 200 : 5000, quick ? 20 : 1000, out));

        section(out, "7. Metering throughput against the BatchMeterUsage quota");
        boolean exactlyOnce = MeteringBenchmark.run(BenchmarkOptions.parse(quick ? "200" : "2000"), out);
        verdicts.put("metering: every record exactly once", exactlyOnce);

        section(out, "Targets");
        verdicts.forEach((target, met) -> out.printf(Locale.ROOT, "  %-78s %s%n", target, met ? "met" : "MISSED"));
        out.println("  (metering's share of the quota's bound: section 7; the target is 90 % or more)");
        return exactlyOnce;
    }

    /** The function's ratio without an archive, or its best with one; infinite when not measured. */
    static double ratio(List<ColdStartBenchmark.Ratio> ratios, String function, boolean archived) {
        return ratios.stream().filter(r -> r.function().equals(function))
                .filter(r -> archived != r.variant().equals("none")).mapToDouble(ColdStartBenchmark.Ratio::ratio)
                .min().orElse(Double.POSITIVE_INFINITY);
    }

    private static void section(PrintStream out, String title) {
        out.println();
        out.println("== " + title);
    }

    /** Prints each deployment artifact's size; false if a Lambda artifact is over the bound. */
    static boolean artifacts(Path root, PrintStream out) {
        List<Path> lambdas = files(root.resolve("functions-aws/target"), "-lambda-", ".jar");
        boolean within = !lambdas.isEmpty();
        for (Path jar : lambdas) {
            long bytes = size(jar);
            within &= bytes <= ARTIFACT_LIMIT_BYTES;
            out.printf(Locale.ROOT, "  %-68s %,12d bytes  %s%n", root.relativize(jar), bytes,
                    bytes <= ARTIFACT_LIMIT_BYTES ? "" : "over 15 MB");
        }
        if (lambdas.isEmpty()) {
            out.println("  no Lambda artifacts in functions-aws/target: run mvn package first");
        }
        Path azure = root.resolve("functions-azure/target/azure-functions");
        if (Files.isDirectory(azure)) {
            try (Stream<Path> apps = Files.list(azure)) {
                for (Path app : apps.filter(Files::isDirectory).sorted().toList()) {
                    out.printf(Locale.ROOT, "  %-68s %,12d bytes  (Azure Functions app folder, all files)%n",
                            root.relativize(app), treeSize(app));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return within;
    }

    private static List<Path> files(Path dir, String contains, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = new ArrayList<>(files.filter(file -> {
                String name = file.getFileName().toString();
                return name.contains(contains) && name.endsWith(suffix);
            }).sorted().toList());
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long treeSize(Path dir) {
        try (Stream<Path> tree = Files.walk(dir)) {
            return tree.filter(Files::isRegularFile).mapToLong(Benchmarks::size).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
