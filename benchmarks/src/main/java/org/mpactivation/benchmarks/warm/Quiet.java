package org.mpactivation.benchmarks.warm;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** The benchmarks print figures; a log line per request would drown them. */
public final class Quiet {

    private Quiet() {
    }

    public static void logs() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        // the placeholder console URLs of the default sites are what a benchmark runs with
        ((Logger) LoggerFactory.getLogger("org.mpactivation.config.SiteSettings")).setLevel(Level.ERROR);
    }
}
