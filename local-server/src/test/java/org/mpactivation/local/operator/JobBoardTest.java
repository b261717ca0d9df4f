package org.mpactivation.local.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class JobBoardTest {

    final TestClock clock = new TestClock(Instant.parse("2025-03-01T08:00:00Z"));

    @Test
    void keepsTheJobsOrderAndSortsUnorderedReports() {
        Map<String, Supplier<Map<String, Integer>>> jobs = new LinkedHashMap<>();
        jobs.put("renewal", () -> Map.of("b", 2, "a", 1, "c", 3));
        jobs.put("metering", HashMap::new);
        JobBoard board = new JobBoard(jobs, clock);
        assertEquals(List.of("renewal", "metering"), board.names());
        JobBoard.Run run = board.run("renewal", JobBoard.Trigger.OPERATOR).orElseThrow();
        assertEquals(List.of("a", "b", "c"), List.copyOf(run.report().keySet()));
        assertEquals(clock.instant(), run.startedAt());
        assertEquals(Optional.of(run), board.lastRun("renewal"));
        assertEquals(Optional.empty(), board.lastRun("metering"));
        assertThrows(IllegalArgumentException.class, () -> board.run("nope", JobBoard.Trigger.OPERATOR));
    }

    @Test
    void aJobNeverRunsTwiceAtOnce() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        JobBoard board = new JobBoard(Map.of("metering", () -> {
            started.countDown();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Map.of("recordsSent", 1);
        }), clock);
        Thread scheduled = new Thread(() -> board.run("metering", JobBoard.Trigger.SCHEDULE));
        scheduled.start();
        assertTrue(started.await(5, TimeUnit.SECONDS));
        assertEquals(Optional.empty(), board.run("metering", JobBoard.Trigger.OPERATOR));
        release.countDown();
        scheduled.join(5000);
        assertEquals(JobBoard.Trigger.SCHEDULE, board.lastRun("metering").orElseThrow().trigger());
    }
}
