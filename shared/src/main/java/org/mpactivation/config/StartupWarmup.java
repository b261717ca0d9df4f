package org.mpactivation.config;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Starts, on a daemon thread, JDK work that every function's first request needs, that depends on
 * nothing of ours and that takes no lock the function's own start-up waits for, so that it runs on a
 * spare core while the function builds itself instead of on the request's path. Each handler (and
 * the Azure host) calls {@link #begin} first thing in its static initializer; later calls do nothing.
 *
 * <p>What it starts:
 * <ul>
 *   <li>opening the class path's jars, by looking up SLF4J's provider file as SLF4J's service loader
 *       will: with a class-data archive (AppCDS, the JDK 25 AOT cache) the classes come from the
 *       archive, and that lookup is the first to read each jar's directory (about 5 ms for a Lambda
 *       jar); without one, the jars are open already and the lookup is cheap;</li>
 *   <li>{@code BigDecimal}'s static initializer, which Jackson's parser needs for its constants (the
 *       first event or answer read): 15–18 ms in a fresh JDK 25 JVM on this project's benchmark
 *       machine (it multiplies large powers of ten), under 1 ms on JDK 17.</li>
 * </ul>
 * Not started here, after measuring: the security providers (HMAC, {@code SecureRandom}). They load
 * behind one lock, so the function's own {@code SecureRandom} waited for every provider up to HMAC's,
 * elliptic curves included, and its start-up took longer by as much as its first request saved.
 *
 * <p>Nothing here changes behaviour: whichever thread reaches a class or a jar first initializes or
 * opens it and the other waits for it, so a failure here (ignored) recurs, and is reported, where the function needs
 * it. Where only one core is free, the work costs what it would have cost anyway.
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

    private static void run() {
        try {
            // SLF4J's lookup of its provider reads every jar's directory: with a class-data archive,
            // classes come from the archive and this lookup is the first to open the jars
            Enumeration<URL> providers = StartupWarmup.class.getClassLoader()
                    .getResources("META-INF/services/org.slf4j.spi.SLF4JServiceProvider");
            while (providers.hasMoreElements()) {
                providers.nextElement();
            }
            Class.forName("java.math.BigDecimal");
        } catch (IOException | ReflectiveOperationException | LinkageError ignored) {
            // the function's own first use reports it
        }
    }
}
