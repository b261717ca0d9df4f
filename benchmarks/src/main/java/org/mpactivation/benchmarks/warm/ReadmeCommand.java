package org.mpactivation.benchmarks.warm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The run command of the project's README: its first fenced code block, whose last part (after
 * {@code &&}) starts the local server. The benchmark starts the server exactly so, with the {@code java}
 * of the JDK it runs on.
 */
final class ReadmeCommand {

    private ReadmeCommand() {
    }

    /**
     * Set to another java command (e.g. without the heap bound) to compare; the README's command otherwise.
     */
    static final String OVERRIDE = "benchmark.localServerCommand";

    /** The words of the java command, e.g. {@code [java, -Xmx…, -jar, local-server/target/local-server.jar]}. */
    static List<String> javaCommand(Path readme) throws IOException {
        String override = System.getProperty(OVERRIDE);
        if (override != null && override.strip().startsWith("java ")) {
            return new ArrayList<>(Arrays.asList(override.strip().split("\\s+")));
        }
        List<String> lines = Files.readAllLines(readme);
        int open = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().startsWith("```")) {
                open = i;
                break;
            }
        }
        if (open < 0 || open + 1 >= lines.size()) {
            throw new IllegalStateException("no fenced code block in " + readme);
        }
        String command = lines.get(open + 1).strip();
        String[] parts = command.split("&&");
        String java = parts[parts.length - 1].strip();
        if (!java.startsWith("java ")) {
            throw new IllegalStateException("the README's run command does not end with a java command: " + command);
        }
        return new ArrayList<>(Arrays.asList(java.split("\\s+")));
    }

    /** The README's first command line itself, for the output. */
    static String firstLine(Path readme) throws IOException {
        return String.join(" ", javaCommand(readme));
    }
}
