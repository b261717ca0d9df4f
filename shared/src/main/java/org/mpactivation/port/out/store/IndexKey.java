package org.mpactivation.port.out.store;

import java.util.Objects;

/**
 * The key of an item in the store's one secondary index (for example "due for a renewal check" by
 * time). Index reads are eventually consistent.
 */
public record IndexKey(String pk, String sk) {

    public IndexKey {
        Objects.requireNonNull(pk, "pk");
        Objects.requireNonNull(sk, "sk");
        if (pk.isEmpty() || sk.isEmpty()) {
            throw new IllegalArgumentException("index key parts must not be empty");
        }
    }
}
