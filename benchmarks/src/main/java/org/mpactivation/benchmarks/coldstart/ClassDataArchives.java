package org.mpactivation.benchmarks.coldstart;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The training runs that {@code mvn package} makes in this module: each function is started once, exactly as the
 * benchmark starts it (same classpath, same JVM options), answers one first request, and leaves at exit an AppCDS
 * archive for the running JDK ({@code -XX:ArchiveClassesAtExit}) and, when a JDK 25 is found, an AOT cache
 * ({@code -XX:AOTCacheOutput}, JEP 514), under {@code benchmarks/target/coldstart-archives/}.
 *
 * <pre>ClassDataArchives [--functions=all|id,id] [--root=project directory]</pre>
 */
public final class ClassDataArchives {

    private ClassDataArchives() {
    }

    public static void main(String[] args) {
        ColdStartBenchmark.Options options = ColdStartBenchmark.Options.parse(args);
        boolean named = List.of(args).stream().anyMatch(arg -> arg.startsWith("--functions="));
        build(options.projectRoot(), named ? options.functions() : List.of(ColdStartFunction.values()), System.out);
        System.exit(0);
    }

    public static void build(Path projectRoot, List<ColdStartFunction> functions, PrintStream out) {
        Launches launches = Launches.forProject(projectRoot);
        Optional<Path> jdk25 = Jdks.jdk25Java();
        if (jdk25.isEmpty()) {
            out.println("class-data archives: " + Jdks.missingNotice());
        }
        try {
            Files.createDirectories(launches.archives());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path log = launches.archives().resolve("training.log");
        try (ColdStartWorld world = ColdStartWorld.start()) {
            for (ColdStartFunction function : functions) {
                Path jsa = Variant.appCds(launches.archives(), function);
                train(world, launches, function, Jdks.runningJava(), List.of("-XX:ArchiveClassesAtExit=" + jsa), jsa,
                        log, out);
                if (jdk25.isPresent()) {
                    Path aot = Variant.aotCache(launches.archives(), function);
                    train(world, launches, function, jdk25.get(), List.of("-XX:AOTCacheOutput=" + aot), aot, log, out);
                }
            }
        }
    }

    private static void train(ColdStartWorld world, Launches launches, ColdStartFunction function, Path java,
                              List<String> options, Path archive, Path log, PrintStream out) {
        long start = System.nanoTime();
        try {
            Files.deleteIfExists(archive);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ColdStartWorld.FirstCall call = world.next(function);
        ColdStartProcess.Sample sample = ColdStartProcess.run(launches.javaCommand(java, function, options),
                launches.javaEnvironment(function, call), launches.projectRoot(), log);
        if (!Files.isRegularFile(archive)) {
            throw new IllegalStateException("the training run of " + function.id() + " left no " + archive
                    + "; see " + log + ": " + ColdStartProcess.tail(log));
        }
        out.printf(Locale.ROOT, "class-data archive %s (%d KiB, training run answered %d, %.1f s)%n",
                launches.projectRoot().relativize(archive), sizeKib(archive), sample.status(),
                (System.nanoTime() - start) / 1e9);
    }

    private static long sizeKib(Path archive) {
        try {
            return Files.size(archive) / 1024;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
