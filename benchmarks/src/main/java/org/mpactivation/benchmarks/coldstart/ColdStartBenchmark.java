package org.mpactivation.benchmarks.coldstart;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The cold-start benchmark: for each function and variant, {@code runs} fresh JVMs, each followed by a fresh
 * Node.js reference process (paired, so both see the same load), timed from spawn to the answer line. Prints per
 * function the medians and 90th percentiles, the ratio of medians, and where the Java time went.
 *
 * <pre>
 * ColdStartBenchmark [--runs=10] [--functions=aws-fulfillment,azure-landing|all] [--variants=none,appcds,aot]
 *                    [--java-options="-Xlog:class+load:file=…"] [--root=project directory]
 * </pre>
 */
public final class ColdStartBenchmark {

    /** The must-show functions, by default. */
    static final List<ColdStartFunction> DEFAULT_FUNCTIONS =
            List.of(ColdStartFunction.AWS_FULFILLMENT, ColdStartFunction.AZURE_LANDING);

    private ColdStartBenchmark() {
    }

    /** What to run. */
    public record Options(int runs, List<ColdStartFunction> functions, List<Variant> variants, Path projectRoot,
                          List<String> javaOptions) {

        public static Options parse(String... args) {
            int runs = 10;
            List<ColdStartFunction> functions = DEFAULT_FUNCTIONS;
            List<Variant> variants = List.of(Variant.NONE, Variant.APPCDS, Variant.AOT);
            Path root = defaultRoot();
            List<String> javaOptions = List.of();
            for (String arg : args) {
                String value = arg.substring(arg.indexOf('=') + 1);
                if (arg.startsWith("--runs=")) {
                    runs = Integer.parseInt(value);
                } else if (arg.startsWith("--functions=")) {
                    functions = value.equals("all") ? List.of(ColdStartFunction.values())
                            : Arrays.stream(value.split(",")).map(ColdStartFunction::byId).toList();
                } else if (arg.startsWith("--variants=")) {
                    variants = Arrays.stream(value.split(",")).map(Variant::byId).toList();
                } else if (arg.startsWith("--java-options=")) {
                    javaOptions = Arrays.stream(value.split(" ")).filter(option -> !option.isBlank()).toList();
                } else if (arg.startsWith("--root=")) {
                    root = Path.of(value);
                } else if (!arg.equals("true")) {
                    // "true" is what Maven passes for a bare -Dcoldstart
                    throw new IllegalArgumentException("unknown argument " + arg);
                }
            }
            if (runs < 1) {
                throw new IllegalArgumentException("--runs must be at least 1");
            }
            return new Options(runs, functions, variants, root.toAbsolutePath().normalize(), javaOptions);
        }

        /** The project root: the working directory, or its parent when started in the module. */
        public static Path defaultRoot() {
            Path here = Path.of("").toAbsolutePath();
            return Files.isDirectory(here.resolve("benchmarks")) ? here : here.getParent();
        }
    }

    public static void main(String[] args) {
        run(Options.parse(args), System.out);
        System.exit(0);
    }

    /** One function's figure in one variant: the ratio of the Java median to the paired Node.js median. */
    public record Ratio(String function, String variant, double ratio) {
    }

    /** Prints every function's figures; returns the ratio of each function and variant measured. */
    public static List<Ratio> run(Options options, PrintStream out) {
        List<Ratio> ratios = new ArrayList<>();
        Launches launches = Launches.forProject(options.projectRoot());
        List<Variant> variants = available(options.variants(), out);
        installNodeReference(options.projectRoot(), out);
        out.printf(Locale.ROOT, "Cold-start benchmark: %d runs per function and variant, each Java run paired with "
                + "a Node.js reference run; times from spawn to the answer, in ms (indicative: shared machine)%n",
                options.runs());
        out.println("Java: " + Jdks.runningJava() + (variants.stream().anyMatch(Variant::needsJdk25)
                ? "; JDK 25: " + Jdks.jdk25Java().orElseThrow() : ""));
        out.println("AWS functions run with JAVA_TOOL_OPTIONS=" + Launches.LAMBDA_JVM_OPTIONS
                + " (Lambda java21 defaults); Azure functions with " + String.join(" ", Launches.AZURE_WORKER_JVM_OPTIONS)
                + " (the Functions Java worker's)");
        try (ColdStartWorld world = ColdStartWorld.start()) {
            for (ColdStartFunction function : options.functions()) {
                out.println();
                out.printf(Locale.ROOT, "%s (%s)%n", function.id(), function.artifact());
                out.printf(Locale.ROOT, "  %-7s %9s %7s   %9s %7s   %6s   %s%n", "variant", "Java med", "p90",
                        "Node med", "p90", "ratio", "Java medians: spawn->main, handler built, first request");
                for (Variant variant : variants) {
                    measure(world, launches, function, variant, options, out).ifPresent(ratios::add);
                }
            }
        }
        return ratios;
    }

    private static Optional<Ratio> measure(ColdStartWorld world, Launches launches, ColdStartFunction function,
                                           Variant variant, Options options, PrintStream out) {
        List<String> archive = new ArrayList<>(variant.archiveOptions(launches.archives(), function));
        archive.addAll(options.javaOptions());
        int runs = options.runs();
        Optional<String> unusable = unusableArchive(launches, function, variant);
        if (unusable.isPresent()) {
            out.printf(Locale.ROOT, "  %-7s %s%n", variant.id(), unusable.get());
            return Optional.empty();
        }
        List<ColdStartProcess.Sample> java = new ArrayList<>();
        List<ColdStartProcess.Sample> node = new ArrayList<>();
        Path log = logFile(launches, function, variant);
        for (int i = 0; i < runs; i++) {
            ColdStartWorld.FirstCall call = world.next(function);
            java.add(ColdStartProcess.run(launches.javaCommand(variant.java().orElseThrow(), function, archive),
                    launches.javaEnvironment(function, call), launches.projectRoot(), log));
            node.add(ColdStartProcess.run(launches.nodeCommand(), launches.nodeEnvironment(function, call),
                    launches.projectRoot(), log));
        }
        double javaMedian = percentile(java, ColdStartProcess.Sample::totalMillis, 50);
        double nodeMedian = percentile(node, ColdStartProcess.Sample::totalMillis, 50);
        out.printf(Locale.ROOT, "  %-7s %9.0f %7.0f   %9.0f %7.0f   %5.2fx   %.0f, %.0f, %.0f   (status %s)%n",
                variant.id(), javaMedian, percentile(java, ColdStartProcess.Sample::totalMillis, 90), nodeMedian,
                percentile(node, ColdStartProcess.Sample::totalMillis, 90), javaMedian / nodeMedian,
                percentile(java, ColdStartProcess.Sample::toMainMillis, 50),
                percentile(java, ColdStartProcess.Sample::constructMillis, 50),
                percentile(java, ColdStartProcess.Sample::invokeMillis, 50),
                java.get(0).status() + "/" + node.get(0).status());
        return Optional.of(new Ratio(function.id(), variant.id(), javaMedian / nodeMedian));
    }

    /**
     * Why the variant's archive cannot be used, if it cannot: missing, or older than an entry of the classpath (the
     * JVM then ignores it without a word, since it checks each jar's size and time).
     */
    private static Optional<String> unusableArchive(Launches launches, ColdStartFunction function, Variant variant) {
        Path archive = variant == Variant.APPCDS ? Variant.appCds(launches.archives(), function)
                : variant == Variant.AOT ? Variant.aotCache(launches.archives(), function) : null;
        if (archive == null) {
            return Optional.empty();
        }
        if (!Files.isRegularFile(archive)) {
            return Optional.of("no archive at " + archive + " (made by mvn verify; -Darchives.skip leaves it out)");
        }
        try {
            FileTime made = Files.getLastModifiedTime(archive);
            for (Path entry : function.classpath(launches.projectRoot(), launches.launcherJar())) {
                if (Files.getLastModifiedTime(entry).compareTo(made) > 0) {
                    return Optional.of("archive " + archive.getFileName() + " is older than " + entry.getFileName()
                            + ": make it again with mvn verify (the JVM would ignore it)");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.empty();
    }

    private static Path logFile(Launches launches, ColdStartFunction function, Variant variant) {
        Path logs = launches.archives().resolveSibling("coldstart-logs");
        try {
            Files.createDirectories(logs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return logs.resolve(function.id() + "-" + variant.id() + ".log");
    }

    /** The variants that can run here; the JDK 25 ones are left out, with a notice, when no JDK 25 is found. */
    static List<Variant> available(List<Variant> wanted, PrintStream out) {
        if (wanted.stream().anyMatch(Variant::needsJdk25) && Jdks.jdk25Java().isEmpty()) {
            out.println(Jdks.missingNotice());
            return wanted.stream().filter(variant -> !variant.needsJdk25()).toList();
        }
        return wanted;
    }

    /** Nearest-rank percentile. */
    static double percentile(List<ColdStartProcess.Sample> samples, ToDoubleFunction<ColdStartProcess.Sample> value,
                             int percent) {
        double[] sorted = samples.stream().mapToDouble(value).sorted().toArray();
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    /** {@code npm ci} in benchmarks/node-reference when its node_modules is missing. */
    static void installNodeReference(Path projectRoot, PrintStream out) {
        Path reference = projectRoot.resolve("benchmarks").resolve("node-reference");
        if (Files.isDirectory(reference.resolve("node_modules").resolve("@aws-sdk"))) {
            return;
        }
        out.println("installing the Node.js reference (npm ci in " + reference + ")");
        try {
            Process npm = new ProcessBuilder("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund",
                    "--no-update-notifier").directory(reference.toFile()).inheritIO().start();
            if (!npm.waitFor(300, TimeUnit.SECONDS) || npm.exitValue() != 0) {
                npm.destroyForcibly();
                throw new IllegalStateException("npm ci failed in " + reference);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while installing the Node.js reference", e);
        }
    }
}
