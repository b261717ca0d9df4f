package org.mpactivation.application;

import java.time.Duration;

/**
 * How many e-mail codes may be asked for and how many entered, across sessions: a new activation
 * session brings no new allowance. A buyer asks for one or two codes per address and mistypes one
 * now and then; these caps are several times that, and far below what a script that mails or
 * guesses needs.
 *
 * @param sendsPerAddress      codes mailed to one e-mail address that the buyer typed (registration, a
 *                             new console account)
 * @param sendsPerAccount      codes asked for one existing account named by the buyer (the Billing
 *                             Center username typed on the bind page: a name without an account
 *                             counts alike, so the limit does not tell whether it exists)
 * @param sendsPerClient       codes asked for from one client network, to any address or account
 * @param codeChecksPerAccount codes checked, right or wrong, for one account (for a code that
 *                             proves an address, that address), in any session: each check is
 *                             counted before the comparison and kept, so the cap bounds the guesses
 *                             compared without a second write after a right code
 */
public record CodeLimits(Limit sendsPerAddress, Limit sendsPerAccount, Limit sendsPerClient,
                         Limit codeChecksPerAccount) {

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

    /**
     * Six codes per address or account an hour, twenty per client network, and sixteen code checks
     * per account or address: the ten wrong codes an hour that were allowed when right ones did not
     * count, plus one right code for each of the six codes an address or account may be mailed in
     * that hour. A buyer who gets a code right in every flow of the hour, mistyping now and then, is
     * not locked out; a guesser still compares at most sixteen of a million codes an hour.
     */
    public static CodeLimits standard() {
        return new CodeLimits(Limit.perHour(6), Limit.perHour(6), Limit.perHour(20), Limit.perHour(16));
    }
}
