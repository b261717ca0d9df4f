package org.mpactivation.domain;

/**
 * How an AWS notification names a subscription: the SNS messages by product code and customer
 * identifier; the EventBridge licence events by product code, licence ARN, agreement id and the
 * acceptor's account; the EventBridge agreement events by agreement id and acceptor only.
 */
public record AwsSubscriptionRef(String productCode, String customerIdentifier, String customerAwsAccountId,
                                 String licenseArn, String agreementId) {

    public AwsSubscriptionRef {
        productCode = blankToNull(productCode);
        customerIdentifier = blankToNull(customerIdentifier);
        customerAwsAccountId = blankToNull(customerAwsAccountId);
        licenseArn = blankToNull(licenseArn);
        agreementId = blankToNull(agreementId);
        boolean byProduct = productCode != null && (customerIdentifier != null || licenseArn != null);
        if (!byProduct && agreementId == null) {
            throw new IllegalArgumentException(
                    "a product code with a customer identifier or licence ARN, or an agreement id, is required");
        }
    }

    public AwsSubscriptionRef(String productCode, String customerIdentifier, String customerAwsAccountId,
                              String licenseArn) {
        this(productCode, customerIdentifier, customerAwsAccountId, licenseArn, null);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
