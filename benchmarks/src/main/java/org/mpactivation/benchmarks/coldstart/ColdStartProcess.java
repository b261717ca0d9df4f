package org.mpactivation.benchmarks.coldstart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.mpactivation.benchmarks.coldstart.launch.FirstRequest;

/**
 * Starts one fresh process (a function's JVM or its Node.js reference) and measures from the spawn to the line
 * that says the request was answered.
 */
final class ColdStartProcess {

    /** The line the Node.js reference prints when it has answered. */
    static final String NODE_ANSWER_PREFIX = "ANSWERED";
    private static final long EXIT_GRACE_SECONDS = 120;

    private ColdStartProcess() {
    }

    /**
     * One measured start.
     *
     * @param totalMillis    spawn to the answer line
     * @param toMainMillis   spawn to the launcher's main (JVM start-up), or -1 for Node.js
     * @param constructMillis building the handler (the function's init), or -1
     * @param invokeMillis   the first request, or -1
     * @param status         the status the function answered
     */
    record Sample(double totalMillis, double toMainMillis, double constructMillis, double invokeMillis, int status) {
    }

    static Sample run(List<String> command, Map<String, String> environment, Path workingDirectory, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(workingDirectory.toFile())
                .redirectErrorStream(false).redirectError(ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        builder.environment().putAll(environment);
        long spawnedAtMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Deque<String> lastLines = new ArrayDeque<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(FirstRequest.ANSWER_PREFIX) || line.startsWith(NODE_ANSWER_PREFIX)) {
                    double total = (System.nanoTime() - start) / 1e6;
                    Sample sample = parse(line, total, spawnedAtMillis);
                    out.transferTo(java.io.Writer.nullWriter());
                    finish(process);
                    return sample;
                }
                lastLines.addLast(line);
                if (lastLines.size() > 20) {
                    lastLines.removeFirst();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            process.destroyForcibly();
        }
        throw new IllegalStateException("no answer from " + String.join(" ", command.subList(command.size() - 1,
                command.size())) + "; last output: " + String.join(" | ", lastLines) + "; errors: " + tail(log));
    }

    private static Sample parse(String line, double total, long spawnedAtMillis) {
        if (!line.startsWith(FirstRequest.ANSWER_PREFIX)) {
            return new Sample(total, -1, -1, -1, Integer.parseInt(line.substring(NODE_ANSWER_PREFIX.length()).strip()));
        }
        Map<String, Long> fields = new java.util.HashMap<>();
        for (String part : line.substring(FirstRequest.ANSWER_PREFIX.length()).strip().split(" ")) {
            String[] pair = part.split("=", 2);
            fields.put(pair[0], Long.parseLong(pair[1]));
        }
        return new Sample(total, fields.get("mainAt") - spawnedAtMillis, fields.get("constructMicros") / 1e3,
                fields.get("invokeMicros") / 1e3, fields.get("status").intValue());
    }

    private static void finish(Process process) {
        try {
            if (!process.waitFor(EXIT_GRACE_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
