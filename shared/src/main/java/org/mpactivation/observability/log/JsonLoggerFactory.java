package org.mpactivation.observability.log;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * The loggers, one per name, their levels, and where their lines go. Each line is encoded whole into a
 * buffer, then written to the sink in one call followed by a flush, under a lock: lines of concurrent
 * threads never interleave.
 */
final class JsonLoggerFactory implements ILoggerFactory {

    private final ConcurrentMap<String, JsonLogger> loggers = new ConcurrentHashMap<>();
    private final JsonLogMdc mdc;
    private final Object writeLock = new Object();
    /** Guards level changes and logger creation, so that no logger keeps a level from before a change. */
    private final Object levelLock = new Object();
    private volatile LogLevels levels;
    /** Null: the {@code System.out} of the moment the line is written. */
    private volatile OutputStream sink;

    JsonLoggerFactory(LogLevels levels, OutputStream sink, JsonLogMdc mdc) {
        this.levels = levels;
        this.sink = sink;
        this.mdc = mdc;
    }

    @Override
    public Logger getLogger(String name) {
        JsonLogger logger = loggers.get(name);
        if (logger != null) {
            return logger;
        }
        // no lambda (computeIfAbsent's would bootstrap method handles at the first log call of a cold start)
        synchronized (levelLock) {
            logger = loggers.get(name);
            if (logger == null) {
                logger = new JsonLogger(name, this, levels.threshold(name));
                loggers.put(name, logger);
            }
            return logger;
        }
    }

    JsonLogMdc mdc() {
        return mdc;
    }

    LogLevels levels() {
        return levels;
    }

    /** Replaces the levels of every logger, present and future; returns the levels replaced. */
    LogLevels levels(LogLevels replacement) {
        if (replacement == null) {
            throw new IllegalArgumentException("levels cannot be null");
        }
        synchronized (levelLock) {
            LogLevels previous = levels;
            levels = replacement;
            for (JsonLogger logger : loggers.values()) {
                logger.threshold(replacement.threshold(logger.getName()));
            }
            return previous;
        }
    }

    /** Sets one logger's level (null: its parent's); returns the levels replaced. */
    LogLevels level(String logger, Level level) {
        synchronized (levelLock) {
            return levels(levels.with(logger, level));
        }
    }

    OutputStream sink() {
        return sink;
    }

    /** Sends the lines to {@code replacement} (null: standard output); returns the sink replaced. */
    OutputStream sink(OutputStream replacement) {
        synchronized (writeLock) {
            OutputStream previous = sink;
            sink = replacement;
            return previous;
        }
    }

    void write(String logger, Level level, String message, Object[] arguments, Throwable throwable) {
        byte[] line;
        int length;
        try {
            JsonLineEncoder.Buffer buffer = JsonLineEncoder.encode(System.currentTimeMillis(), level.toString(),
                    Thread.currentThread().getName(), logger, mdc.current(), message, arguments, throwable);
            line = buffer.bytes();
            length = buffer.size();
        } catch (IOException | RuntimeException e) {
            System.err.println("could not write a log line of " + logger + ": " + e);
            return;
        }
        synchronized (writeLock) {
            OutputStream target = sink != null ? sink : System.out;
            try {
                target.write(line, 0, length);
                target.flush();
            } catch (IOException e) {
                // nowhere left to say it: the line is lost, the caller goes on
            }
        }
    }
}
