package org.mpactivation.port.out.store;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One stored item: key, string attributes, optimistic-lock version, optional expiry and optional
 * secondary-index key.
 *
 * <p>{@code version} is 0 for an item that has not been written yet; the store writes version 1 on
 * {@link ItemStore#putIfAbsent} and {@code version + 1} on {@link ItemStore#replace}.
 * {@code expiresAt} (nullable) is kept at second precision; an item whose expiry is at or before
 * the store clock's now is treated as absent by every read and write, even before the database's
 * TTL sweep removes it. {@code index} is nullable.
 */
public record Item(ItemKey key, Map<String, String> attributes, long version, Instant expiresAt,
                   IndexKey index) {

    /** Attribute names the store uses itself; domain attributes must not use them. */
    public static final Set<String> RESERVED_NAMES = Set.of("pk", "sk", "v", "ttl", "gsi1pk", "gsi1sk");

    public Item {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(attributes, "attributes");
        attributes.forEach((name, value) -> {
            Objects.requireNonNull(value, () -> "attribute " + name + " is null");
            if (RESERVED_NAMES.contains(name)) {
                throw new IllegalArgumentException("reserved attribute name: " + name);
            }
        });
        attributes = Map.copyOf(attributes);
        if (version < 0) {
            throw new IllegalArgumentException("negative version");
        }
        if (expiresAt != null) {
            expiresAt = Instant.ofEpochSecond(expiresAt.getEpochSecond());
        }
    }

    /** A new item (version 0) without expiry or index key. */
    public static Item of(ItemKey key, Map<String, String> attributes) {
        return new Item(key, attributes, 0, null, null);
    }

    public String get(String name) {
        return attributes.get(name);
    }

    public Item withAttributes(Map<String, String> newAttributes) {
        return new Item(key, newAttributes, version, expiresAt, index);
    }

    public Item withExpiry(Instant newExpiresAt) {
        return new Item(key, attributes, version, newExpiresAt, index);
    }

    public Item withIndex(IndexKey newIndex) {
        return new Item(key, attributes, version, expiresAt, newIndex);
    }
}
