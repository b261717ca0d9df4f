package org.mpactivation.adapter.store;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.mpactivation.port.out.store.BatchArguments;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.StoreUnavailableException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The batch calls of {@link DynamoDbItemStore}: BatchGetItem (strongly consistent) and BatchWriteItem
 * of unconditional puts. DynamoDB may leave part of a batch unprocessed when a partition is busy;
 * what it leaves is sent again after a growing pause, a bounded number of times, and then the call
 * fails as unavailable (a batch put is safe to repeat: its items carry no condition).
 */
final class DynamoDbBatches {

    private static final int MAX_ROUNDS = 6;
    private static final long FIRST_PAUSE_MILLIS = 25;

    private final DynamoDbClient client;
    private final String tableName;
    private final Function<Map<String, AttributeValue>, Item> toItem;
    private final Predicate<Item> live;
    private final Function<Item, Map<String, AttributeValue>> toAttributes;
    private final Function<ItemKey, Map<String, AttributeValue>> primaryKey;
    private final CallGuard guard;

    /** Runs one SDK call and turns its failures into the port's exceptions. */
    interface CallGuard {
        <T> T call(Supplier<T> sdkCall);
    }

    DynamoDbBatches(DynamoDbClient client, String tableName, Function<Map<String, AttributeValue>, Item> toItem,
                    Predicate<Item> live, Function<Item, Map<String, AttributeValue>> toAttributes,
                    Function<ItemKey, Map<String, AttributeValue>> primaryKey, CallGuard guard) {
        this.client = client;
        this.tableName = tableName;
        this.toItem = toItem;
        this.live = live;
        this.toAttributes = toAttributes;
        this.primaryKey = primaryKey;
        this.guard = guard;
    }

    Map<ItemKey, Item> getAll(Collection<ItemKey> keys) {
        BatchArguments.checkGet(keys);
        Map<ItemKey, Item> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        List<Map<String, AttributeValue>> pending = keys.stream().map(primaryKey).toList();
        for (int round = 0; round < MAX_ROUNDS && !pending.isEmpty(); round++) {
            pauseBefore(round);
            KeysAndAttributes request = KeysAndAttributes.builder().keys(pending).consistentRead(true).build();
            BatchGetItemResponse response = guard.call(() -> client.batchGetItem(b -> b
                    .requestItems(Map.of(tableName, request))));
            response.responses().getOrDefault(tableName, List.of()).stream().map(toItem).filter(live)
                    .forEach(item -> found.put(item.key(), item));
            KeysAndAttributes left = response.unprocessedKeys().get(tableName);
            pending = left == null || !left.hasKeys() ? List.of() : left.keys();
        }
        if (!pending.isEmpty()) {
            throw new StoreUnavailableException("the table left keys of a batch get unread", null);
        }
        return found;
    }

    void putAll(Collection<Item> items) {
        BatchArguments.checkPut(items);
        List<Item> stored = items.stream()
                .map(item -> new Item(item.key(), item.attributes(), 1, item.expiresAt(), item.index())).toList();
        stored.forEach(ItemLimits::checkWritable);
        List<WriteRequest> pending = new ArrayList<>();
        for (Item item : stored) {
            pending.add(WriteRequest.builder().putRequest(PutRequest.builder().item(toAttributes.apply(item)).build())
                    .build());
        }
        for (int round = 0; round < MAX_ROUNDS && !pending.isEmpty(); round++) {
            pauseBefore(round);
            List<WriteRequest> sent = pending;
            BatchWriteItemResponse response = guard.call(() -> client.batchWriteItem(b -> b
                    .requestItems(Map.of(tableName, sent))));
            List<WriteRequest> left = response.unprocessedItems().get(tableName);
            pending = left == null ? List.of() : left;
        }
        if (!pending.isEmpty()) {
            throw new StoreUnavailableException("the table left items of a batch put unwritten", null);
        }
    }

    private static void pauseBefore(int round) {
        if (round == 0) {
            return;
        }
        try {
            Thread.sleep(FIRST_PAUSE_MILLIS << (round - 1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while a batch waited to be sent again", e);
        }
    }
}
