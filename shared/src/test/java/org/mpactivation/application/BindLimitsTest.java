package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.mpactivation.domain.ActivationSession;

/**
 * The "30 wrong codes for one account over 6 sessions" case: the codes checked for one Billing Center
 * account are counted across sessions, and a username without an account meets the same limits
 * with the same answers.
 */
class BindLimitsTest {

    private final ActivationFixture fx = new ActivationFixture();
    private final CodeLimits limits = CodeLimits.standard();
    private int customers;

    @Test
    void givenWrongCodesForOneAccountOverSeveralSessions_thenTheAccountLocksAtItsCapAndTheRightCodeIsRefused() {
        fx.register("cust-owner", "ada", "ada@example.com");

        List<String> answers = guessWrong("ada", limits.codeChecksPerAccount().max() / 5 + 1);

        assertEquals(limits.codeChecksPerAccount().max() - 1, answers.indexOf("LIMIT CODE_CHECKS"),
                "the last wrong code allowed locks the account: " + answers);
        ActivationSession last = fx.arrive("cust-last", "acct-last").session();
        fx.billingAccountBinding.sendCode(last, "ada", Locale.ENGLISH, "192.0.2.200");
        String right = fx.mailer.lastCodeTo("ada@example.com");
        CodeLimitException locked = assertThrows(CodeLimitException.class,
                () -> fx.billingAccountBinding.confirm(fx.reload(last), right));
        assertEquals(CodeLimitException.Kind.CODE_CHECKS, locked.kind());
        assertFalse(fx.reload(last).hasBillingAccount());
    }

    @Test
    void givenTheSameGuessingForAKnownAndAnUnknownUsername_thenTheAnswersAreTheSame() {
        fx.register("cust-owner", "ada", "ada@example.com");

        List<String> known = guessWrong("ada", 6);

        assertEquals(known, guessWrong("nobody", 6));
        assertEquals(limits.codeChecksPerAccount().max() - 1, known.indexOf("LIMIT CODE_CHECKS"), known.toString());
    }

    @Test
    void givenTooManyCodesAskedForOneUsername_thenKnownAndUnknownAreRefusedAlike() {
        fx.register("cust-owner", "ada", "ada@example.com");

        assertEquals(askForCodes("ada", 10), askForCodes("nobody", 10));
    }

    @Test
    void givenTooManyCodesAskedForOneConsoleAddress_thenOneWithAnAccountIsRefusedLikeOneWithout() {
        fx.register("cust-owner", "ada", "ada@example.com");
        ActivationSession bound = fx.bindBillingAccount(fx.arrive("cust-bound", "acct-bound").session(), "ada",
                "ada@example.com");

        assertEquals(askForConsoleCodes(bound, "ada@example.com"), askForConsoleCodes(bound, "ava@example.com"));
    }

    private List<String> askForConsoleCodes(ActivationSession session, String email) {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            fx.clock.advance(java.time.Duration.ofSeconds(61));
            try {
                answers.add(fx.workspaceCreation.sendCodeToConsoleAccount(fx.reload(session), email, Locale.ENGLISH,
                        "198.51.100." + i));
            } catch (CodeLimitException e) {
                answers.add("LIMIT " + e.kind() + " " + e.field());
            }
        }
        return answers;
    }

    private List<String> askForCodes(String username, int times) {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            ActivationSession session = fx.arrive("cust-" + ++customers, "acct-" + customers).session();
            try {
                answers.add(fx.billingAccountBinding.sendCode(session, username, Locale.ENGLISH,
                        "192.0.2." + customers).replace(username, "{name}"));
            } catch (CodeLimitException e) {
                answers.add("LIMIT " + e.kind() + " " + e.field() + " " + e.minutesLeft());
            }
        }
        return answers;
    }

    /** Sessions, each asking for a code and entering five wrong ones: what each answer was. */
    private List<String> guessWrong(String username, int sessions) {
        List<String> answers = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            ActivationSession session = fx.arrive("cust-" + ++customers, "acct-" + customers).session();
            try {
                fx.billingAccountBinding.sendCode(session, username, Locale.ENGLISH, "192.0.2." + customers);
            } catch (CodeLimitException e) {
                answers.add("LIMIT " + e.kind());
                continue;
            }
            for (int attempt = 0; attempt < 5; attempt++) {
                try {
                    fx.billingAccountBinding.confirm(fx.reload(session), "000000".equals(lastCode(username))
                            ? "000001" : "000000");
                    answers.add("BOUND");
                } catch (CodeRejectedException e) {
                    answers.add(e.reason() + " " + e.attemptsLeft());
                } catch (CodeLimitException e) {
                    answers.add("LIMIT " + e.kind());
                }
            }
        }
        return answers;
    }

    private String lastCode(String username) {
        return "ada".equals(username) ? fx.mailer.lastCodeTo("ada@example.com") : "";
    }
}
