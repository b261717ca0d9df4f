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

    // equals and hashCode written out: a record's generated ones are bound at their first call through
    // java.lang.runtime.ObjectMethods, which spins a dozen method-handle classes on a cold start's path
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof ItemKey key && pk.equals(key.pk) && sk.equals(key.sk);
    }

    @Override
    public int hashCode() {
        return 31 * pk.hashCode() + sk.hashCode();
    }

    @Override
    public String toString() {
        return pk + "|" + sk;
    }
}
