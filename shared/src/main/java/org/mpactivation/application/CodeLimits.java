package org.mpactivation.application;

import java.time.Duration;

/**
 * How many e-mail codes may be asked for and how many wrong ones entered, across sessions: a new
 * activation session brings no new allowance. A buyer asks for one or two codes per address and
 * mistypes one now and then; these caps are several times that, and far below what a script that
 * mails or guesses needs.
 *
 * @param sendsPerAddress      codes mailed to one e-mail address
 * @param sendsPerAccount      codes asked for one existing account (the Billing Center username
 *                             typed on the bind page, whether or not it exists)
 * @param sendsPerClient       codes asked for from one client network address, to any address
 * @param wrongCodesPerAddress wrong codes entered for one address (so for the account it belongs
 *                             to), in any session
 */
public record CodeLimits(Limit sendsPerAddress, Limit sendsPerAccount, Limit sendsPerClient,
                         Limit wrongCodesPerAddress) {

    /** At most {@code max} within {@code window} from the first. */
    public record Limit(int max, Duration window) {

        public Limit {
            if (max < 0 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a limit needs a cap of 0 or more and a positive window");
            }
        }

        public static Limit perHour(int max) {
            return new Limit(max, Duration.ofHours(1));
        }
    }

    public static CodeLimits standard() {
        return new CodeLimits(Limit.perHour(6), Limit.perHour(6), Limit.perHour(20), Limit.perHour(10));
    }
}
