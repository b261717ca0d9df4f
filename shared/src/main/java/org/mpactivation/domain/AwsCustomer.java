package org.mpactivation.domain;

import java.util.Objects;

/**
 * What AWS Marketplace's ResolveCustomer said about the buyer. {@code customerAwsAccountId} and
 * {@code licenseArn} are absent for older products; products with concurrent agreements identify
 * the buyer by account id and licence and may leave {@code customerIdentifier} out.
 */
public record AwsCustomer(String customerIdentifier, String customerAwsAccountId, String productCode,
                          String licenseArn) {

    public AwsCustomer {
        Objects.requireNonNull(productCode, "productCode");
        customerIdentifier = blankToNull(customerIdentifier);
        customerAwsAccountId = blankToNull(customerAwsAccountId);
        licenseArn = blankToNull(licenseArn);
        if (productCode.isBlank()) {
            throw new IllegalArgumentException("product code is required");
        }
        if (customerIdentifier == null && (customerAwsAccountId == null || licenseArn == null)) {
            throw new IllegalArgumentException("a customer identifier, or an account id and a licence, is required");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    /** Product and customer identifier; for concurrent agreements without one, the licence. */
    public SubscriptionId subscriptionId() {
        return SubscriptionId.aws(productCode, customerIdentifier != null ? customerIdentifier : licenseArn);
    }

    /**
     * The id of this buyer's {@code purchase}-th purchase of the product. A buyer named by licence
     * only buys again under a new licence, so for them every purchase is a first one.
     */
    public SubscriptionId subscriptionId(int purchase) {
        return customerIdentifier != null ? SubscriptionId.aws(productCode, customerIdentifier, purchase)
                : subscriptionId();
    }

    /**
     * True when metering names the buyer by customer identifier (with the product code), not by account
     * and licence: then every purchase of the buyer bills the same (customer, dimension, hour) keys.
     */
    public boolean meteredByCustomerIdentifier() {
        return customerAwsAccountId == null || licenseArn == null;
    }

    /** True when purchases are told apart by number: the buyer is named by customer identifier. */
    public boolean countsPurchases() {
        return customerIdentifier != null;
    }

    /** The paying account: the AWS account id where AWS gave it, else the customer identifier. */
    public CloudAccountRef cloudAccount(String partition) {
        return customerAwsAccountId != null
                ? new CloudAccountRef(partition, customerAwsAccountId)
                : new CloudAccountRef(partition + "-customer", customerIdentifier);
    }
}
