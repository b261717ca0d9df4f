package org.mpactivation.aws.notify;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The SNS topics whose messages we accept. AWS Marketplace publishes a product's subscription and
 * entitlement notifications from its own account in us-east-1; those two topics are the default.
 * Another partition (or a test stack) names its topics in {@code MARKETPLACE_SNS_TOPIC_ARNS},
 * comma-separated. All topics must live in one region: the SNS signature check is tied to it.
 */
public record NotificationTopics(Set<String> arns) {

    /** The account AWS Marketplace publishes its SNS notifications from (partition aws). */
    public static final String MARKETPLACE_ACCOUNT = "287250355862";
    public static final String ENVIRONMENT_VARIABLE = "MARKETPLACE_SNS_TOPIC_ARNS";

    public NotificationTopics {
        if (arns == null || arns.isEmpty()) {
            throw new IllegalArgumentException("at least one SNS topic ARN is required");
        }
        arns = Set.copyOf(arns);
        Set<String> regions = arns.stream().map(NotificationTopics::regionOf).collect(Collectors.toSet());
        if (regions.size() != 1) {
            throw new IllegalArgumentException("all SNS topics must be in one region");
        }
    }

    /** The two topics AWS Marketplace creates for a product. */
    public static NotificationTopics forProduct(String productCode) {
        requireProductCode(productCode);
        String prefix = "arn:aws:sns:us-east-1:" + MARKETPLACE_ACCOUNT + ":";
        return new NotificationTopics(Set.of(
                prefix + "aws-mp-subscription-notification-" + productCode,
                prefix + "aws-mp-entitlement-notification-" + productCode));
    }

    /** The configured topics, or the product's default pair when none are configured. */
    public static NotificationTopics fromEnvironment(Map<String, String> env, String productCode) {
        String configured = env.get(ENVIRONMENT_VARIABLE);
        if (configured == null || configured.isBlank()) {
            return forProduct(productCode);
        }
        Set<String> arns = Arrays.stream(configured.split(","))
                .map(String::strip)
                .filter(arn -> !arn.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
        return new NotificationTopics(arns);
    }

    public boolean allows(String topicArn) {
        return topicArn != null && arns.contains(topicArn);
    }

    /** The region the topics publish from, which is where SNS signs their messages. */
    public String region() {
        return regionOf(arns.iterator().next());
    }

    private static String regionOf(String arn) {
        String[] parts = arn == null ? new String[0] : arn.split(":", 6);
        if (parts.length != 6 || !parts[0].equals("arn") || !parts[2].equals("sns") || parts[3].isBlank()
                || parts[5].isBlank()) {
            throw new IllegalArgumentException("not an SNS topic ARN in " + ENVIRONMENT_VARIABLE);
        }
        return parts[3];
    }

    static void requireProductCode(String productCode) {
        if (productCode == null || productCode.isBlank() || !productCode.strip().equals(productCode)) {
            throw new IllegalArgumentException("MARKETPLACE_PRODUCT_CODE must be set");
        }
    }
}
