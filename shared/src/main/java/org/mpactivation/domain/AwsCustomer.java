package org.mpactivation.domain;

import java.util.Objects;

/**
 * What AWS Marketplace's ResolveCustomer said about the buyer. {@code customerAwsAccountId} and
 * {@code licenseArn} are absent for older products.
 */
public record AwsCustomer(String customerIdentifier, String customerAwsAccountId, String productCode,
                          String licenseArn) {

    public AwsCustomer {
        Objects.requireNonNull(customerIdentifier, "customerIdentifier");
        Objects.requireNonNull(productCode, "productCode");
        if (customerIdentifier.isBlank() || productCode.isBlank()) {
            throw new IllegalArgumentException("customer identifier and product code are required");
        }
        customerAwsAccountId = blankToNull(customerAwsAccountId);
        licenseArn = blankToNull(licenseArn);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    public SubscriptionId subscriptionId() {
        return SubscriptionId.aws(productCode, customerIdentifier);
    }

    /** The paying account: the AWS account id where AWS gave it, else the customer identifier. */
    public CloudAccountRef cloudAccount(String partition) {
        return customerAwsAccountId != null
                ? new CloudAccountRef(partition, customerAwsAccountId)
                : new CloudAccountRef(partition + "-customer", customerIdentifier);
    }
}
