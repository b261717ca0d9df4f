package org.mpactivation.config;

import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.Mac;

/**
 * Starts, on a daemon thread, the JDK work that every function's first request needs and that does
 * not depend on anything of ours, so that it runs on a spare core while the function builds itself
 * instead of on the request's path. Each handler (and the Azure host) calls {@link #begin} first
 * thing in its static initializer; later calls do nothing.
 *
 * <p>What it starts, measured in a fresh JVM on this project's benchmark machine:
 * <ul>
 *   <li>{@code BigDecimal}'s static initializer, which Jackson's parser needs for its constants: 15–18 ms
 *       on JDK 25 (it multiplies large powers of ten), under 1 ms on JDK 17;</li>
 *   <li>the security providers up to the one serving HMAC-SHA256 (the session's keyed hashes, SigV4),
 *       which the JDK loads in their configured order, elliptic curves included: 25–35 ms without a
 *       class-data archive; a TLS connection needs the same providers.</li>
 * </ul>
 * Nothing here changes behaviour: whichever thread reaches a class or provider first initializes it
 * and the other waits for it, so a failure here (ignored) recurs, and is reported, where the
 * function needs the thing. Where only one core is free, the work costs what it would have cost anyway.
 */
public final class StartupWarmup {

    private static final AtomicBoolean STARTED = new AtomicBoolean();

    private StartupWarmup() {
    }

    /** Starts the warm-up once per JVM. */
    public static void begin() {
        if (!STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(StartupWarmup::run, "startup-warmup");
        thread.setDaemon(true);
        thread.start();
    }

    static void run() {
        try {
            Class.forName("java.math.BigDecimal");
            Mac.getInstance("HmacSHA256");
        } catch (ReflectiveOperationException | java.security.GeneralSecurityException | RuntimeException
                 | LinkageError ignored) {
            // the function's own use of the same class reports it
        }
    }
}
