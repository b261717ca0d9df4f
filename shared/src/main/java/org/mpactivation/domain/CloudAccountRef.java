package org.mpactivation.domain;

import java.util.Objects;

/**
 * The buyer's paying cloud account: the namespace says where the id is unique ({@code aws},
 * {@code aws-cn}, {@code aws-customer} when AWS gave no account id, {@code azure-tenant}).
 */
public record CloudAccountRef(String namespace, String id) {

    public CloudAccountRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(id, "id");
        if (namespace.isBlank() || id.isBlank()) {
            throw new IllegalArgumentException("empty cloud account reference");
        }
    }

    public String asText() {
        return namespace + ":" + id;
    }

    public static CloudAccountRef parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("not a cloud account reference");
        }
        return new CloudAccountRef(text.substring(0, colon), text.substring(colon + 1));
    }

    // written out rather than generated: see ItemKey
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof CloudAccountRef that && namespace.equals(that.namespace)
                && id.equals(that.id);
    }

    @Override
    public int hashCode() {
        return 31 * namespace.hashCode() + id.hashCode();
    }
}
