package org.mpactivation.adapter.store;

import java.util.Comparator;

/**
 * The order DynamoDB gives string keys: by their UTF-8 bytes, which is Unicode code point order.
 * {@link String#compareTo} compares UTF-16 units instead and puts characters above U+FFFF before
 * those in U+E000..U+FFFF, so the in-memory store would page in another order than the table.
 */
final class SortKeyOrder {

    static final Comparator<String> CODE_POINTS = SortKeyOrder::compare;

    private SortKeyOrder() {
    }

    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
