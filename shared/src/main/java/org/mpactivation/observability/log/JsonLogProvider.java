package org.mpactivation.observability.log;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/** What SLF4J finds through {@code META-INF/services}: the JSON line loggers and their MDC. */
public final class JsonLogProvider implements SLF4JServiceProvider {

    // SLF4J asks for the MDC adapter before it calls initialize()
    private final JsonLoggerFactory loggerFactory = JsonLog.factory();
    private final IMarkerFactory markerFactory = new BasicMarkerFactory();

    @Override
    public void initialize() {
        // everything is ready at construction
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return loggerFactory.mdc();
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
