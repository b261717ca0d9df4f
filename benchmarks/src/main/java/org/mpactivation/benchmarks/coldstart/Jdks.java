package org.mpactivation.benchmarks.coldstart;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The JDKs the benchmark starts functions with: the one running it, and a JDK 25 for the AOT cache (JEP 483/514),
 * named by {@code -Djdk25.home}, else by the environment variable {@code JDK25_HOME}, else the first directory
 * under {@code /usr/lib/jvm} whose {@code release} file says {@code JAVA_VERSION="25…"}.
 */
final class Jdks {

    private static final Path JVM_DIRECTORY = Path.of("/usr/lib/jvm");

    private Jdks() {
    }

    static Path runningJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** The {@code java} launcher of a JDK 25, or empty when none is found. */
    static Optional<Path> jdk25Java() {
        return jdk25Home().map(home -> home.resolve("bin").resolve("java"));
    }

    static Optional<Path> jdk25Home() {
        String named = System.getProperty("jdk25.home", System.getenv("JDK25_HOME"));
        if (named != null && !named.isBlank()) {
            Path home = Path.of(named.strip());
            return isJdk25(home) ? Optional.of(home) : Optional.empty();
        }
        if (!Files.isDirectory(JVM_DIRECTORY)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(JVM_DIRECTORY)) {
            return homes.filter(home -> !Files.isSymbolicLink(home)).filter(Jdks::isJdk25)
                    .min(Comparator.naturalOrder());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean isJdk25(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin").resolve("java"))) {
            return false;
        }
        try (Stream<String> lines = Files.lines(release)) {
            return lines.anyMatch(line -> line.startsWith("JAVA_VERSION=\"25"));
        } catch (IOException e) {
            return false;
        }
    }

    /** Where the notice says to point when no JDK 25 is found. */
    static String missingNotice() {
        return "no JDK 25 found (set -Djdk25.home or JDK25_HOME, or install one under " + JVM_DIRECTORY
                + "): the AOT cache variant is left out";
    }
}
