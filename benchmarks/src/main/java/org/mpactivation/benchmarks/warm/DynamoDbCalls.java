package org.mpactivation.benchmarks.warm;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the DynamoDB API calls the client makes, by operation, as the SDK starts each one (an execution:
 * a retried call counts once). One API call is one read or one write: GetItem, Query, Scan and BatchGetItem
 * are reads; PutItem, UpdateItem, DeleteItem and BatchWriteItem are writes; table management is neither.
 */
final class DynamoDbCalls implements ExecutionInterceptor {

    private static final Set<String> READS = Set.of("GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems");
    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
            "TransactWriteItems");

    private final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        calls.computeIfAbsent(operation == null ? "?" : operation, o -> new LongAdder()).increment();
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
