package org.mpactivation.adapter.store;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;

/**
 * How an {@link Item} lies in the DynamoDB table: {@code pk} (S, hash key), {@code sk} (S, range key),
 * {@code v} (N, version), {@code ttl} (N, expiry in epoch seconds: the table's TTL attribute),
 * {@code gsi1pk} / {@code gsi1sk} (S, keys of the global secondary index {@code gsi1}), and every domain
 * attribute as S under its own name. One place for it, because the store, its batches, the table
 * definition and the tools that scan the table must agree on every name.
 */
final class DynamoDbLayout {

    static final String INDEX_NAME = "gsi1";
    static final String PK = "pk";
    static final String SK = "sk";
    static final String VERSION = "v";
    static final String TTL = "ttl";
    static final String GSI1_PK = "gsi1pk";
    static final String GSI1_SK = "gsi1sk";

    private DynamoDbLayout() {
    }

    static Map<String, DynamoDbValue> primaryKey(ItemKey key) {
        return Map.of(PK, DynamoDbValue.s(key.pk()), SK, DynamoDbValue.s(key.sk()));
    }

    static Map<String, DynamoDbValue> toAttributes(Item item) {
        Map<String, DynamoDbValue> attributes = new HashMap<>();
        item.attributes().forEach((name, value) -> attributes.put(name, DynamoDbValue.s(value)));
        attributes.put(PK, DynamoDbValue.s(item.key().pk()));
        attributes.put(SK, DynamoDbValue.s(item.key().sk()));
        attributes.put(VERSION, DynamoDbValue.n(item.version()));
        if (item.expiresAt() != null) {
            attributes.put(TTL, DynamoDbValue.n(item.expiresAt().getEpochSecond()));
        }
        if (item.index() != null) {
            attributes.put(GSI1_PK, DynamoDbValue.s(item.index().pk()));
            attributes.put(GSI1_SK, DynamoDbValue.s(item.index().sk()));
        }
        return attributes;
    }

    /** @throws IllegalStateException when the stored item is not in this layout */
    static Item toItem(Map<String, DynamoDbValue> stored) {
        Map<String, String> domain = new HashMap<>();
        stored.forEach((name, value) -> {
            if (!Item.RESERVED_NAMES.contains(name)) {
                if (value.asString() == null) {
                    throw new IllegalStateException("attribute " + name + " is not a string");
                }
                domain.put(name, value.asString());
            }
        });
        ItemKey key = new ItemKey(keyPart(stored, PK), keyPart(stored, SK));
        long version = Long.parseLong(numberPart(stored, VERSION));
        DynamoDbValue ttl = stored.get(TTL);
        Instant expiresAt = ttl == null ? null : Instant.ofEpochSecond(Long.parseLong(numberPart(stored, TTL)));
        IndexKey index = stored.containsKey(GSI1_PK) && stored.containsKey(GSI1_SK)
                ? new IndexKey(keyPart(stored, GSI1_PK), keyPart(stored, GSI1_SK))
                : null;
        return new Item(key, domain, version, expiresAt, index);
    }

    static String keyPart(Map<String, DynamoDbValue> attributes, String name) {
        DynamoDbValue value = attributes.get(name);
        if (value == null || value.asString() == null) {
            throw new IllegalStateException("item without string attribute " + name);
        }
        return value.asString();
    }

    private static String numberPart(Map<String, DynamoDbValue> attributes, String name) {
        DynamoDbValue value = attributes.get(name);
        if (value == null || value.asNumber() == null) {
            throw new IllegalStateException("item without number attribute " + name);
        }
        return value.asNumber();
    }
}
