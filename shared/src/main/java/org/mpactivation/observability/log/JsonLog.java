package org.mpactivation.observability.log;

import java.io.OutputStream;
import org.slf4j.event.Level;

/**
 * The logging backend's controls. At start the levels are {@link LogLevels#DEFAULTS} with, over them, those
 * of the system property {@code mpactivation.log.levels}, else of the environment variable {@code LOG_LEVELS}
 * (see {@link LogLevels#parse}). Tests and benchmarks change them at run time, and where the lines go; each
 * change returns what it replaced, to be given back.
 */
public final class JsonLog {

    /** The system property of the levels (the tests' build sets it). */
    public static final String LEVELS_PROPERTY = "mpactivation.log.levels";
    /** The environment variable of the levels (a function's settings). */
    public static final String LEVELS_VARIABLE = "LOG_LEVELS";

    private static final JsonLoggerFactory FACTORY = new JsonLoggerFactory(startLevels(), null, new JsonLogMdc());

    private JsonLog() {
    }

    static JsonLoggerFactory factory() {
        return FACTORY;
    }

    private static LogLevels startLevels() {
        String property = System.getProperty(LEVELS_PROPERTY);
        if (property != null) {
            return LogLevels.parse(property, LogLevels.DEFAULTS, LEVELS_PROPERTY, System.err);
        }
        return LogLevels.parse(System.getenv(LEVELS_VARIABLE), LogLevels.DEFAULTS, LEVELS_VARIABLE, System.err);
    }

    /** The levels in force. */
    public static LogLevels levels() {
        return FACTORY.levels();
    }

    /** Puts {@code levels} in force for every logger; returns the levels they replace. */
    public static LogLevels setLevels(LogLevels levels) {
        return FACTORY.levels(levels);
    }

    /**
     * Sets the level of {@code logger} and the loggers below it ({@code ROOT}: the root's); null gives it its
     * parent's. Returns the levels in force before.
     */
    public static LogLevels setLevel(String logger, Level level) {
        return FACTORY.level(logger, level);
    }

    /** Where the lines go; null: standard output (the {@code System.out} of the moment each line is written). */
    public static OutputStream sink() {
        return FACTORY.sink();
    }

    /**
     * Sends the lines to {@code sink}, each one in a single {@code write} then a {@code flush} (null: back to
     * standard output). Returns the sink replaced.
     */
    public static OutputStream setSink(OutputStream sink) {
        return FACTORY.sink(sink);
    }
}
