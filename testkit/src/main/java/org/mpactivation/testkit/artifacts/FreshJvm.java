package org.mpactivation.testkit.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a probe's {@code main} in a new JVM whose class path is a deployed artifact plus the probe class
 * alone (copied out of the test classes, so nothing else of the test class path comes along), with exactly
 * the environment given: nothing is inherited from the build.
 */
public final class FreshJvm {

    private FreshJvm() {
    }

    /** What the JVM printed and how it ended. */
    public record Outcome(int exitCode, String output) {
    }

    /** A loopback address where nothing listens: connections to it are refused at once. */
    public static String unreachableEndpoint() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Outcome run(List<Path> artifactClassPath, Class<?> probe, Map<String, String> environment,
                              List<String> arguments) {
        try {
            Path probeDir = Files.createTempDirectory("probe");
            String resource = probe.getName().replace('.', '/') + ".class";
            Path probeFile = probeDir.resolve(resource);
            Files.createDirectories(probeFile.getParent());
            try (InputStream in = probe.getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("no class file for " + probe.getName());
                }
                Files.copy(in, probeFile);
            }
            List<Path> classPath = new ArrayList<>(artifactClassPath);
            classPath.add(probeDir);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xshare:auto", "-XX:TieredStopAtLevel=1",
                    "-cp", classPath.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator)),
                    probe.getName()));
            command.addAll(arguments);
            Path output = probeDir.resolve("output.txt");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().clear();
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean ended = process.waitFor(2, TimeUnit.MINUTES);
            if (!ended) {
                process.destroyForcibly().waitFor();
            }
            return new Outcome(ended ? process.exitValue() : -1, Files.readString(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
