package org.mpactivation.testkit.concurrency;

import java.util.Map;
import java.util.TreeMap;


/**
 * What a run added to the store, by kind of item ({@code SUB#…|META} counts as {@code SUB|META}), so
 * that a run of fifty identical requests can be compared with one request: the same kinds, as many.
 */
public final class StoreEffects {

    private StoreEffects() {
    }

    public static Map<String, Integer> added(Map<String, ?> before, Map<String, ?> after) {
        Map<String, Integer> kinds = new TreeMap<>();
        after.keySet().stream().filter(key -> !before.containsKey(key))
                .forEach(key -> kinds.merge(kindOf(key), 1, Integer::sum));
        return kinds;
    }

    public static String kindOf(String key) {
        int bar = key.indexOf('|');
        String pk = key.substring(0, bar);
        String sk = key.substring(bar + 1);
        return head(pk) + "|" + head(sk);
    }

    private static String head(String part) {
        int hash = part.indexOf('#');
        return hash < 0 ? part : part.substring(0, hash);
    }
}
