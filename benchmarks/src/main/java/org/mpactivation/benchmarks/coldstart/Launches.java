package org.mpactivation.benchmarks.coldstart;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The command lines of one run: the function's JVM (launcher jar and artifact on the classpath, the cloud's JVM
 * options, the variant's archive) and its Node.js reference.
 *
 * <p>AWS functions get the options the Lambda java21 runtime sets by default, in {@code JAVA_TOOL_OPTIONS} as
 * Lambda passes them: tiered compilation stopped at level 1 (C1 only) and the serial collector (documented in
 * "Customize Java runtime startup behavior for Lambda functions"). The template sets no JAVA_TOOL_OPTIONS of its
 * own. Azure functions get the options the Functions Java worker starts its JVM with, on its command line (the
 * worker's {@code worker.config.json}: C1 only, no bytecode verification, IPv4; {@code JAVA_OPTS} would follow
 * them, and the app sets none).
 */
final class Launches {

    static final String LAMBDA_JVM_OPTIONS = "-XX:+TieredCompilation -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    static final List<String> AZURE_WORKER_JVM_OPTIONS = List.of("-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
            "-noverify", "-Djava.net.preferIPv4Stack=true");

    private final Path projectRoot;
    private final Path launcherJar;
    private final Path archives;

    Launches(Path projectRoot, Path launcherJar, Path archives) {
        this.projectRoot = projectRoot;
        this.launcherJar = launcherJar;
        this.archives = archives;
    }

    static Launches forProject(Path projectRoot) {
        Path target = projectRoot.resolve("benchmarks").resolve("target");
        Path jar = target.resolve("benchmarks-" + ColdStartFunction.VERSION + "-coldstart-launcher.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the launcher jar is missing: " + jar + " (run mvn package first)");
        }
        return new Launches(projectRoot, jar, target.resolve("coldstart-archives"));
    }

    Path projectRoot() {
        return projectRoot;
    }

    Path launcherJar() {
        return launcherJar;
    }

    Path archives() {
        return archives;
    }

    String classpath(ColdStartFunction function) {
        return function.classpath(projectRoot, launcherJar).stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator));
    }

    /** The function's JVM with the given archive options (a variant's, or a training run's). */
    List<String> javaCommand(Path java, ColdStartFunction function, List<String> archiveOptions) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        if (function.cloud() == ColdStartFunction.Cloud.AZURE) {
            command.addAll(AZURE_WORKER_JVM_OPTIONS);
        }
        command.addAll(archiveOptions);
        command.add("-cp");
        command.add(classpath(function));
        command.addAll(function.launcherCommand());
        return command;
    }

    Map<String, String> javaEnvironment(ColdStartFunction function, ColdStartWorld.FirstCall call) {
        Map<String, String> env = new HashMap<>(call.environment());
        env.putAll(ChildRequest.variables(function, call.requestJson()));
        if (function.cloud() == ColdStartFunction.Cloud.AWS) {
            env.put("JAVA_TOOL_OPTIONS", LAMBDA_JVM_OPTIONS);
        }
        return env;
    }

    List<String> nodeCommand() {
        return List.of("node", projectRoot.resolve("benchmarks/node-reference/handler.js").toString());
    }

    Map<String, String> nodeEnvironment(ColdStartFunction function, ColdStartWorld.FirstCall call) {
        Map<String, String> env = new HashMap<>(call.environment());
        env.put("REFERENCE_CALL", function.referenceCall());
        if (call.referenceToken() != null) {
            env.put("MARKETPLACE_TOKEN", call.referenceToken());
        }
        return env;
    }
}
