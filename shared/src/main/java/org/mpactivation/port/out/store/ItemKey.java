package org.mpactivation.port.out.store;

import java.util.Objects;

/** The primary key of one stored item: a partition key and a sort key, both non-empty. */
public record ItemKey(String pk, String sk) {

    public ItemKey {
        Objects.requireNonNull(pk, "pk");
        Objects.requireNonNull(sk, "sk");
        if (pk.isEmpty() || sk.isEmpty()) {
            throw new IllegalArgumentException("key parts must not be empty");
        }
    }

    @Override
    public String toString() {
        return pk + "|" + sk;
    }
}
