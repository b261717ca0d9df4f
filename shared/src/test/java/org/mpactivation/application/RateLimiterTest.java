package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.mpactivation.port.out.Pause;

/** The metering rate limiter, on simulated time: calls are spaced evenly and never exceed the rate. */
class RateLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void givenOneCallerAt10PerSecond_thenCallsAre100MillisecondsApart() {
        FakePause pause = new FakePause(true);
        RateLimiter limiter = new RateLimiter(10, pause);
        List<Long> callTimes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            limiter.acquire();
            callTimes.add(pause.nanoTime());
        }
        assertEquals(24, pause.sleeps().size(), "the first call goes at once");
        assertTrue(pause.sleeps().stream().allMatch(d -> d.equals(Duration.ofMillis(100))), pause.sleeps().toString());
        for (int i = 1; i < callTimes.size(); i++) {
            assertEquals(100_000_000L, callTimes.get(i) - callTimes.get(i - 1));
        }
    }

    @Test
    void givenManyCallsAtTheSameInstant_thenEachWaitsForItsOwnSlot() {
        FakePause pause = new FakePause(false);
        RateLimiter limiter = new RateLimiter(10, pause);
        for (int i = 0; i < 10; i++) {
            limiter.acquire();
        }
        List<Duration> expected = new ArrayList<>();
        for (int i = 1; i < 10; i++) {
            expected.add(Duration.ofMillis(100L * i));
        }
        assertEquals(expected, pause.sleeps());
    }

    @Test
    void givenACallerThatWasIdle_thenNoBurstIsSavedUp() {
        FakePause pause = new FakePause(true);
        RateLimiter limiter = new RateLimiter(10, pause);
        limiter.acquire();
        pause.advance(Duration.ofSeconds(30));
        limiter.acquire();
        limiter.acquire();
        assertEquals(List.of(Duration.ofMillis(100)), pause.sleeps(), "after a pause, calls are spaced again at once");
    }

    @Test
    void givenNoPositiveRate_thenRefused() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, new FakePause(true)));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(-1, new FakePause(true)));
    }

    @Test
    void givenManyThreadsWhileTimeMoves_thenNeverMoreThanTheRateInAnySecond() throws Exception {
        SimulatedTime time = new SimulatedTime();
        RateLimiter limiter = new RateLimiter(10, time);
        int threads = 16;
        int callsEach = 40;
        ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
        AtomicBoolean done = new AtomicBoolean();
        CountDownLatch go = new CountDownLatch(1);
        try {
            pool.submit(() -> {
                while (!done.get()) {
                    time.advance(ThreadLocalRandom.current().nextLong(0, 20_000_000L));
                    Thread.sleep(1);
                }
                return null;
            });
            List<Future<List<Long>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                results.add(pool.submit(() -> {
                    go.await();
                    List<Long> mine = new ArrayList<>();
                    for (int i = 0; i < callsEach; i++) {
                        mine.add(time.acquireAndGetCallTime(limiter));
                    }
                    return mine;
                }));
            }
            go.countDown();
            List<Long> callTimes = new ArrayList<>();
            for (Future<List<Long>> result : results) {
                callTimes.addAll(result.get(30, TimeUnit.SECONDS));
            }
            done.set(true);
            Collections.sort(callTimes);
            assertEquals(threads * callsEach, callTimes.size());
            for (int i = 1; i < callTimes.size(); i++) {
                assertTrue(callTimes.get(i) - callTimes.get(i - 1) >= SECOND / 10,
                        "calls " + (i - 1) + " and " + i + " are " + (callTimes.get(i) - callTimes.get(i - 1)) + " ns apart");
            }
            for (int i = 10; i < callTimes.size(); i++) {
                assertTrue(callTimes.get(i) - callTimes.get(i - 10) >= SECOND, "11 calls within one second");
            }
            long start = callTimes.get(0);
            long[] perSecond = new long[(int) ((callTimes.get(callTimes.size() - 1) - start) / SECOND) + 1];
            callTimes.forEach(at -> perSecond[(int) ((at - start) / SECOND)]++);
            for (long count : perSecond) {
                assertTrue(count <= 10, "calls in one simulated second: " + count);
            }
        } finally {
            done.set(true);
            pool.shutdownNow();
        }
    }

    /**
     * Simulated monotonic time moved by another thread; each caller learns when its call would have
     * gone out: the time the limiter read plus the sleep it asked for.
     */
    private static final class SimulatedTime implements Pause {
        private final AtomicLong nanos = new AtomicLong(7 * SECOND);
        private final ThreadLocal<Long> lastRead = new ThreadLocal<>();
        private final ThreadLocal<Long> slept = new ThreadLocal<>();

        void advance(long byNanos) {
            nanos.addAndGet(byNanos);
        }

        long acquireAndGetCallTime(RateLimiter limiter) {
            slept.set(0L);
            limiter.acquire();
            return lastRead.get() + slept.get();
        }

        @Override
        public void sleep(Duration duration) {
            slept.set(slept.get() + duration.toNanos());
        }

        @Override
        public long nanoTime() {
            long now = nanos.get();
            lastRead.set(now);
            return now;
        }
    }
}
