package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.StoreUnavailableException;

/**
 * <em>Activate</em> is a saga of single-item writes. Whichever write a crash interrupts, and
 * whether or not that write reached the store, running the step again must end in exactly the
 * state of a run that was never interrupted.
 */
class RegistrationCrashRecoveryTest {

    private static Map<String, Item> uninterrupted;
    private static int activationWrites;

    @BeforeAll
    static void runOnceWithoutCrash() {
        ActivationFixture fx = new ActivationFixture();
        ActivationSession ready = readyToActivate(fx);
        long before = fx.store.writes();
        activate(fx, ready);
        activationWrites = (int) (fx.store.writes() - before);
        uninterrupted = fx.recorded.snapshot();
    }

    @Test
    void givenUninterruptedRun_thenTheReferenceStateIsComplete() {
        assertTrue(activationWrites >= 10, "writes of activate: " + activationWrites);
        long active = uninterrupted.values().stream()
                .filter(item -> item.key().pk().startsWith("SUB#") && "META".equals(item.key().sk()))
                .filter(item -> SubscriptionStatus.ACTIVE.name().equals(item.get("status"))).count();
        assertEquals(1, active);
        assertEquals(1, uninterrupted.keySet().stream().filter(k -> k.startsWith("AUDIT#")).count());
    }

    @TestFactory
    List<DynamicTest> givenCrashAtEveryWriteOfActivate_whenRetried_thenTheSameEndState() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int write = 1; write <= activationWrites; write++) {
            for (CrashingItemStore.Crash crash : CrashingItemStore.Crash.values()) {
                for (boolean reloadSession : new boolean[] {false, true}) {
                    int position = write;
                    String name = "write " + position + " " + crash + (reloadSession ? ", session re-read" : ", same session");
                    tests.add(DynamicTest.dynamicTest(name, () -> crashThenRetry(position, crash, reloadSession)));
                }
            }
        }
        return tests;
    }

    @Test
    void givenTwoCrashesInARow_whenRetriedEachTime_thenTheSameEndState() {
        ActivationFixture fx = new ActivationFixture();
        ActivationSession ready = readyToActivate(fx);
        for (int write = 2; write <= activationWrites; write += 3) {
            fx.crashing.crashOnWrite(write, CrashingItemStore.Crash.AFTER_WRITE);
            try {
                activate(fx, ready);
            } catch (StoreUnavailableException crashed) {
                // the next attempt goes on
            }
        }
        activate(fx, ready);

        assertEquals(uninterrupted, fx.recorded.snapshot());
    }

    private static void crashThenRetry(int write, CrashingItemStore.Crash crash, boolean reloadSession) {
        ActivationFixture fx = new ActivationFixture();
        ActivationSession ready = readyToActivate(fx);
        fx.crashing.crashOnWrite(write, crash);

        assertThrows(StoreUnavailableException.class, () -> activate(fx, ready));
        assertTrue(fx.crashing.crashedAt().isPresent(), "the crash happened");

        ActivationSession retried = reloadSession ? fx.reload(ready) : ready;
        Registration.Activated activated = activate(fx, retried);

        assertTrue(activated.session().isCompleted());
        assertEquals(uninterrupted, fx.recorded.snapshot(), "crash at " + fx.crashing.crashedAt().get());
    }

    private static ActivationSession readyToActivate(ActivationFixture fx) {
        ActivationSession session = fx.arrive("cust-1", "111122223333").session();
        return fx.enterRegistration(session, "ada", "ada@example.com");
    }

    private static Registration.Activated activate(ActivationFixture fx, ActivationSession session) {
        return fx.registration.activate(session, "Production", "en", "us-oregon");
    }
}
