package org.mpactivation.azure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.azure.webhook.WebhookTokenSettings;

/**
 * The Function App's own settings (app settings reach the Java worker as environment variables). Every
 * marketplace endpoint is a setting, so the same build runs against Azure, the local simulators or any
 * other implementation of these APIs. The marketplace client, sign-in and webhook settings are read by
 * their own classes; this one holds what the graph needs around them.
 *
 * @param tableName        the DynamoDB table shared with the AWS functions: one source of truth
 * @param dynamoDbEndpoint an endpoint override (a local DynamoDB); empty on AWS
 * @param awsRegion        the table's region
 * @param publicBaseUrl    where browsers reach this Function App (the sign-in callback is registered below it)
 * @param webhookAuthOff   true only by the explicit local setting: webhook calls are then not authenticated
 */
public record AzureSettings(String tableName, Optional<URI> dynamoDbEndpoint, String awsRegion, String sessionSecret,
                            String sitesJson, boolean secureCookies, URI publicBaseUrl, URI meteringBaseUrl,
                            Map<String, String> meteringDimensions, String operationPolicy, boolean webhookAuthOff,
                            WebhookTokenSettings webhookTokens, Duration endingSoon) {

    public static final String TABLE_NAME = "TABLE_NAME";
    public static final String DYNAMODB_ENDPOINT = "DYNAMODB_ENDPOINT";
    public static final String AWS_REGION = "AWS_REGION";
    public static final String SESSION_SECRET = "SESSION_SECRET";
    public static final String PUBLIC_BASE_URL = "PUBLIC_BASE_URL";
    public static final String METERING_BASE_URL = "AZURE_METERING_BASE_URL";
    public static final String METERING_DIMENSIONS = "METERING_DIMENSIONS";
    public static final String OPERATION_POLICY = "AZURE_OPERATION_POLICY";
    public static final String WEBHOOK_TENANT_ID = "AZURE_WEBHOOK_TENANT_ID";
    public static final String WEBHOOK_AUDIENCE = "AZURE_WEBHOOK_AUDIENCE";
    public static final String WEBHOOK_KEY_SET_URL = "AZURE_WEBHOOK_KEY_SET_URL";
    public static final String WEBHOOK_ISSUER_V1 = "AZURE_WEBHOOK_ISSUER_V1_AUTHORITY";
    public static final String WEBHOOK_ISSUER_V2 = "AZURE_WEBHOOK_ISSUER_V2_AUTHORITY";
    /** {@code off} turns webhook authentication off; honoured only with {@link #LOCAL_PLAIN_HTTP} set too. */
    public static final String WEBHOOK_AUTH = "AZURE_WEBHOOK_AUTH";
    /** Set by the local run only: plain HTTP, no Secure cookies, and the local-only switches allowed. */
    public static final String LOCAL_PLAIN_HTTP = "LOCAL_PLAIN_HTTP";
    public static final String ENDING_SOON_DAYS = "AZURE_ENDING_SOON_DAYS";

    /**
     * @throws IllegalStateException naming every missing or invalid setting
     */
    public static AzureSettings from(Map<String, String> env) {
        List<String> problems = new ArrayList<>();
        String table = required(env, TABLE_NAME, problems);
        String secret = required(env, SESSION_SECRET, problems);
        URI base = uri(env, PUBLIC_BASE_URL, null, problems);
        if (base == null && !problems.contains(PUBLIC_BASE_URL)) {
            problems.add(PUBLIC_BASE_URL);
        }
        boolean local = "true".equalsIgnoreCase(text(env, LOCAL_PLAIN_HTTP));
        boolean authOff = "off".equalsIgnoreCase(text(env, WEBHOOK_AUTH));
        if (authOff && !local) {
            problems.add(WEBHOOK_AUTH + "=off (allowed only in the local run)");
        }
        WebhookTokenSettings webhook = null;
        if (!authOff) {
            String tenant = required(env, WEBHOOK_TENANT_ID, problems);
            String audience = required(env, WEBHOOK_AUDIENCE, problems);
            if (tenant != null && audience != null) {
                webhook = WebhookTokenSettings.forTenant(tenant, audience);
                URI keys = uri(env, WEBHOOK_KEY_SET_URL, null, problems);
                if (keys != null) {
                    webhook = webhook.withKeySetUri(keys);
                }
                String v1 = text(env, WEBHOOK_ISSUER_V1);
                String v2 = text(env, WEBHOOK_ISSUER_V2);
                if (v1 != null || v2 != null) {
                    webhook = webhook.withIssuerAuthorities(v1 != null ? v1 : WebhookTokenSettings.ENTRA_V1_AUTHORITY,
                            v2 != null ? v2 : WebhookTokenSettings.ENTRA_V2_AUTHORITY);
                }
            }
        }
        URI metering = uri(env, METERING_BASE_URL, null, problems);
        Map<String, String> dimensions = dimensions(text(env, METERING_DIMENSIONS), problems);
        int endingSoonDays = 7;
        String days = text(env, ENDING_SOON_DAYS);
        if (days != null) {
            try {
                endingSoonDays = Integer.parseInt(days);
            } catch (NumberFormatException e) {
                problems.add(ENDING_SOON_DAYS + " (a number of days)");
            }
        }
        URI dynamoDb = uri(env, DYNAMODB_ENDPOINT, null, problems);
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Azure Functions settings missing or invalid: " + String.join(", ", problems));
        }
        return new AzureSettings(table, Optional.ofNullable(dynamoDb),
                env.getOrDefault(AWS_REGION, "us-east-1").strip(), secret, env.getOrDefault("SITES", ""), !local,
                base, metering, dimensions, env.getOrDefault(OPERATION_POLICY, "accept-all").strip(), authOff, webhook,
                Duration.ofDays(endingSoonDays));
    }

    @Override
    public String toString() {
        return "AzureSettings[tableName=" + tableName + ", dynamoDbEndpoint=" + dynamoDbEndpoint + ", awsRegion="
                + awsRegion + ", sessionSecret=***, publicBaseUrl=" + publicBaseUrl + ", meteringBaseUrl="
                + meteringBaseUrl + ", webhookAuthOff=" + webhookAuthOff + "]";
    }

    /**
     * {@code {"usage-dimension": "plan-dimension", ...}}, the same JSON object as on AWS: the product's usage
     * dimensions mapped to the plan's metering dimensions.
     */
    private static Map<String, String> dimensions(String json, List<String> problems) {
        Map<String, String> map = new LinkedHashMap<>();
        if (json == null) {
            return map;
        }
        Map<String, String> fields;
        try {
            fields = org.mpactivation.config.JsonFields.ofObject(json).orElse(null);
        } catch (java.io.IOException e) {
            fields = null;
        }
        if (fields == null) {
            problems.add(METERING_DIMENSIONS + " (a JSON object)");
            return map;
        }
        fields.forEach((name, value) -> {
            if (value != null) {
                map.put(name, value);
            } else {
                problems.add(METERING_DIMENSIONS + " (dimension names are strings)");
            }
        });
        return map;
    }

    private static String text(Map<String, String> env, String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String required(Map<String, String> env, String name, List<String> problems) {
        String value = text(env, name);
        if (value == null) {
            problems.add(name);
        }
        return value;
    }

    private static URI uri(Map<String, String> env, String name, URI fallback, List<String> problems) {
        String value = text(env, name);
        if (value == null) {
            return fallback;
        }
        try {
            URI uri = new URI(value);
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                problems.add(name + " (an http(s) URL)");
                return null;
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            problems.add(name + " (an http(s) URL)");
            return null;
        }
    }
}
