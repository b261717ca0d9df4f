package org.mpactivation.adapter.store;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.mpactivation.port.out.store.Item;

/**
 * What a write must respect in every store alike, so that a local run on the in-memory store
 * refuses what DynamoDB would: domain attribute names of a plain alphabet (they become table
 * attribute names), key parts within DynamoDB's key sizes, and the whole item within its 400 KB.
 */
final class ItemLimits {

    static final int MAX_ITEM_BYTES = 400 * 1024;
    static final int MAX_PARTITION_KEY_BYTES = 2048;
    static final int MAX_SORT_KEY_BYTES = 1024;

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,255}");
    /** A stored number: at most 20 digits, one byte per two of them plus one (DynamoDB's rule). */
    private static final int NUMBER_BYTES = 11;

    private ItemLimits() {
    }

    /** @throws IllegalArgumentException if the item breaks a limit */
    static void checkWritable(Item item) {
        for (String name : item.attributes().keySet()) {
            if (!NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("attribute names are 1 to 255 of [A-Za-z0-9_]: " + name);
            }
        }
        long size = keyPart("pk", item.key().pk(), MAX_PARTITION_KEY_BYTES)
                + keyPart("sk", item.key().sk(), MAX_SORT_KEY_BYTES)
                + "v".length() + NUMBER_BYTES;
        if (item.expiresAt() != null) {
            size += "ttl".length() + NUMBER_BYTES;
        }
        if (item.index() != null) {
            size += keyPart("gsi1pk", item.index().pk(), MAX_PARTITION_KEY_BYTES)
                    + keyPart("gsi1sk", item.index().sk(), MAX_SORT_KEY_BYTES);
        }
        for (Map.Entry<String, String> attribute : item.attributes().entrySet()) {
            size += attribute.getKey().length() + utf8Length(attribute.getValue());
        }
        if (size > MAX_ITEM_BYTES) {
            throw new IllegalArgumentException("item " + item.key() + " is larger than 400 KB: " + size + " bytes");
        }
    }

    private static long keyPart(String name, String value, int maxBytes) {
        long bytes = utf8Length(value);
        if (bytes > maxBytes) {
            throw new IllegalArgumentException(name + " is longer than " + maxBytes + " bytes");
        }
        return name.length() + bytes;
    }

    private static long utf8Length(String value) {
        return value.getBytes(StandardCharsets.UTF_8).length;
    }
}
