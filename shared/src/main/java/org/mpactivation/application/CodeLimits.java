package org.mpactivation.application;

import java.time.Duration;

/**
 * How many e-mail codes may be asked for and how many wrong ones entered, across sessions: a new
 * activation session brings no new allowance. A buyer asks for one or two codes per address and
 * mistypes one now and then; these caps are several times that, and far below what a script that
 * mails or guesses needs.
 *
 * @param sendsPerAddress      codes mailed to one e-mail address that the buyer typed (registration, a
 *                             new console account)
 * @param sendsPerAccount      codes asked for one existing account named by the buyer (the Billing
 *                             Center username typed on the bind page: a name without an account
 *                             counts alike, so the limit does not tell whether it exists)
 * @param sendsPerClient       codes asked for from one client network, to any address or account
 * @param wrongCodesPerAccount wrong codes entered for one account (for a code that proves an
 *                             address, that address), in any session
 */
public record CodeLimits(Limit sendsPerAddress, Limit sendsPerAccount, Limit sendsPerClient,
                         Limit wrongCodesPerAccount) {

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
