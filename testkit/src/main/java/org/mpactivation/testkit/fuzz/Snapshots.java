package org.mpactivation.testkit.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/** Compares two snapshots of a store (items by key) and names what differs, so a failure is short. */
public final class Snapshots {

    private Snapshots() {
    }

    /** @throws AssertionError naming the added, removed and changed keys, if the snapshots differ */
    public static void assertUnchanged(Map<String, ?> before, Map<String, ?> after, String context) {
        List<String> differences = differences(before, after);
        if (!differences.isEmpty()) {
            throw new AssertionError("a refused request changed the store (" + differences.size() + " items: "
                    + String.join("; ", differences.subList(0, Math.min(4, differences.size()))) + ") for " + context);
        }
    }

    public static List<String> differences(Map<String, ?> before, Map<String, ?> after) {
        List<String> differences = new ArrayList<>();
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            Object was = before.get(key);
            Object is = after.get(key);
            if (!Objects.equals(was, is)) {
                differences.add((was == null ? "added " : is == null ? "removed " : "changed ")
                        + WebAnswers.clip(key) + (was != null && is != null ? " from " + WebAnswers.clip(
                        String.valueOf(was)) + " to " + WebAnswers.clip(String.valueOf(is)) : ""));
            }
        }
        return differences;
    }
}
