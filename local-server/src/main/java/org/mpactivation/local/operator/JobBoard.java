package org.mpactivation.local.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named jobs (metering, renewal check, …) and how each last ran. The scheduler and the operator
 * view both run jobs through here, so the operator sees scheduled runs too; a job never runs twice
 * at the same time (a run asked for while one is in progress is skipped). Thread-safe.
 */
public final class JobBoard {

    private static final Logger LOG = LoggerFactory.getLogger(JobBoard.class);

    /** Who started a run. */
    public enum Trigger {
        SCHEDULE, OPERATOR
    }

    /**
     * One finished run.
     *
     * @param report  the job's counters, in the job's order (sorted by name when the job's map has no order)
     * @param failure the exception's class name when the job failed, else null
     */
    public record Run(String job, Trigger trigger, Instant startedAt, Duration took, Map<String, Integer> report,
                      String failure) {

        public boolean failed() {
            return failure != null;
        }
    }

    private final Map<String, Supplier<Map<String, Integer>>> jobs;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, Run> lastRuns = new ConcurrentHashMap<>();
    private final Clock clock;

    public JobBoard(Map<String, Supplier<Map<String, Integer>>> jobs, Clock clock) {
        this.jobs = Collections.unmodifiableMap(new LinkedHashMap<>(jobs));
        this.jobs.forEach((name, job) -> {
            Objects.requireNonNull(job, name);
            locks.put(name, new ReentrantLock());
        });
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The job names, in the order they were given. */
    public List<String> names() {
        return List.copyOf(jobs.keySet());
    }

    public boolean has(String name) {
        return jobs.containsKey(name);
    }

    /**
     * Runs a job now and records the run; a failure is recorded (and logged), not thrown.
     *
     * @return the run, or empty if the job is running already
     * @throws IllegalArgumentException for an unknown job
     */
    public Optional<Run> run(String name, Trigger trigger) {
        Supplier<Map<String, Integer>> job = jobs.get(name);
        if (job == null) {
            throw new IllegalArgumentException("unknown job: " + name);
        }
        ReentrantLock lock = locks.get(name);
        if (!lock.tryLock()) {
            return Optional.empty();
        }
        try {
            Instant startedAt = clock.instant();
            long started = System.nanoTime();
            Map<String, Integer> report = Map.of();
            String failure = null;
            try {
                report = ordered(job.get());
            } catch (RuntimeException e) {
                failure = e.getClass().getSimpleName();
                LOG.warn("job {} failed trigger={} error={}", name, trigger, e.getClass().getName(), e);
            }
            Run run = new Run(name, trigger, startedAt, Duration.ofNanos(System.nanoTime() - started), report,
                    failure);
            lastRuns.put(name, run);
            return Optional.of(run);
        } finally {
            lock.unlock();
        }
    }

    public Optional<Run> lastRun(String name) {
        return Optional.ofNullable(lastRuns.get(name));
    }

    private static Map<String, Integer> ordered(Map<String, Integer> report) {
        if (report == null) {
            return Map.of();
        }
        Map<String, Integer> copy = report instanceof LinkedHashMap<?, ?> || report instanceof SortedMap<?, ?>
                ? new LinkedHashMap<>(report) : new TreeMap<>(report);
        return Collections.unmodifiableMap(new LinkedHashMap<>(copy));
    }
}
