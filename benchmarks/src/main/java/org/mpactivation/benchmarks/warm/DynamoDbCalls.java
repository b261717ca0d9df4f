package org.mpactivation.benchmarks.warm;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.mpactivation.adapter.aws.AwsJsonClient;

/**
 * Counts the DynamoDB API calls the store's client makes, by operation, as its {@link AwsJsonClient.Listener}
 * hears each first attempt (a retried call counts once, as the SDK interceptor that counted before did). One
 * API call is one read or one write: GetItem, Query, Scan and BatchGetItem are reads; PutItem, UpdateItem,
 * DeleteItem and BatchWriteItem are writes; table management is neither.
 */
final class DynamoDbCalls implements AwsJsonClient.Listener {

    private static final Set<String> READS = Set.of("GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems");
    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
            "TransactWriteItems");

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

    @Override
    public void sent(String operation, int attempt, int status, Duration elapsed) {
        if (attempt == 1) {
            calls.computeIfAbsent(operation == null ? "?" : operation, o -> new LongAdder()).increment();
        }
    }

    long reads() {
        return sum(READS);
    }

    long writes() {
        return sum(WRITES);
    }

    /** The calls by operation so far (table management included). */
    Map<String, Long> byOperation() {
        Map<String, Long> copy = new java.util.TreeMap<>();
        calls.forEach((operation, count) -> copy.put(operation, count.sum()));
        return copy;
    }

    private long sum(Set<String> operations) {
        long total = 0;
        for (Map.Entry<String, LongAdder> e : calls.entrySet()) {
            if (operations.contains(e.getKey())) {
                total += e.getValue().sum();
            }
        }
        return total;
    }
}
