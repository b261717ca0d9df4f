package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The limits across sessions: a new activation session (a new marketplace token) brings neither new
 * codes nor new guesses for an address, an account or a client.
 */
class VerificationCodesLimitsTest {

    private static final String EMAIL = "ada@example.com";
    private static final CodePurpose PURPOSE = CodePurpose.REGISTER_EMAIL;
    private static final long HOUR = Duration.ofHours(1).toSeconds();

    private final ActivationFixture fx = new ActivationFixture();
    private final VerificationCodes codes = fx.codes;
    private final CodeLimits limits = CodeLimits.standard();

    @Test
    void givenHundredSendsToOneAddressEachFromANewSession_thenOnlyTheCapIsMailedAndTheRestAreToldTheWait() {
        List<CodeLimitException> refused = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            fx.clock.advance(Duration.ofSeconds(1));
            try {
                codes.send(CodeRequest.to("session-" + i, PURPOSE, EMAIL, client(i)), Locale.ENGLISH);
            } catch (CodeLimitException e) {
                refused.add(e);
            }
        }

        int cap = limits.sendsPerAddress().max();
        assertEquals(cap, fx.mailer.sent().size());
        assertEquals(100 - cap, refused.size());
        assertTrue(refused.stream().allMatch(e -> e.kind() == CodeLimitException.Kind.ADDRESS));
        CodeLimitException last = refused.get(refused.size() - 1);
        assertEquals(HOUR - 99, last.secondsLeft(), "the window runs from the first code mailed");
        assertEquals(59, last.minutesLeft());
    }

    @Test
    void givenAddressAtItsCap_thenOtherAddressesAndLaterWindowsAreUnaffected() {
        int cap = limits.sendsPerAddress().max();
        for (int i = 0; i < cap; i++) {
            codes.send(CodeRequest.to("session-" + i, PURPOSE, EMAIL, client(i)), Locale.ENGLISH);
        }
        assertThrows(CodeLimitException.class,
                () -> codes.send(CodeRequest.to("session-x", PURPOSE, EMAIL, client(99)), Locale.ENGLISH));

        codes.send(CodeRequest.to("session-x", PURPOSE, "grace@example.com", client(99)), Locale.ENGLISH);
        fx.clock.advance(Duration.ofHours(1));
        codes.send(CodeRequest.to("session-y", PURPOSE, EMAIL, client(98)), Locale.ENGLISH);

        assertEquals(cap + 2, fx.mailer.sent().size());
    }

    @Test
    void givenOneClientAskingForCodesToManyAddresses_thenItIsCappedAcrossAddressesAndOtherClientsAreNot() {
        List<CodeLimitException> refused = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            try {
                codes.send(CodeRequest.to("session-" + i, PURPOSE, "buyer" + i + "@example.com", "203.0.113.7"),
                        Locale.ENGLISH);
            } catch (CodeLimitException e) {
                refused.add(e);
            }
        }

        int cap = limits.sendsPerClient().max();
        assertEquals(cap, fx.mailer.sent().size());
        assertTrue(refused.stream().allMatch(e -> e.kind() == CodeLimitException.Kind.CLIENT));
        codes.send(CodeRequest.to("session-other", PURPOSE, "buyer99@example.com", "203.0.113.8"), Locale.ENGLISH);
        assertEquals(cap + 1, fx.mailer.sent().size(), "another client, and the address the first was refused");
    }

    @Test
    void givenIpv6Clients_thenOneSlash64CountsAsOneClient() {
        int cap = limits.sendsPerClient().max();
        for (int i = 0; i < cap; i++) {
            codes.send(CodeRequest.to("session-" + i, PURPOSE, "buyer" + i + "@example.com",
                    "2001:db8:1:2::" + Integer.toHexString(i + 1)), Locale.ENGLISH);
        }

        CodeLimitException e = assertThrows(CodeLimitException.class, () -> codes.send(CodeRequest.to("session-x",
                PURPOSE, "late@example.com", "2001:db8:1:2:ffff:ffff:ffff:fffe"), Locale.ENGLISH));
        assertEquals(CodeLimitException.Kind.CLIENT, e.kind());
        codes.send(CodeRequest.to("session-y", PURPOSE, "late@example.com", "2001:db8:1:3::1"), Locale.ENGLISH);
    }

    @Test
    void givenFiftyParallelSendsFromOneClient_thenNoMoreThanItsCapAreMailed() throws Exception {
        List<Object> outcomes = inParallel(50, i -> () -> {
            codes.send(CodeRequest.to("session-" + i, PURPOSE, "buyer" + i + "@example.com", "198.51.100.20"),
                    Locale.ENGLISH);
            return "sent";
        });

        assertEquals(limits.sendsPerClient().max(), fx.mailer.sent().size());
        assertEquals(50 - limits.sendsPerClient().max(), outcomes.stream()
                .filter(o -> o instanceof CodeLimitException e && e.kind() == CodeLimitException.Kind.CLIENT).count(),
                outcomes.toString());
    }

    @Test
    void givenFiftyParallelSendsToOneAddressFromManyClients_thenNoMoreThanItsCapAreMailed() throws Exception {
        List<Object> outcomes = inParallel(50, i -> () -> {
            codes.send(CodeRequest.to("session-" + i, PURPOSE, EMAIL, client(i)), Locale.ENGLISH);
            return "sent";
        });

        assertEquals(limits.sendsPerAddress().max(), fx.mailer.sent().size());
        assertEquals(50 - limits.sendsPerAddress().max(), outcomes.stream()
                .filter(o -> o instanceof CodeLimitException e && e.kind() == CodeLimitException.Kind.ADDRESS).count(),
                outcomes.toString());
    }

    @Test
    void givenWrongCodesForOneAddressOverSeveralSessions_thenTheAddressIsLockedForTheHourEvenWithTheRightCode() {
        int cap = limits.codeChecksPerAccount().max();
        int wrongSoFar = 0;
        int session = 0;
        CodeLimitException locked = null;
        while (locked == null && session < 6) {
            String id = "session-" + session++;
            codes.send(CodeRequest.to(id, PURPOSE, EMAIL, client(session)), Locale.ENGLISH);
            String wrong = wrongCode(fx.mailer.lastCodeTo(EMAIL));
            for (int attempt = 0; attempt < 5 && locked == null; attempt++) {
                try {
                    codes.verify(id, PURPOSE, EMAIL, wrong);
                } catch (CodeRejectedException e) {
                    wrongSoFar++;
                } catch (CodeLimitException e) {
                    locked = e;
                    wrongSoFar++;
                }
            }
        }

        assertEquals(cap, wrongSoFar, "the last wrong code allowed locks the address");
        assertEquals(CodeLimitException.Kind.CODE_CHECKS, locked.kind());
        String id = "session-next";
        codes.send(CodeRequest.to(id, PURPOSE, EMAIL, client(50)), Locale.ENGLISH);
        String right = fx.mailer.lastCodeTo(EMAIL);
        CodeLimitException stillLocked = assertThrows(CodeLimitException.class,
                () -> codes.verify(id, PURPOSE, EMAIL, right));
        assertTrue(stillLocked.secondsLeft() > 0 && stillLocked.secondsLeft() <= HOUR);
        CodeRejectedException withdrawn = assertThrows(CodeRejectedException.class,
                () -> codes.verify(id, PURPOSE, EMAIL, right));
        assertEquals(CodeRejectedException.Reason.EXPIRED_OR_MISSING, withdrawn.reason(),
                "the outstanding code was withdrawn");
    }

    @Test
    void givenAddressLocked_thenAnotherAddressStillVerifiesAndTheLockEndsWithItsWindow() {
        lockAddress(EMAIL);
        codes.send(CodeRequest.to("other", PURPOSE, "grace@example.com", client(60)), Locale.ENGLISH);
        codes.verify("other", PURPOSE, "grace@example.com", fx.mailer.lastCodeTo("grace@example.com"));

        fx.clock.advance(Duration.ofHours(1));
        codes.send(CodeRequest.to("later", PURPOSE, EMAIL, client(61)), Locale.ENGLISH);
        codes.verify("later", PURPOSE, EMAIL, fx.mailer.lastCodeTo(EMAIL));
    }

    @Test
    void givenRightCodes_thenEachCheckCountsAgainstTheCapAndNoneIsGivenBack() {
        CodePolicy generous = CodePolicy.standard().withLimits(new CodeLimits(CodeLimits.Limit.perHour(100),
                CodeLimits.Limit.perHour(100), CodeLimits.Limit.perHour(100), CodeLimits.Limit.perHour(2)));
        ActivationFixture own = new ActivationFixture(new FastPasswordHasher(), generous);
        for (int i = 0; i < 2; i++) {
            own.codes.send(CodeRequest.to("session-" + i, PURPOSE, EMAIL, client(i)), Locale.ENGLISH);
            own.codes.verify("session-" + i, PURPOSE, EMAIL, own.mailer.lastCodeTo(EMAIL));
        }
        own.codes.send(CodeRequest.to("session-2", PURPOSE, EMAIL, client(2)), Locale.ENGLISH);
        String right = own.mailer.lastCodeTo(EMAIL);

        CodeLimitException refused = assertThrows(CodeLimitException.class,
                () -> own.codes.verify("session-2", PURPOSE, EMAIL, right));
        assertEquals(CodeLimitException.Kind.CODE_CHECKS, refused.kind());
    }

    @Test
    void givenEveryCodeAnAddressMayBeMailedInAnHourEnteredRightAfterOneTypo_thenTheStandardCapStillAcceptsThem() {
        for (int i = 0; i < limits.sendsPerAddress().max(); i++) {
            String id = "flow-" + i;
            codes.send(CodeRequest.to(id, PURPOSE, EMAIL, client(i)), Locale.ENGLISH);
            String right = fx.mailer.lastCodeTo(EMAIL);
            assertThrows(CodeRejectedException.class, () -> codes.verify(id, PURPOSE, EMAIL, wrongCode(right)));
            codes.verify(id, PURPOSE, EMAIL, right);
        }
    }

    @Test
    void givenManyParallelWrongGuessesAcrossSessions_thenNoMoreThanTheCapAreCompared() throws Exception {
        CodePolicy manySends = CodePolicy.standard().withLimits(new CodeLimits(CodeLimits.Limit.perHour(100),
                CodeLimits.Limit.perHour(100), CodeLimits.Limit.perHour(100), CodeLimits.Limit.perHour(10)));
        ActivationFixture own = new ActivationFixture(new FastPasswordHasher(), manySends);
        for (int i = 0; i < 10; i++) {
            own.codes.send(CodeRequest.to("session-" + i, PURPOSE, EMAIL, client(i)), Locale.ENGLISH);
        }
        String right = own.mailer.lastCodeTo(EMAIL);

        List<Object> outcomes = inParallel(40, i -> () -> {
            own.codes.verify("session-" + (i % 10), PURPOSE, EMAIL, wrongCode(right, i));
            return "accepted";
        });

        long wrongAnswers = outcomes.stream().filter(o -> o instanceof CodeRejectedException e
                && (e.reason() == CodeRejectedException.Reason.WRONG
                || e.reason() == CodeRejectedException.Reason.TOO_MANY_ATTEMPTS)).count();
        assertTrue(wrongAnswers <= 9, "at most the cap compared (the last one locks): " + outcomes);
        own.codes.send(CodeRequest.to("session-after", PURPOSE, EMAIL, client(11)), Locale.ENGLISH);
        String fresh = own.mailer.lastCodeTo(EMAIL);
        assertThrows(CodeLimitException.class, () -> own.codes.verify("session-after", PURPOSE, EMAIL, fresh));
    }

    @Test
    void givenSendRefusedOverALimit_thenTheSessionsOutstandingCodeIsWithdrawn() {
        codes.send(CodeRequest.to("mine", PURPOSE, EMAIL, client(0)), Locale.ENGLISH);
        String mine = fx.mailer.lastCodeTo(EMAIL);
        for (int i = 1; i < limits.sendsPerAddress().max(); i++) {
            codes.send(CodeRequest.to("session-" + i, PURPOSE, EMAIL, client(i)), Locale.ENGLISH);
        }
        fx.clock.advance(Duration.ofMinutes(2));

        assertThrows(CodeLimitException.class,
                () -> codes.send(CodeRequest.to("mine", PURPOSE, EMAIL, client(0)), Locale.ENGLISH));

        CodeRejectedException e = assertThrows(CodeRejectedException.class,
                () -> codes.verify("mine", PURPOSE, EMAIL, mine));
        assertEquals(CodeRejectedException.Reason.EXPIRED_OR_MISSING, e.reason());
    }

    private void lockAddress(String email) {
        int cap = limits.codeChecksPerAccount().max();
        for (int session = 0; cap > 0; session++) {
            String id = "lock-" + session;
            codes.send(CodeRequest.to(id, PURPOSE, email, client(200 + session)), Locale.ENGLISH);
            String wrong = wrongCode(fx.mailer.lastCodeTo(email));
            for (int attempt = 0; attempt < 5 && cap > 0; attempt++, cap--) {
                assertThrows(RuntimeException.class, () -> codes.verify(id, PURPOSE, email, wrong));
            }
        }
    }

    private static List<Object> inParallel(int threads, IntFunction<Callable<Object>> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Object>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Callable<Object> call = task.apply(i);
            futures.add(pool.submit(() -> {
                go.await();
                try {
                    return call.call();
                } catch (CodeLimitException | CodeRejectedException e) {
                    return e;
                }
            }));
        }
        go.countDown();
        List<Object> outcomes = new ArrayList<>();
        for (Future<Object> future : futures) {
            outcomes.add(future.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        return outcomes;
    }

    /** A different client for each {@code n}, so that only the address's limit applies. */
    private static String client(int n) {
        return "192.0.2." + (n % 250 + 1);
    }

    private static String wrongCode(String right) {
        return wrongCode(right, 0);
    }

    private static String wrongCode(String right, int n) {
        return String.format(Locale.ROOT, "%06d", (Integer.parseInt(right) + 1 + n) % 1_000_000);
    }
}
