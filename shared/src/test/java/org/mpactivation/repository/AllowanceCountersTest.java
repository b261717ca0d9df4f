package org.mpactivation.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.ActivationFixture;
import org.mpactivation.application.MutableClock;
import org.mpactivation.port.out.Allowances;

class AllowanceCountersTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private final MutableClock clock = new MutableClock(ActivationFixture.START);
    private final AllowanceCounters counters = new AllowanceCounters(new InMemoryItemStore(clock), clock);

    @Test
    void givenCapTaken_thenFurtherUsesAreRefusedUntilTheWindowThatBeganWithTheFirstEnds() {
        clock.advance(Duration.ofMinutes(5));
        for (int left = 2; left >= 0; left--) {
            Allowances.Use use = counters.take("c", 3, HOUR);
            assertTrue(use.granted());
            assertEquals(left, use.left());
            clock.advance(Duration.ofMinutes(10));
        }

        Allowances.Use refused = counters.take("c", 3, HOUR);
        assertFalse(refused.granted());
        assertEquals(ActivationFixture.START.plus(Duration.ofMinutes(65)), refused.renewsAt());
        assertTrue(counters.take("other", 3, HOUR).granted(), "each counter has its own allowance");

        clock.advance(Duration.ofMinutes(30));
        assertTrue(counters.take("c", 3, HOUR).granted(), "a new window");
    }

    @Test
    void givenFiftyConcurrentTakers_thenExactlyTheCapIsGrantedAndNoneGivesUp() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            results.add(pool.submit(() -> {
                go.await();
                return counters.take("shared", 20, HOUR).granted();
            }));
        }
        go.countDown();
        int granted = 0;
        for (Future<Boolean> result : results) {
            granted += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();

        assertEquals(20, granted);
    }
}
