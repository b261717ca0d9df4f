package org.mpactivation.observability.log;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.event.Level;

/**
 * Captures everything a piece of code logs, as production writes it: the logging backend's lines go to a
 * buffer (our loggers at DEBUG, every other at INFO, whatever the test configuration says), and whatever
 * reaches {@code System.out} and {@code System.err} to another (kept, not printed: a test that fails names
 * the lines it objects to). Close it to give the levels, the lines' destination and the streams back.
 */
public final class LogCapture implements AutoCloseable {

    private static final LogLevels CAPTURED = LogLevels.root(Level.INFO).with("org.mpactivation", Level.DEBUG);

    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final OutputStream originalSink;
    private final LogLevels originalLevels;

    private LogCapture() {
        originalSink = JsonLog.setSink(synchronizedStream(logged));
        originalLevels = JsonLog.setLevels(CAPTURED);
        System.setOut(new PrintStream(synchronizedStream(printed), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(synchronizedStream(printed), true, StandardCharsets.UTF_8));
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** The lines the logging backend wrote (each one JSON object). */
    public List<String> loggedLines() {
        return lines(logged);
    }

    /** The lines written to standard output and standard error (log lines among them, and anything else). */
    public List<String> printedLines() {
        return lines(printed);
    }

    /** Everything captured, logged and printed. */
    public List<String> allLines() {
        List<String> all = new ArrayList<>(loggedLines());
        all.addAll(printedLines());
        return all;
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        JsonLog.setSink(originalSink);
        JsonLog.setLevels(originalLevels);
    }

    private static List<String> lines(ByteArrayOutputStream buffer) {
        String text;
        synchronized (buffer) {
            text = buffer.toString(StandardCharsets.UTF_8);
        }
        return Arrays.stream(text.split("\\R")).filter(line -> !line.isBlank()).toList();
    }

    private static OutputStream synchronizedStream(ByteArrayOutputStream buffer) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (buffer) {
                    buffer.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (buffer) {
                    buffer.write(bytes, offset, length);
                }
            }
        };
    }
}
