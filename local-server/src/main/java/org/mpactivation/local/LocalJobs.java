package org.mpactivation.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.mpactivation.local.operator.JobBoard;

/**
 * The scheduled jobs (metering every 15 minutes, the renewal check and the reconciliation daily), as
 * EventBridge would run them, and on demand from the operator view. One job runs at a time, as in
 * production where the metering function has a concurrency of one.
 */
public final class LocalJobs implements AutoCloseable {

    private final Map<String, Supplier<Map<String, Integer>>> jobs = new LinkedHashMap<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "local-jobs");
        thread.setDaemon(true);
        return thread;
    });
    private final PrintStream console;
    private volatile JobBoard board;

    public LocalJobs(PrintStream console) {
        this.console = console;
    }

    public LocalJobs add(String name, Supplier<Map<String, Integer>> job, Duration every, Duration firstAfter) {
        jobs.put(name, job);
        scheduler.scheduleAtFixedRate(() -> {
            try {
                JobBoard current = board;
                if (current != null) {
                    current.run(name, JobBoard.Trigger.SCHEDULE)
                            .ifPresent(run -> console.println("[jobs] " + name + ": " + run.report()));
                } else {
                    console.println("[jobs] " + name + ": " + run(name));
                }
            } catch (RuntimeException e) {
                console.println("[jobs] " + name + " failed: " + e.getClass().getSimpleName());
            }
        }, firstAfter.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Scheduled runs go through the operator view's board from now on, so that it shows them. */
    public void reportTo(JobBoard operatorBoard) {
        this.board = operatorBoard;
    }

    /** Runs a job now (waits for a running one to finish first). */
    public synchronized Map<String, Integer> run(String name) {
        Supplier<Map<String, Integer>> job = jobs.get(name);
        if (job == null) {
            throw new IllegalArgumentException("no job " + name);
        }
        return job.get();
    }

    /** The jobs, for the operator view: each runs through {@link #run}. */
    public Map<String, Supplier<Map<String, Integer>>> onDemand() {
        Map<String, Supplier<Map<String, Integer>>> view = new LinkedHashMap<>();
        jobs.keySet().forEach(name -> view.put(name, () -> run(name)));
        return view;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
