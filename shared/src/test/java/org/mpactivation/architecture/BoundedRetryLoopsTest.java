package org.mpactivation.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every retry loop in the production code is bounded by attempts and a deadline (see
 * {@code ConflictRetries}): a loop written as {@code while (true)} or {@code for (;;)} is not, and
 * one store that always conflicts would spin it forever. Reads the sources of every module.
 */
class BoundedRetryLoopsTest {

    private static final Pattern ENDLESS = Pattern.compile("while\\s*\\(\\s*true\\s*\\)|for\\s*\\(\\s*;\\s*;\\s*\\)");

    @Test
    void givenProductionSources_thenNoLoopIsEndless() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        List<Path> sources = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path module : modules.filter(m -> Files.isDirectory(m.resolve("src/main/java"))).toList()) {
                try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(sources::add);
                }
            }
        }
        assertTrue(sources.size() > 100, "the sources of every module are read: " + sources.size());
        List<String> endless = new ArrayList<>();
        for (Path source : sources) {
            List<String> lines = read(source);
            for (int i = 0; i < lines.size(); i++) {
                if (ENDLESS.matcher(lines.get(i)).find()) {
                    endless.add(root.relativize(source) + ":" + (i + 1));
                }
            }
        }
        assertEquals(List.of(), endless, "endless loops");
    }

    private static List<String> read(Path source) {
        try {
            return Files.readAllLines(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
