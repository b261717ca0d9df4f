package org.mpactivation.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.AzurePurchase;
import org.mpactivation.domain.BuyerIdentity;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.port.out.store.Item;

/**
 * Subscriptions as an earlier build stored them (the attributes below were written by the build that still read
 * the entitlement rows with the object mapper): they read back as the same subscriptions, and the same
 * subscriptions are written as the same bytes.
 */
class StoredSubscriptionFixtureTest {

    private static final Instant NOW = Instant.parse("2025-03-01T08:00:00Z");

    private static final Map<String, String> STORED_AWS = Map.ofEntries(
            Map.entry("activatedAt", "2025-03-01T08:00:00Z"),
            Map.entry("awsAccountId", "111122223333"),
            Map.entry("awsCustomerIdentifier", "cust-1"),
            Map.entry("awsLicenseArn", "arn:aws:license-manager::1:l/1"),
            Map.entry("awsProductCode", "prod-1"),
            Map.entry("billingAccountBoundAt", "2025-03-01T08:00:00Z"),
            Map.entry("billingAccountId", "billing-1"),
            Map.entry("changeAt", "2025-03-01T08:00:00Z"),
            Map.entry("changeCause", "session:abc"),
            Map.entry("changeFrom", "PENDING_ACTIVATION"),
            Map.entry("changeTo", "ACTIVE"),
            Map.entry("cloudAccount", "aws:111122223333"),
            Map.entry("confirmed", "false"),
            Map.entry("createdAt", "2025-03-01T08:00:00Z"),
            Map.entry("endingSoon", "false"),
            Map.entry("entitlements", "[{\"dimension\":\"users\",\"value\":\"10\",\"expiresAt\":\"2025-03-02T08:00:00Z\"},{\"dimension\":\"tier\",\"value\":\"gold \\\"ü\\\"\"}]"),
            Map.entry("offerType", "free-trial"),
            Map.entry("stage", "LIVE"),
            Map.entry("status", "ACTIVE"),
            Map.entry("subscriptionId", "aws:prod-1/cust-1"));

    private static final Map<String, String> STORED_AZURE = Map.ofEntries(
            Map.entry("activatedAt", "2025-03-01T08:00:00Z"),
            Map.entry("azure", "{\"offerId\":\"contoso-saas\",\"planId\":\"gold\",\"quantity\":12,\"saasStatus\":\"Subscribed\",\"termStart\":\"2025-03-01T08:00:00Z\",\"termEnd\":\"2025-03-31T08:00:00Z\",\"termUnit\":\"P1M\",\"autoRenew\":true,\"purchaserTenantId\":\"tenant-1\",\"purchaserObjectId\":\"oid-1\",\"purchaserEmail\":\"buyer@contoso.example\",\"beneficiaryTenantId\":\"tenant-2\",\"test\":false,\"freeTrial\":true,\"name\":\"Contoso \\\"seats\\\" ü\"}"),
            Map.entry("billingAccountBoundAt", "2025-03-01T08:00:00Z"),
            Map.entry("billingAccountId", "billing-1"),
            Map.entry("buyer", "{\"issuer\":\"https://login.example/tenant-1/v2.0\",\"tenantId\":\"tenant-1\",\"objectId\":\"oid-1\",\"email\":\"buyer@contoso.example\",\"name\":\"Ann Buyer\",\"signedInAt\":\"2025-03-01T08:01:00Z\"}"),
            Map.entry("changeAt", "2025-03-01T08:00:00Z"),
            Map.entry("changeCause", "session:abc"),
            Map.entry("changeFrom", "PENDING_ACTIVATION"),
            Map.entry("changeTo", "ACTIVE"),
            Map.entry("cloudAccount", "azure-tenant:tenant-1"),
            Map.entry("confirmed", "false"),
            Map.entry("createdAt", "2025-03-01T08:00:00Z"),
            Map.entry("endingSoon", "false"),
            Map.entry("stage", "LIVE"),
            Map.entry("status", "ACTIVE"),
            Map.entry("subscriptionId", "azure:6b7c1f0e-2a3d-4e5f-8a9b-0c1d2e3f4a5b"));

    static MarketplaceSubscription aws() {
        AwsCustomer customer = new AwsCustomer("cust-1", "111122223333", "prod-1", "arn:aws:license-manager::1:l/1");
        return MarketplaceSubscription.newAws(customer, customer.cloudAccount("aws"), "free-trial",
                List.of(new Entitlement("users", "10", NOW.plusSeconds(86400)),
                        new Entitlement("tier", "gold \"\u00fc\"", null)),
                NOW).withBillingAccount("billing-1", NOW).activated("session:abc", NOW);
    }

    static MarketplaceSubscription azure() {
        AzurePurchase purchase = new AzurePurchase("contoso-saas", "gold", 12, "Subscribed",
                NOW, NOW.plus(Duration.ofDays(30)), "P1M", true,
                new AzurePurchase.AzureUser("tenant-1", "oid-1", "buyer@contoso.example"),
                new AzurePurchase.AzureUser("tenant-2", null, null), false, true, "Contoso \"seats\" \u00fc");
        return MarketplaceSubscription.newAzure("6B7C1F0E-2A3D-4E5F-8A9B-0C1D2E3F4A5B", purchase, NOW)
                .withBuyer(new BuyerIdentity("https://login.example/tenant-1/v2.0", "tenant-1", "oid-1",
                        "buyer@contoso.example", "Ann Buyer", NOW.plusSeconds(60)))
                .withBillingAccount("billing-1", NOW).activated("session:abc", NOW);
    }

    @Test
    void givenStoredSubscriptions_thenTheyReadBackAsTheSameSubscriptions() {
        for (MarketplaceSubscription expected : List.of(aws(), azure())) {
            Map<String, String> stored = expected.aws() != null ? STORED_AWS : STORED_AZURE;
            assertEquals(expected, SubscriptionItems.fromItem(stored(expected, stored)));
        }
    }

    @Test
    void givenTheSameSubscriptions_thenTheSameAttributesAreWritten() {
        assertEquals(STORED_AWS, SubscriptionItems.toItem(aws()).attributes());
        assertEquals(STORED_AZURE, SubscriptionItems.toItem(azure()).attributes());
    }

    @Test
    void givenEntitlementRowsWithUnknownFieldsAndNumbers_thenReadAsTheMapperDid() {
        Map<String, String> stored = new HashMap<>(STORED_AWS);
        stored.put("entitlements", "[{\"dimension\":\"users\",\"value\":10,\"future\":true,"
                + "\"expiresAt\":null}]");

        assertEquals(List.of(new Entitlement("users", "10", null)),
                SubscriptionItems.fromItem(stored(aws(), stored)).entitlements());
    }

    @Test
    void givenUnreadableEntitlementRows_thenAClearError() {
        for (String broken : List.of("[{\"dimension\":\"users\"", "{\"dimension\":\"users\"}", "[1]",
                "[{\"dimension\":\"users\",\"value\":[\"x\"]}]",
                "[{\"dimension\":\"users\",\"value\":\"1\",\"future\":{}}]")) {
            Map<String, String> stored = new HashMap<>(STORED_AWS);
            stored.put("entitlements", broken);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> SubscriptionItems.fromItem(stored(aws(), stored)), broken);
            assertEquals("stored entitlements unreadable", e.getMessage().substring(0, 30));
        }
    }

    private static Item stored(MarketplaceSubscription subscription, Map<String, String> attributes) {
        Item written = SubscriptionItems.toItem(subscription);
        return new Item(written.key(), attributes, written.version(), written.expiresAt(), written.index());
    }
}
