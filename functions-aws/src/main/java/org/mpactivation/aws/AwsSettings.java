package org.mpactivation.aws;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.config.JsonFields;

/**
 * The configuration of the AWS functions, from environment variables (see the README for each).
 * Every external endpoint can be overridden, so the same functions run against AWS, LocalStack,
 * dynalite or the marketplace simulator.
 */
public record AwsSettings(String region, String tableName, Optional<URI> dynamoDbEndpoint, String partition,
                          String marketplaceRegion, Optional<URI> meteringEndpoint,
                          Optional<URI> entitlementEndpoint, String productCode, boolean contractPricing,
                          String sessionSecret, String sitesJson, boolean secureCookies,
                          Map<String, String> meteringDimensions, Duration meteringWindow,
                          double meteringCallsPerSecond, Duration endingSoon) {

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
                env.getOrDefault("SESSION_SECRET", "").strip(),
                env.getOrDefault("SITES", ""),
                Boolean.parseBoolean(env.getOrDefault("SECURE_COOKIES", "true")),
                dimensions(env.getOrDefault("METERING_DIMENSIONS", "")),
                Duration.ofHours(positive(env, "METERING_WINDOW_HOURS", 6)),
                positive(env, "METERING_CALLS_PER_SECOND", 10),
                Duration.ofDays(positive(env, "RENEWAL_ENDING_SOON_DAYS", 30)));
    }

    /** The session secret: required by the functions that serve pages or start sessions. */
    public String requiredSessionSecret() {
        if (sessionSecret.isEmpty()) {
            throw new IllegalArgumentException("SESSION_SECRET must be set");
        }
        return sessionSecret;
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must be set");
        }
        return value.strip();
    }

    /**
     * {@code {"usage dimension": "marketplace dimension", ...}}; empty: nothing is metered. Read with the streaming
     * parser (no object mapper at cold start): the whole text is checked as JSON before its values' types.
     */
    private static Map<String, String> dimensions(String json) {
        if (json.isBlank()) {
            return Map.of();
        }
        Map<String, String> map;
        try {
            map = JsonFields.ofObject(json)
                    .orElseThrow(() -> new IllegalArgumentException("METERING_DIMENSIONS must be a JSON object"));
        } catch (IOException e) {
            throw new IllegalArgumentException("METERING_DIMENSIONS is not valid JSON", e);
        }
        if (map.containsValue(null)) {
            throw new IllegalArgumentException("METERING_DIMENSIONS values must be strings");
        }
        return map;
    }

    private static int positive(Map<String, String> env, String name, int defaultValue) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed <= 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive whole number");
        }
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
