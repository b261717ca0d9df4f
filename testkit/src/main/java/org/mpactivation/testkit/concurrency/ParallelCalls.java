package org.mpactivation.testkit.concurrency;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Runs the same call from many threads at once, released together, and collects every answer. */
public final class ParallelCalls {

    private ParallelCalls() {
    }

    public static <T> List<T> run(int ways, IntFunction<T> call) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(ways);
        CountDownLatch ready = new CountDownLatch(ways);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < ways; i++) {
                int index = i;
                Callable<T> task = () -> {
                    ready.countDown();
                    go.await();
                    return call.apply(index);
                };
                futures.add(threads.submit(task));
            }
            ready.await(30, TimeUnit.SECONDS);
            go.countDown();
            List<T> answers = new ArrayList<>();
            for (Future<T> future : futures) {
                answers.add(future.get(120, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }
}
