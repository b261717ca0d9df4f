package org.mpactivation.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.testkit.RecordEquality;

/** The records whose equals and hashCode are written out mean what the generated ones would. */
class WrittenOutEqualityTest {

    private static final Instant AT = Instant.parse("2026-03-01T08:00:00Z");
    private static final AzurePurchase.AzureUser PURCHASER = new AzurePurchase.AzureUser("tenant-1", "object-1",
            "buyer@example.com");
    private static final AzurePurchase PURCHASE = new AzurePurchase("offer-1", "plan-1", 5, "Subscribed", AT,
            AT.plusSeconds(86_400), "P1M", true, PURCHASER, new AzurePurchase.AzureUser("tenant-2", "object-2",
            "user@example.com"), true, true, "Production");
    private static final MarketplaceState STATE = new MarketplaceState(MarketplaceStage.LIVE, true, AT, true, 1, true);

    @Test
    void itemKey() {
        RecordEquality.check(new ItemKey("SUB#aws:p/c", "META"), Map.of());
    }

    @Test
    void subscriptionIdAndCloudAccount() {
        RecordEquality.check(SubscriptionId.aws("prod-1", "cust-1"), Map.of());
        RecordEquality.check(new CloudAccountRef("aws", "123456789012"), Map.of());
    }

    @Test
    void marketplaceState() {
        RecordEquality.check(STATE, Map.of());
    }

    @Test
    void azurePurchaseAndItsUsers() {
        RecordEquality.check(PURCHASER, Map.of());
        RecordEquality.check(PURCHASE, Map.of());
    }

    @Test
    void marketplaceSubscription() {
        MarketplaceSubscription sample = new MarketplaceSubscription(SubscriptionId.aws("prod-1", "cust-1"),
                new CloudAccountRef("aws", "123456789012"), new AwsCustomer("cust-1", "123456789012", "prod-1", null),
                PURCHASE, new BuyerIdentity("issuer", "tenant-1", "object-1", "buyer@example.com", "Ada", AT), "contract",
                List.of(new Entitlement("seats", "5", AT)), SubscriptionStatus.ACTIVE, STATE, "billing-1", AT, AT, AT,
                new StatusChange(SubscriptionStatus.PENDING_ACTIVATION, SubscriptionStatus.ACTIVE, "activation", AT), 3);
        Map<Class<?>, UnaryOperator<Object>> alternates = Map.of(
                SubscriptionId.class, id -> SubscriptionId.aws("prod-1", "cust-2"),
                CloudAccountRef.class, account -> new CloudAccountRef("aws", "210987654321"),
                List.class, entitlements -> List.of());
        RecordEquality.check(sample, alternates);
    }
}
