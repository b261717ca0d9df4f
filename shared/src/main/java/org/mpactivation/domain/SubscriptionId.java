package org.mpactivation.domain;

import java.util.Objects;
import java.util.Optional;

/**
 * Identifies one marketplace subscription across clouds. AWS: product code and customer identifier
 * (stable for one buyer and product), and from a buyer's second purchase of the product on, the
 * purchase's number; Azure: the SaaS subscription id.
 */
public record SubscriptionId(Cloud cloud, String value) {

    public SubscriptionId {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("empty subscription id");
        }
    }

    /** An Azure SaaS subscription, by the id the SaaS Fulfillment API gives it (a GUID). */
    public static SubscriptionId azure(String saasSubscriptionId) {
        return new SubscriptionId(Cloud.AZURE, saasSubscriptionId.strip().toLowerCase(java.util.Locale.ROOT));
    }

    /** A buyer's first purchase of a product (the form every stored subscription of a first purchase has). */
    public static SubscriptionId aws(String productCode, String customerIdentifier) {
        return new SubscriptionId(Cloud.AWS, productCode + "/" + customerIdentifier);
    }

    /**
     * A buyer's {@code purchase}-th purchase of a product, counted from 1: AWS keeps the customer
     * identifier when the same account buys again after an unsubscribe, so later purchases are told
     * apart by their number ({@code <product>/<customer>#2}); the first keeps the form above.
     */
    public static SubscriptionId aws(String productCode, String customerIdentifier, int purchase) {
        if (purchase < 1) {
            throw new IllegalArgumentException("purchases are counted from 1");
        }
        SubscriptionId first = aws(productCode, customerIdentifier);
        return purchase == 1 ? first : new SubscriptionId(Cloud.AWS, first.value() + "#" + purchase);
    }

    /** The same buyer's purchase before this one: for an AWS purchase from the second on (see above). */
    public Optional<SubscriptionId> previousPurchase() {
        int purchase = purchase();
        return purchase < 2 ? Optional.empty() : Optional.of(purchase(purchase - 1));
    }

    /**
     * The same buyer's purchase after this one, had it been made: AWS purchases of a buyer named by
     * customer identifier are numbered (see above).
     */
    public Optional<SubscriptionId> nextPurchase() {
        return cloud != Cloud.AWS ? Optional.empty() : Optional.of(purchase(purchase() + 1));
    }

    /** This AWS purchase's number (1 for the first, and for every id without a number). */
    private int purchase() {
        int hash = value.lastIndexOf('#');
        return cloud == Cloud.AWS && hash >= 0 && value.substring(hash + 1).matches("[0-9]{1,9}")
                ? Integer.parseInt(value.substring(hash + 1)) : 1;
    }

    private SubscriptionId purchase(int number) {
        String first = purchase() == 1 ? value : value.substring(0, value.lastIndexOf('#'));
        return new SubscriptionId(Cloud.AWS, number == 1 ? first : first + "#" + number);
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

    // written out rather than generated: see ItemKey
    @Override
    public boolean equals(Object other) {
        return this == other || other instanceof SubscriptionId that && cloud == that.cloud && value.equals(that.value);
    }

    @Override
    public int hashCode() {
        return 31 * cloud.hashCode() + value.hashCode();
    }
}
