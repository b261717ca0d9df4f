package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.mpactivation.port.out.EmailMessage;
import org.mpactivation.port.out.MailDeliveryException;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.repository.AllowanceCounters;

class VerificationCodesTest {

    private static final String SESSION = "session-one";
    private static final String EMAIL = "ada@example.com";

    private final ActivationFixture fx = new ActivationFixture();
    private final VerificationCodes codes = fx.codes;

    @Test
    void givenSentCode_thenSixDigitsAreMailedToTheAddress() {
        codes.send(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, Locale.ENGLISH);

        List<EmailMessage> sent = fx.mailer.sent();
        assertEquals(1, sent.size());
        assertEquals(EMAIL, sent.get(0).to());
        assertTrue(fx.mailer.lastCodeTo(EMAIL).matches("[0-9]{6}"));
        assertTrue(sent.get(0).textBody().contains("10 minutes"), sent.get(0).textBody());
    }

    @Test
    void givenChineseLocale_thenTheMailIsInChinese() {
        codes.send(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, Locale.CHINESE);

        assertEquals("您的验证码", fx.mailer.sent().get(0).subject());
    }

    @Test
    void givenSentCode_thenTheStoreHoldsOnlyAHashOfIt() {
        fx.random.queueCodes("739104");

        codes.send(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, Locale.ENGLISH);

        assertEquals("739104", fx.mailer.lastCodeTo(EMAIL));
        Map<String, Item> items = fx.recorded.snapshot();
        assertEquals(1, fx.recorded.items("CODE#", "REGISTER_EMAIL#" + EMAIL).size(), items.toString());
        items.forEach((key, item) -> {
            assertFalse(key.contains("739104"), key);
            item.attributes().forEach((name, value) -> assertFalse(value.contains("739104"), name + "=" + value));
        });
    }

    @Test
    void givenRightCode_thenVerifyAccepts() {
        codes.send(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, Locale.ENGLISH);

        codes.verify(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, fx.mailer.lastCodeTo(EMAIL));
    }

    @Test
    void givenCodeJustUnderTenMinutesOld_thenItIsAccepted() {
        codes.send(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, Locale.ENGLISH);
        fx.clock.advance(Duration.ofMinutes(10).minusSeconds(1));

        codes.verify(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, fx.mailer.lastCodeTo(EMAIL));
    }

    @Test
    void givenExpiredCode_thenVerifyIsRefused() {
        codes.send(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, Locale.ENGLISH);
        fx.clock.advance(Duration.ofMinutes(10));

        CodeRejectedException e = assertThrows(CodeRejectedException.class,
                () -> codes.verify(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, fx.mailer.lastCodeTo(EMAIL)));
        assertEquals(CodeRejectedException.Reason.EXPIRED_OR_MISSING, e.reason());
    }

    @Test
    void givenNoCodeSent_thenVerifyIsRefused() {
        CodeRejectedException e = assertThrows(CodeRejectedException.class,
                () -> codes.verify(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, "123456"));
        assertEquals(CodeRejectedException.Reason.EXPIRED_OR_MISSING, e.reason());
    }

    @Test
    void givenWrongCodes_thenAttemptsLeftCountDownAndAfterFiveEvenTheRightCodeIsRefused() {
        codes.send(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, Locale.ENGLISH);
        String right = fx.mailer.lastCodeTo(EMAIL);
        String wrong = wrongCode(right);

        for (int left = 4; left >= 1; left--) {
            CodeRejectedException e = assertThrows(CodeRejectedException.class,
                    () -> codes.verify(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, wrong));
            assertEquals(CodeRejectedException.Reason.WRONG, e.reason());
            assertEquals(left, e.attemptsLeft());
        }
        CodeRejectedException fifth = assertThrows(CodeRejectedException.class,
                () -> codes.verify(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, wrong));
        assertEquals(CodeRejectedException.Reason.TOO_MANY_ATTEMPTS, fifth.reason());
        assertEquals(0, fifth.attemptsLeft());

        CodeRejectedException rightButTooLate = assertThrows(CodeRejectedException.class,
                () -> codes.verify(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, right));
        assertEquals(CodeRejectedException.Reason.TOO_MANY_ATTEMPTS, rightButTooLate.reason());
    }

    @Test
    void givenResendWithinCooldown_thenItIsRefusedWithTheTimeLeft() {
        codes.send(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, Locale.ENGLISH);
        fx.clock.advance(Duration.ofSeconds(20));

        CodeCooldownException e = assertThrows(CodeCooldownException.class,
                () -> codes.send(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, Locale.ENGLISH));
        assertTrue(e.secondsLeft() >= 40 && e.secondsLeft() <= 41, "seconds left " + e.secondsLeft());
        assertEquals(1, fx.mailer.sent().size(), "no second mail within the cooldown");
    }

    @Test
    void givenResendAfterCooldown_thenTheNewCodeReplacesTheOldOne() {
        fx.random.queueCodes("111111", "222222");
        codes.send(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, Locale.ENGLISH);
        fx.clock.advance(Duration.ofSeconds(61));

        codes.send(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, Locale.ENGLISH);

        assertEquals("222222", fx.mailer.lastCodeTo(EMAIL));
        CodeRejectedException old = assertThrows(CodeRejectedException.class,
                () -> codes.verify(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, "111111"));
        assertEquals(CodeRejectedException.Reason.WRONG, old.reason());
        codes.verify(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, "222222");
    }

    @Test
    void givenResendAfterFiveWrongAttempts_thenTheNewCodeHasFreshAttempts() {
        fx.random.queueCodes("111111", "222222");
        codes.send(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, Locale.ENGLISH);
        for (int i = 0; i < 5; i++) {
            assertThrows(CodeRejectedException.class,
                    () -> codes.verify(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, "999999"));
        }
        fx.clock.advance(Duration.ofSeconds(61));

        codes.send(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, Locale.ENGLISH);

        codes.verify(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, "222222");
    }

    @Test
    void givenCodeForOnePurposeSessionAndAddress_thenItFailsForAnyOther() {
        codes.send(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, Locale.ENGLISH);
        String code = fx.mailer.lastCodeTo(EMAIL);

        assertMissing(() -> codes.verify(SESSION, CodePurpose.BIND_BILLING_ACCOUNT, EMAIL, code));
        assertMissing(() -> codes.verify(SESSION, CodePurpose.NEW_CONSOLE_ACCOUNT_EMAIL, EMAIL, code));
        assertMissing(() -> codes.verify("session-two", CodePurpose.REGISTER_EMAIL, EMAIL, code));
        assertMissing(() -> codes.verify(SESSION, CodePurpose.REGISTER_EMAIL, "grace@example.com", code));
        codes.verify(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, code);
    }

    @Test
    void givenTwoSessionsSendingToOneAddress_thenEachCodeOnlyWorksInItsSession() {
        fx.random.queueCodes("111111", "222222");
        codes.send("session-a", CodePurpose.REGISTER_EMAIL, EMAIL, Locale.ENGLISH);
        codes.send("session-b", CodePurpose.REGISTER_EMAIL, EMAIL, Locale.ENGLISH);

        assertThrows(CodeRejectedException.class,
                () -> codes.verify("session-a", CodePurpose.REGISTER_EMAIL, EMAIL, "222222"));
        codes.verify("session-a", CodePurpose.REGISTER_EMAIL, EMAIL, "111111");
        codes.verify("session-b", CodePurpose.REGISTER_EMAIL, EMAIL, "222222");
    }

    @Test
    void givenMailFailure_thenTheCodeIsWithdrawnAndCanBeSentAgainAtOnce() {
        fx.mailer.refuse(true);
        fx.random.queueCodes("314159");

        assertThrows(MailDeliveryException.class,
                () -> codes.send(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, Locale.ENGLISH));

        assertTrue(fx.recorded.items("CODE#", "REGISTER_EMAIL#" + EMAIL).isEmpty(),
                "no code item left: " + fx.recorded.snapshot());
        assertMissing(() -> codes.verify(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, "314159"));
        fx.mailer.refuse(false);
        codes.send(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, Locale.ENGLISH);
        codes.verify(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, fx.mailer.lastCodeTo(EMAIL));
    }

    @Test
    void givenManyConcurrentWrongAttempts_thenExactlyFiveAreCounted() throws Exception {
        codes.send(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, Locale.ENGLISH);
        String right = fx.mailer.lastCodeTo(EMAIL);
        int threads = 40;
        List<CodeRejectedException> rejections = guessConcurrently(threads, i -> wrongCode(right, i));

        assertEquals(threads, rejections.size());
        List<Integer> wrongWithAttemptsLeft = rejections.stream()
                .filter(e -> e.reason() == CodeRejectedException.Reason.WRONG)
                .map(CodeRejectedException::attemptsLeft).sorted().toList();
        assertEquals(List.of(1, 2, 3, 4), wrongWithAttemptsLeft, "each of the first four counted once");
        assertTrue(rejections.stream().filter(e -> e.reason() != CodeRejectedException.Reason.WRONG)
                .allMatch(e -> e.reason() == CodeRejectedException.Reason.TOO_MANY_ATTEMPTS));
        CodeRejectedException afterwards = assertThrows(CodeRejectedException.class,
                () -> codes.verify(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, right));
        assertEquals(CodeRejectedException.Reason.TOO_MANY_ATTEMPTS, afterwards.reason());
    }

    /**
     * A guess whose read of the code item happened before five wrong attempts were counted must not
     * be compared on that stale read: otherwise many parallel requests could try many codes.
     */
    @Test
    void givenRightCodeReadBeforeFiveWrongAttempts_whenCheckedAfterThem_thenItIsRefused() throws Exception {
        codes.send(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, Locale.ENGLISH);
        String right = fx.mailer.lastCodeTo(EMAIL);
        CountDownLatch readDone = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ItemStore pausing = new PausingFirstRead(fx.store, readDone, release);
        VerificationCodes slowRequest = new VerificationCodes(pausing, new AllowanceCounters(pausing, fx.clock), fx.mailer, fx.random, fx.key, fx.clock,
                CodePolicy.standard());
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> guess = pool.submit(() -> slowRequest.verify(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, right));
            assertTrue(readDone.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 5; i++) {
                assertThrows(CodeRejectedException.class,
                        () -> codes.verify(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, wrongCode(right)));
            }
            release.countDown();

            Throwable failure = assertThrows(ExecutionException.class,
                    () -> guess.get(10, TimeUnit.SECONDS)).getCause();
            assertTrue(failure instanceof CodeRejectedException, String.valueOf(failure));
            assertEquals(CodeRejectedException.Reason.TOO_MANY_ATTEMPTS, ((CodeRejectedException) failure).reason());
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }

    private List<CodeRejectedException> guessConcurrently(int threads, IntFunction<String> guess)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<CodeRejectedException>> results = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String code = guess.apply(i);
            results.add(pool.submit(() -> {
                go.await();
                try {
                    codes.verify(SESSION, CodePurpose.REGISTER_EMAIL, EMAIL, code);
                    return null;
                } catch (CodeRejectedException e) {
                    return e;
                }
            }));
        }
        go.countDown();
        List<CodeRejectedException> rejections = new ArrayList<>();
        for (Future<CodeRejectedException> result : results) {
            CodeRejectedException e = result.get(30, TimeUnit.SECONDS);
            if (e != null) {
                rejections.add(e);
            }
        }
        pool.shutdown();
        return rejections;
    }

    private static void assertMissing(Executable verify) {
        CodeRejectedException e = assertThrows(CodeRejectedException.class, verify);
        assertEquals(CodeRejectedException.Reason.EXPIRED_OR_MISSING, e.reason());
    }

    private static String wrongCode(String right) {
        return wrongCode(right, 0);
    }

    /** A six-digit code other than {@code right}, different for each {@code n} below 999,999. */
    private static String wrongCode(String right, int n) {
        int value = (Integer.parseInt(right) + 1 + n) % 1_000_000;
        return String.format(Locale.ROOT, "%06d", value);
    }

    /** Holds the first {@code get} after it read, until the test lets it go on. */
    private static final class PausingFirstRead extends ForwardingItemStore {
        private final CountDownLatch readDone;
        private final CountDownLatch release;
        private boolean paused;

        PausingFirstRead(ItemStore delegate, CountDownLatch readDone, CountDownLatch release) {
            super(delegate);
            this.readDone = readDone;
            this.release = release;
        }

        @Override
        public Optional<Item> get(ItemKey key) {
            Optional<Item> item = delegate.get(key);
            if (!paused) {
                paused = true;
                readDone.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return item;
        }
    }
}
