package org.mpactivation.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * When an hour of usage closes, for the intake and for the metering: three moments, in this order.
 * <ol>
 *   <li>{@link #INTAKE_GRACE} after the hour ends, the intake stops taking records of it;</li>
 *   <li>{@link #WRITE_DEADLINE} after the hour ends, no intake request may still be writing one (a
 *       request that was slower than that stops and says what it stored);</li>
 *   <li>{@link #METERING_GRACE} after the hour ends, the metering may read and sum it.</li>
 * </ol>
 * So every record the intake accepted is stored before the metering reads its hour, and the
 * metering reads the hour's records strongly consistently: a sum that is sent is complete.
 */
public final class UsageHours {

    public static final Duration INTAKE_GRACE = Duration.ofMinutes(10);
    public static final Duration WRITE_DEADLINE = Duration.ofMinutes(14);
    public static final Duration METERING_GRACE = Duration.ofMinutes(15);

    private UsageHours() {
    }

    /** True while the intake takes records of {@code hour} (an hour-aligned instant). */
    public static boolean openForIntake(Instant hour, Instant now) {
        return now.isBefore(end(hour).plus(INTAKE_GRACE));
    }

    /** True while a record of {@code hour} may still be written. */
    public static boolean writable(Instant hour, Instant now) {
        return now.isBefore(end(hour).plus(WRITE_DEADLINE));
    }

    /** Hours before the returned one are closed for the metering at {@code now}: their usage is final. */
    public static Instant meteringClosedBefore(Instant now) {
        return now.minus(METERING_GRACE).truncatedTo(ChronoUnit.HOURS);
    }

    /** When the metering may first read {@code hour}. */
    public static Instant meterableAt(Instant hour) {
        return end(hour).plus(METERING_GRACE);
    }

    private static Instant end(Instant hour) {
        return hour.plus(1, ChronoUnit.HOURS);
    }
}
