package org.mpactivation.adapter.store;

import java.util.List;
import java.util.Objects;

/** The argument checks of {@code query} and {@code queryIndex}, the same for every store. */
final class QueryArguments {

    static final int MAX_LIMIT = 1000;

    private QueryArguments() {
    }

    static void checkQuery(String pk, String skPrefix, int limit) {
        requireKeyPart(pk, "pk");
        Objects.requireNonNull(skPrefix, "skPrefix");
        checkLimit(limit);
    }

    static void checkIndexQuery(String indexPk, String skFrom, String skTo, int limit) {
        requireKeyPart(indexPk, "indexPk");
        Objects.requireNonNull(skFrom, "skFrom");
        Objects.requireNonNull(skTo, "skTo");
        checkLimit(limit);
    }

    /** True when no sort key can lie in [from, to]: the range is reversed or ends below every key. */
    static boolean isEmptyRange(String skFrom, String skTo) {
        return skTo.isEmpty() || SortKeyOrder.compare(skFrom, skTo) > 0;
    }

    /** The table cursor's parts (pk, sk), checked against the query it continues. */
    static List<String> tableCursor(String cursor, String pk, String skPrefix) {
        List<String> parts = StoreCursor.decode(cursor, StoreCursor.Kind.TABLE);
        if (!parts.get(0).equals(pk) || !parts.get(1).startsWith(skPrefix)) {
            throw new IllegalArgumentException("cursor belongs to another query");
        }
        return parts;
    }

    /** The index cursor's parts (gsi1pk, gsi1sk, pk, sk), checked against the query it continues. */
    static List<String> indexCursor(String cursor, String indexPk, String skFrom, String skTo) {
        List<String> parts = StoreCursor.decode(cursor, StoreCursor.Kind.INDEX);
        String sk = parts.get(1);
        if (!parts.get(0).equals(indexPk)
                || SortKeyOrder.compare(sk, skFrom) < 0 || SortKeyOrder.compare(sk, skTo) > 0) {
            throw new IllegalArgumentException("cursor belongs to another query");
        }
        return parts;
    }

    private static void requireKeyPart(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
        }
    }
}
