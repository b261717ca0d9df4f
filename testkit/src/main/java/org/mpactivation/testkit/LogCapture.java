package org.mpactivation.testkit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * Captures everything a piece of code logs, as production writes it: an appender with the production
 * JSON encoder on the root logger (our loggers at DEBUG, every other at INFO, whatever the test
 * configuration says), and whatever reaches {@code System.out} and {@code System.err} (kept, not printed:
 * a test that fails names the lines it objects to).
 * Close it to give the loggers and the streams back.
 */
public final class LogCapture implements AutoCloseable {

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Map<Logger, Level> levels = new HashMap<>();
    private final ByteArrayOutputStream logged = new ByteArrayOutputStream();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;
    private final List<Appender<ILoggingEvent>> quieted = new ArrayList<>();

    private LogCapture() {
        for (Logger logger : context.getLoggerList()) {
            levels.put(logger, logger.getLevel());
            if (logger != root()) {
                logger.setLevel(null);
            }
        }
        root().setLevel(Level.INFO);
        context.getLogger("org.mpactivation").setLevel(Level.DEBUG);
        JsonEncoder encoder = new JsonEncoder();
        encoder.setContext(context);
        encoder.setWithSequenceNumber(false);
        encoder.setWithNanoseconds(false);
        encoder.setWithContext(false);
        encoder.setWithArguments(false);
        encoder.setWithFormattedMessage(true);
        encoder.start();
        appender.setContext(context);
        appender.setName("capture");
        appender.setEncoder(encoder);
        appender.setOutputStream(synchronizedStream(logged));
        appender.start();
        // the test configuration's console appender would print every captured line: it waits meanwhile
        root().iteratorForAppenders().forEachRemaining(quieted::add);
        quieted.forEach(root()::detachAppender);
        root().addAppender(appender);
        System.setOut(new PrintStream(synchronizedStream(printed), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(synchronizedStream(printed), true, StandardCharsets.UTF_8));
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    /** The lines the logging library wrote (each one JSON object). */
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
        root().detachAppender(appender);
        appender.stop();
        quieted.forEach(root()::addAppender);
        context.getLogger("org.mpactivation").setLevel(null);
        levels.forEach(Logger::setLevel);
    }

    private Logger root() {
        return context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
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
