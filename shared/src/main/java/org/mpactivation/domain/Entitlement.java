package org.mpactivation.domain;

import java.time.Instant;
import java.util.Objects;

/** What a contract listing entitles the buyer to: a dimension, its value and when it expires. */
public record Entitlement(String dimension, String value, Instant expiresAt) {

    public Entitlement {
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(value, "value");
    }
}
