package org.mpactivation.domain;

import java.util.Objects;

/**
 * Identifies one marketplace subscription across clouds. AWS: product code and customer identifier
 * (stable for one buyer and product); Azure: the SaaS subscription id.
 */
public record SubscriptionId(Cloud cloud, String value) {

    public SubscriptionId {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("empty subscription id");
        }
    }

    public static SubscriptionId aws(String productCode, String customerIdentifier) {
        return new SubscriptionId(Cloud.AWS, productCode + "/" + customerIdentifier);
    }

    /** A compact text form, {@code aws:<value>}, used in keys and links. */
    public String asText() {
        return cloud.code() + ":" + value;
    }

    public static SubscriptionId parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("not a subscription id");
        }
        return new SubscriptionId(Cloud.fromCode(text.substring(0, colon)), text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return asText();
    }
}
