package org.mpactivation.aws;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The configuration of the AWS functions, from environment variables (see the README for each).
 * Every external endpoint can be overridden, so the same functions run against AWS, LocalStack,
 * dynalite or the marketplace simulator.
 */
public record AwsSettings(String region, String tableName, Optional<URI> dynamoDbEndpoint, String partition,
                          String marketplaceRegion, Optional<URI> meteringEndpoint,
                          Optional<URI> entitlementEndpoint, String productCode, boolean contractPricing,
                          String sessionSecret, String sitesJson, boolean secureCookies) {

    public static AwsSettings fromEnvironment(Map<String, String> env) {
        String partition = env.getOrDefault("MARKETPLACE_PARTITION", "aws").strip();
        if (!partition.equals("aws") && !partition.equals("aws-cn")) {
            throw new IllegalArgumentException("MARKETPLACE_PARTITION must be aws or aws-cn");
        }
        String defaultMarketplaceRegion = partition.equals("aws-cn") ? "cn-northwest-1" : "us-east-1";
        return new AwsSettings(
                env.getOrDefault("AWS_REGION", defaultMarketplaceRegion),
                required(env, "TABLE_NAME"),
                uri(env, "DYNAMODB_ENDPOINT"),
                partition,
                env.getOrDefault("MARKETPLACE_REGION", defaultMarketplaceRegion),
                uri(env, "MARKETPLACE_METERING_ENDPOINT"),
                uri(env, "MARKETPLACE_ENTITLEMENT_ENDPOINT"),
                required(env, "MARKETPLACE_PRODUCT_CODE"),
                Boolean.parseBoolean(env.getOrDefault("MARKETPLACE_CONTRACT_PRICING", "false")),
                required(env, "SESSION_SECRET"),
                env.getOrDefault("SITES", ""),
                Boolean.parseBoolean(env.getOrDefault("SECURE_COOKIES", "true")));
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set");
        }
        return value.strip();
    }

    private static Optional<URI> uri(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        URI uri = URI.create(value.strip());
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException(name + " must be an absolute http(s) URL");
        }
        return Optional.of(uri);
    }

    @Override
    public String toString() {
        return "AwsSettings[region=" + region + ", table=" + tableName + ", partition=" + partition
                + ", productCode=" + productCode + ", sessionSecret=redacted]";
    }
}
