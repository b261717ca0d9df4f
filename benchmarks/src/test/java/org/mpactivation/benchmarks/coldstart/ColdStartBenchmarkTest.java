package org.mpactivation.benchmarks.coldstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's plumbing: options, percentiles, classpaths and command lines. Nothing is started or timed. */
class ColdStartBenchmarkTest {

    @TempDir
    Path root;

    @Test
    void givenNoArguments_thenTenRunsOfTheMustShowFunctionsInThreeVariants() {
        ColdStartBenchmark.Options options = ColdStartBenchmark.Options.parse();

        assertEquals(10, options.runs());
        assertEquals(List.of(ColdStartFunction.AWS_FULFILLMENT, ColdStartFunction.AZURE_LANDING), options.functions());
        assertEquals(List.of(Variant.NONE, Variant.APPCDS, Variant.AOT), options.variants());
    }

    @Test
    void givenAllFunctionsAndJavaOptions_thenEachIsRead() {
        ColdStartBenchmark.Options options = ColdStartBenchmark.Options.parse("--runs=12", "--functions=all",
                "--variants=jdk25", "--java-options=-Xlog:class+load  -Xshare:auto", "true");

        assertEquals(12, options.runs());
        assertEquals(List.of(ColdStartFunction.values()), options.functions());
        assertEquals(List.of(Variant.JDK25), options.variants());
        assertEquals(List.of("-Xlog:class+load", "-Xshare:auto"), options.javaOptions());
    }

    @Test
    void givenAnUnknownArgumentOrFunction_thenItIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ColdStartBenchmark.Options.parse("--run=3"));
        assertThrows(IllegalArgumentException.class, () -> ColdStartBenchmark.Options.parse("--functions=aws-nope"));
        assertThrows(IllegalArgumentException.class, () -> ColdStartBenchmark.Options.parse("--runs=0"));
    }

    @Test
    void percentilesAreNearestRank() {
        List<ColdStartProcess.Sample> samples = IntStream.rangeClosed(1, 10)
                .mapToObj(i -> new ColdStartProcess.Sample(i * 10, -1, -1, -1, 200)).toList();

        assertEquals(50, ColdStartBenchmark.percentile(samples, ColdStartProcess.Sample::totalMillis, 50));
        assertEquals(90, ColdStartBenchmark.percentile(samples, ColdStartProcess.Sample::totalMillis, 90));
    }

    @Test
    void anAzureFunctionRunsOnTheLauncherThenTheStagedAppInAFixedOrder() throws IOException {
        Path app = Files.createDirectories(root.resolve(ColdStartFunction.AZURE_LANDING.artifact()));
        Files.createDirectories(app.resolve("lib"));
        Files.createFile(app.resolve("functions-azure.jar"));
        Files.createFile(app.resolve("lib").resolve("b.jar"));
        Files.createFile(app.resolve("lib").resolve("a.jar"));
        Files.createFile(app.resolve("host.json"));
        Path launcher = root.resolve("launcher.jar");

        List<Path> classpath = ColdStartFunction.AZURE_LANDING.classpath(root, launcher);

        // the worker's HTTP types come unsigned inside the launcher jar, as in the worker's shaded jar
        assertEquals(List.of(launcher, app.resolve("functions-azure.jar"), app.resolve("lib/a.jar"),
                app.resolve("lib/b.jar")), classpath);
    }

    @Test
    void anAzureFunctionStartsWithTheWorkersJvmOptionsAndAnAwsFunctionWithoutThem() throws IOException {
        Path app = Files.createDirectories(root.resolve(ColdStartFunction.AZURE_LANDING.artifact()).resolve("lib"));
        Path jar = root.resolve(ColdStartFunction.AWS_FULFILLMENT.artifact());
        Files.createDirectories(jar.getParent());
        Files.createFile(jar);
        Launches launches = new Launches(root, root.resolve("launcher.jar"), root.resolve("archives"));

        List<String> azure = launches.javaCommand(Path.of("java"), ColdStartFunction.AZURE_LANDING, List.of());
        List<String> aws = launches.javaCommand(Path.of("java"), ColdStartFunction.AWS_FULFILLMENT, List.of());

        assertEquals(Launches.AZURE_WORKER_JVM_OPTIONS, azure.subList(1, 1 + Launches.AZURE_WORKER_JVM_OPTIONS.size()));
        assertTrue(azure.contains("-XX:TieredStopAtLevel=1") && azure.contains("-noverify"), azure.toString());
        assertEquals("-cp", aws.get(1), aws.toString());
        assertTrue(Files.isDirectory(app));
    }

    @Test
    void theAppCdsVariantMapsTheFunctionsArchiveBeforeTheClasspath() throws IOException {
        Path jar = root.resolve(ColdStartFunction.AWS_FULFILLMENT.artifact());
        Files.createDirectories(jar.getParent());
        Files.createFile(jar);
        Launches launches = new Launches(root, root.resolve("launcher.jar"), root.resolve("archives"));

        List<String> command = launches.javaCommand(Path.of("java"), ColdStartFunction.AWS_FULFILLMENT,
                Variant.APPCDS.archiveOptions(root.resolve("archives"), ColdStartFunction.AWS_FULFILLMENT));

        assertEquals(List.of("java", "-XX:SharedArchiveFile=" + root.resolve("archives/aws-fulfillment.jsa"), "-cp",
                root.resolve("launcher.jar") + java.io.File.pathSeparator + jar,
                "org.mpactivation.benchmarks.coldstart.launch.AwsLauncher", "http",
                "org.mpactivation.aws.FulfillmentHandler"), command);
    }
}
