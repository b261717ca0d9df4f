package org.mpactivation.observability.log;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;

/** A named logger: checks its level, then hands the call to its factory, which writes the line. */
final class JsonLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    private final transient JsonLoggerFactory factory;
    /** The lowest level written, as {@link Level#toInt()}: set again by the factory when levels change. */
    private volatile int threshold;

    JsonLogger(String name, JsonLoggerFactory factory, int threshold) {
        this.name = name;
        this.factory = factory;
        this.threshold = threshold;
    }

    void threshold(int threshold) {
        this.threshold = threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return threshold <= Level.TRACE.toInt();
    }

    @Override
    public boolean isDebugEnabled() {
        return threshold <= Level.DEBUG.toInt();
    }

    @Override
    public boolean isInfoEnabled() {
        return threshold <= Level.INFO.toInt();
    }

    @Override
    public boolean isWarnEnabled() {
        return threshold <= Level.WARN.toInt();
    }

    @Override
    public boolean isErrorEnabled() {
        return threshold <= Level.ERROR.toInt();
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String message, Object[] arguments,
            Throwable throwable) {
        factory.write(name, level, message, arguments, throwable);
    }
}
