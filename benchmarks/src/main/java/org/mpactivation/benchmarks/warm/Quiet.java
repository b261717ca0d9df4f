package org.mpactivation.benchmarks.warm;

import org.mpactivation.observability.log.JsonLog;
import org.slf4j.event.Level;

/** The benchmarks print figures; a log line per request would drown them. */
public final class Quiet {

    private Quiet() {
    }

    public static void logs() {
        JsonLog.setLevel(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.WARN);
        // the placeholder console URLs of the default sites are what a benchmark runs with
        JsonLog.setLevel("org.mpactivation.config.SiteSettings", Level.ERROR);
    }
}
