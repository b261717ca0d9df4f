package org.mpactivation.observability.log;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.event.Level;

/**
 * Which levels each logger writes: a level per logger-name prefix, the longest prefix that ends on a dot
 * boundary winning ({@code org.mpactivation.app} covers {@code org.mpactivation.app.X}, not
 * {@code org.mpactivation.application}), the root's for every other name. Immutable: a change makes a new
 * table.
 */
public final class LogLevels {

    /** The root logger's key; {@code ROOT} (SLF4J's root logger name) and the empty name both mean it. */
    private static final String ROOT = "";
    /** Above ERROR: nothing is written. */
    static final int OFF = Integer.MAX_VALUE;

    /** Production: INFO, the AWS SDK's chatter from WARN. */
    public static final LogLevels DEFAULTS = root(Level.INFO).with("software.amazon.awssdk", Level.WARN);

    private final Map<String, Integer> thresholds;

    private LogLevels(Map<String, Integer> thresholds) {
        this.thresholds = thresholds;
    }

    /** Only a root level: every logger at {@code level}. */
    public static LogLevels root(Level level) {
        Map<String, Integer> thresholds = new HashMap<>();
        thresholds.put(ROOT, level.toInt());
        return new LogLevels(thresholds);
    }

    /**
     * This table with {@code logger} (and the loggers below it) at {@code level}; a null level removes the
     * logger's own level, so that it takes its parent's (the root's level cannot be removed).
     */
    public LogLevels with(String logger, Level level) {
        return withThreshold(logger, level == null ? null : level.toInt());
    }

    /** The level a logger of that name writes from (OFF where nothing is written). */
    public String levelOf(String logger) {
        int threshold = threshold(logger);
        return threshold == OFF ? "OFF" : Level.intToLevel(threshold).toString();
    }

    int threshold(String logger) {
        if (logger == null || isRoot(logger)) {
            return thresholds.get(ROOT);
        }
        // the name itself, then each shorter prefix ending before a dot: each pass shortens it
        for (String name = logger; !name.isEmpty(); name = name.substring(0, Math.max(name.lastIndexOf('.'), 0))) {
            Integer threshold = thresholds.get(name);
            if (threshold != null) {
                return threshold;
            }
        }
        return thresholds.get(ROOT);
    }

    /**
     * The levels {@code spec} sets over {@code base}: entries separated by commas, the first one a bare level
     * for the root ({@code WARN}), the others {@code logger=LEVEL}; levels TRACE, DEBUG, INFO, WARN, ERROR or
     * OFF, in any case. An entry that is not one of those is left out, with a line on {@code errors} naming
     * {@code source}: a typo in a setting never keeps a function from starting.
     */
    public static LogLevels parse(String spec, LogLevels base, String source, PrintStream errors) {
        if (spec == null) {
            return base;
        }
        LogLevels levels = base;
        String[] entries = spec.split(",");
        for (int index = 0; index < entries.length; index++) {
            String entry = entries[index].trim();
            if (entry.isEmpty()) {
                continue;
            }
            LogLevels parsed = entry(levels, entry, index == 0);
            if (parsed == null) {
                errors.println(source + ": ignored the entry \"" + entry
                        + "\" (expected LEVEL first, then logger=LEVEL; LEVEL one of TRACE, DEBUG, INFO, WARN,"
                        + " ERROR, OFF)");
            } else {
                levels = parsed;
            }
        }
        return levels;
    }

    private static LogLevels entry(LogLevels levels, String entry, boolean first) {
        int equals = entry.indexOf('=');
        if (equals < 0) {
            Integer threshold = first ? levelValue(entry) : null;
            return threshold == null ? null : levels.withThreshold(ROOT, threshold);
        }
        String logger = entry.substring(0, equals).trim();
        Integer threshold = levelValue(entry.substring(equals + 1).trim());
        if (logger.isEmpty() || threshold == null || logger.indexOf('=') >= 0 || logger.indexOf(' ') >= 0) {
            return null;
        }
        return levels.withThreshold(logger, threshold);
    }

    private static Integer levelValue(String level) {
        switch (level.toUpperCase(java.util.Locale.ROOT)) {
            case "TRACE":
                return Level.TRACE.toInt();
            case "DEBUG":
                return Level.DEBUG.toInt();
            case "INFO":
                return Level.INFO.toInt();
            case "WARN":
                return Level.WARN.toInt();
            case "ERROR":
                return Level.ERROR.toInt();
            case "OFF":
                return OFF;
            default:
                return null;
        }
    }

    private LogLevels withThreshold(String logger, Integer threshold) {
        String key = isRoot(logger) ? ROOT : logger;
        Map<String, Integer> changed = new HashMap<>(thresholds);
        if (threshold != null) {
            changed.put(key, threshold);
        } else if (!key.equals(ROOT)) {
            changed.remove(key);
        }
        return new LogLevels(changed);
    }

    private static boolean isRoot(String logger) {
        return logger.isEmpty() || org.slf4j.Logger.ROOT_LOGGER_NAME.equalsIgnoreCase(logger);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogLevels && ((LogLevels) other).thresholds.equals(thresholds);
    }

    @Override
    public int hashCode() {
        return thresholds.hashCode();
    }

    @Override
    public String toString() {
        return "LogLevels" + thresholds;
    }
}
