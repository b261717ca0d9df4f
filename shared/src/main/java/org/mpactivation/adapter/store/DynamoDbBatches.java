package org.mpactivation.adapter.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.store.BatchArguments;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.StoreUnavailableException;

/**
 * The batch calls of {@link DynamoDbItemStore}: BatchGetItem (strongly consistent, at most 100 keys) and
 * BatchWriteItem of unconditional puts (at most 25 items). DynamoDB may leave part of a batch unprocessed
 * when a partition is busy; what it leaves is sent again after a growing pause, a bounded number of times,
 * and then the call fails as unavailable (a batch put is safe to repeat: its items carry no condition).
 * The pauses go through the {@link Pause} port, so that a test or a simulated clock does not sleep.
 */
final class DynamoDbBatches {

    static final int MAX_ROUNDS = 6;
    static final long FIRST_PAUSE_MILLIS = 25;

    private final DynamoDbTable table;
    private final Predicate<Item> live;
    private final Pause pause;

    DynamoDbBatches(DynamoDbTable table, Predicate<Item> live, Pause pause) {
        this.table = Objects.requireNonNull(table, "table");
        this.live = Objects.requireNonNull(live, "live");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    Map<ItemKey, Item> getAll(Collection<ItemKey> keys) {
        BatchArguments.checkGet(keys);
        Map<ItemKey, Item> found = new HashMap<>();
        if (keys.isEmpty()) {
            return found;
        }
        List<Map<String, DynamoDbValue>> pending = keys.stream().map(DynamoDbLayout::primaryKey).toList();
        for (int round = 0; round < MAX_ROUNDS && !pending.isEmpty(); round++) {
            pauseBefore(round);
            List<Map<String, DynamoDbValue>> sent = pending;
            GetAnswer answer = table.call("BatchGetItem", null, json -> writeGet(json, sent), this::readGet);
            answer.items().stream().map(DynamoDbLayout::toItem).filter(live)
                    .forEach(item -> found.put(item.key(), item));
            pending = answer.unprocessedKeys();
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
        List<Map<String, DynamoDbValue>> pending = stored.stream().map(DynamoDbLayout::toAttributes).toList();
        for (int round = 0; round < MAX_ROUNDS && !pending.isEmpty(); round++) {
            pauseBefore(round);
            List<Map<String, DynamoDbValue>> sent = pending;
            pending = table.call("BatchWriteItem", null, json -> writePut(json, sent), this::readUnprocessedPuts);
        }
        if (!pending.isEmpty()) {
            throw new StoreUnavailableException("the table left items of a batch put unwritten", null);
        }
    }

    /** {@code {"RequestItems": {table: {"Keys": [...], "ConsistentRead": true}}}} */
    private void writeGet(JsonGenerator json, List<Map<String, DynamoDbValue>> keys) throws IOException {
        json.writeStartObject();
        json.writeObjectFieldStart("RequestItems");
        json.writeObjectFieldStart(table.name());
        json.writeArrayFieldStart("Keys");
        for (Map<String, DynamoDbValue> key : keys) {
            DynamoDbJson.writeMap(json, key);
        }
        json.writeEndArray();
        json.writeBooleanField("ConsistentRead", true);
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndObject();
    }

    /** {@code {"RequestItems": {table: [{"PutRequest": {"Item": {...}}}, ...]}}} */
    private void writePut(JsonGenerator json, List<Map<String, DynamoDbValue>> items) throws IOException {
        json.writeStartObject();
        json.writeObjectFieldStart("RequestItems");
        json.writeArrayFieldStart(table.name());
        for (Map<String, DynamoDbValue> item : items) {
            json.writeStartObject();
            json.writeObjectFieldStart("PutRequest");
            json.writeFieldName("Item");
            DynamoDbJson.writeMap(json, item);
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeEndObject();
    }

    private record GetAnswer(List<Map<String, DynamoDbValue>> items, List<Map<String, DynamoDbValue>> unprocessedKeys) {
    }

    /** {@code Responses.<table>} and {@code UnprocessedKeys.<table>.Keys}; other tables' parts are skipped. */
    private GetAnswer readGet(JsonParser json) throws IOException {
        List<Map<String, DynamoDbValue>> items = new ArrayList<>();
        List<Map<String, DynamoDbValue>> unprocessed = new ArrayList<>();
        DynamoDbJson.readObject(json, (member, parser) -> switch (member) {
            case "Responses" -> {
                DynamoDbJson.readObject(parser, (name, tableItems) -> {
                    if (!name.equals(table.name())) {
                        return false;
                    }
                    items.addAll(DynamoDbJson.readMaps(tableItems));
                    return true;
                });
                yield true;
            }
            case "UnprocessedKeys" -> {
                DynamoDbJson.readObject(parser, (name, keysAndAttributes) -> {
                    if (!name.equals(table.name())) {
                        return false;
                    }
                    DynamoDbJson.readObject(keysAndAttributes, (field, keys) -> {
                        if (!field.equals("Keys")) {
                            return false;
                        }
                        unprocessed.addAll(DynamoDbJson.readMaps(keys));
                        return true;
                    });
                    return true;
                });
                yield true;
            }
            default -> false;
        });
        return new GetAnswer(items, unprocessed);
    }

    /** The items of {@code UnprocessedItems.<table>[].PutRequest.Item}. */
    private List<Map<String, DynamoDbValue>> readUnprocessedPuts(JsonParser json) throws IOException {
        List<Map<String, DynamoDbValue>> unprocessed = new ArrayList<>();
        DynamoDbJson.readObject(json, (member, parser) -> member.equals("UnprocessedItems")
                && readUnprocessedTables(parser, unprocessed));
        return unprocessed;
    }

    private boolean readUnprocessedTables(JsonParser json, List<Map<String, DynamoDbValue>> into) throws IOException {
        DynamoDbJson.readObject(json, (name, requests) -> {
            if (!name.equals(table.name())) {
                return false;
            }
            if (requests.currentToken() != JsonToken.START_ARRAY) {
                return false;
            }
            for (JsonToken token = requests.nextToken(); token == JsonToken.START_OBJECT;
                 token = requests.nextToken()) {
                DynamoDbJson.readObject(requests, (kind, put) -> kind.equals("PutRequest") && readPutItem(put, into));
            }
            return true;
        });
        return true;
    }

    private static boolean readPutItem(JsonParser json, List<Map<String, DynamoDbValue>> into) throws IOException {
        DynamoDbJson.readObject(json, (field, item) -> {
            if (!field.equals("Item")) {
                return false;
            }
            into.add(DynamoDbJson.readMap(item));
            return true;
        });
        return true;
    }

    private void pauseBefore(int round) {
        if (round == 0) {
            return;
        }
        try {
            pause.sleep(Duration.ofMillis(FIRST_PAUSE_MILLIS << (round - 1)));
        } catch (IllegalStateException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw new StoreUnavailableException("interrupted while a batch waited to be sent again", e);
            }
            throw e;
        }
    }
}
