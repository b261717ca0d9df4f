package org.mpactivation.observability.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/** Each thread its own MDC, never inherited; lines of concurrent threads never interleave. */
class JsonLineThreadsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void givenAnMdcValue_thenOtherThreadsAndChildThreadsDoNotSeeIt() throws Exception {
        JsonLogMdc mdc = new JsonLogMdc();
        mdc.put("request_id", "parent");
        AtomicReference<String> seenByChild = new AtomicReference<>("unset");
        Thread child = new Thread(() -> {
            seenByChild.set(mdc.get("request_id"));
            mdc.put("request_id", "child");
        });
        child.start();
        child.join();
        assertNull(seenByChild.get(), "a new thread starts with an empty MDC");
        assertEquals("parent", mdc.get("request_id"), "the child's put stays in the child");
        assertEquals(Map.of("request_id", "parent"), mdc.getCopyOfContextMap());

        Map<String, String> copy = mdc.getCopyOfContextMap();
        copy.put("other", "x");
        assertNull(mdc.get("other"), "a copy is a copy");
        mdc.setContextMap(Map.of("a", "1"));
        assertEquals(Map.of("a", "1"), mdc.getCopyOfContextMap());
        mdc.remove("a");
        assertEquals(Map.of(), mdc.getCopyOfContextMap());
        mdc.setContextMap(null);
        assertNull(mdc.getCopyOfContextMap());
        mdc.put("b", "2");
        mdc.clear();
        assertNull(mdc.getCopyOfContextMap());
    }

    @Test
    void givenTheDequeMethods_thenAStackPerKeyAndThread() throws Exception {
        JsonLogMdc mdc = new JsonLogMdc();
        mdc.pushByKey("k", "1");
        mdc.pushByKey("k", "2");
        assertEquals(new ArrayList<>(List.of("2", "1")), new ArrayList<>(mdc.getCopyOfDequeByKey("k")));
        AtomicReference<Object> other = new AtomicReference<>("unset");
        Thread thread = new Thread(() -> other.set(mdc.getCopyOfDequeByKey("k")));
        thread.start();
        thread.join();
        assertNull(other.get());
        assertEquals("2", mdc.popByKey("k"));
        mdc.clearDequeByKey("k");
        assertTrue(mdc.getCopyOfDequeByKey("k") == null || mdc.getCopyOfDequeByKey("k").isEmpty());
        assertNull(new ArrayDeque<String>().peek());
    }

    @Test
    void givenEightThreadsOf500Lines_thenEveryLineIsWholeAndCarriesItsThreadsMdc() throws Exception {
        int threads = 8;
        int perThread = 500;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        // a sink that writes byte by byte: a line written in several calls would interleave at once
        OutputStream slowSink = new OutputStream() {
            @Override
            public void write(int b) {
                buffer.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                for (int i = 0; i < length; i++) {
                    write(bytes[offset + i]);
                    if (i % 64 == 0) {
                        Thread.yield();
                    }
                }
            }
        };
        JsonLogMdc mdc = new JsonLogMdc();
        JsonLoggerFactory factory = new JsonLoggerFactory(LogLevels.root(Level.INFO), slowSink, mdc);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String worker = "worker-" + t;
            done.add(pool.submit(() -> {
                mdc.put("worker", worker);
                Logger logger = factory.getLogger("org.mpactivation.load." + worker);
                start.await();
                for (int i = 0; i < perThread; i++) {
                    logger.info("line {} of {} with a \"quoted\" text and a newline\n inside", i, worker);
                }
                mdc.clear();
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        String[] lines = buffer.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals(threads * perThread, lines.length);
        Map<String, Integer> next = new HashMap<>();
        for (String raw : lines) {
            JsonNode line = JSON.readTree(raw);
            String worker = line.get("mdc").get("worker").asText();
            assertEquals("org.mpactivation.load." + worker, line.get("loggerName").asText());
            int expected = next.getOrDefault(worker, 0);
            assertEquals("line " + expected + " of " + worker + " with a \"quoted\" text and a newline\n inside",
                    line.get("formattedMessage").asText(), "each thread's lines, whole and in order");
            next.put(worker, expected + 1);
        }
        assertEquals(threads, next.size());
        next.values().forEach(count -> assertEquals(perThread, count));
    }
}
