package org.mpactivation.domain;

/**
 * How an AWS notification names a subscription: the SNS messages by product code and customer
 * identifier; the EventBridge licence events by product code, licence ARN, agreement id and the
 * acceptor's account; the EventBridge agreement events by agreement id and acceptor only.
 */
public record AwsSubscriptionRef(String productCode, String customerIdentifier, String customerAwsAccountId,
                                 String licenseArn, String agreementId) {

    /** The longest product code, customer identifier, account id or agreement id accepted. */
    public static final int IDENTIFIER_MAX = 255;
    /** The longest licence ARN accepted. */
    public static final int ARN_MAX = 1024;

    public AwsSubscriptionRef {
        productCode = blankToNull(productCode);
        customerIdentifier = blankToNull(customerIdentifier);
        customerAwsAccountId = blankToNull(customerAwsAccountId);
        licenseArn = blankToNull(licenseArn);
        agreementId = blankToNull(agreementId);
        // AWS documents 1 to 255 characters for product codes and customer identifiers; account ids are
        // 12 digits and agreement ids short; an ARN is at most 2,048 characters in general, licence ARNs far
        // less. Anything longer is not from AWS, and would not fit a store key.
        limit(productCode, IDENTIFIER_MAX, "product code");
        limit(customerIdentifier, IDENTIFIER_MAX, "customer identifier");
        limit(customerAwsAccountId, IDENTIFIER_MAX, "customer AWS account id");
        limit(agreementId, IDENTIFIER_MAX, "agreement id");
        limit(licenseArn, ARN_MAX, "licence ARN");
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

    private static void limit(String value, int max, String what) {
        if (value != null && value.length() > max) {
            throw new IllegalArgumentException(what + " is longer than " + max + " characters");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
