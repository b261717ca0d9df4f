package org.mpactivation.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.AzurePurchase;
import org.mpactivation.domain.BuyerIdentity;
import org.mpactivation.domain.Cloud;
import org.mpactivation.domain.CloudAccountRef;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.domain.MarketplaceStage;
import org.mpactivation.domain.MarketplaceState;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.StatusChange;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.port.out.Slice;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.ConflictRetries;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/** Marketplace subscriptions and the workspaces billed through them. */
public final class SubscriptionRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Stored rows (times as ISO-8601 text): nulls left out, unknown fields ignored (a newer build wrote them). */
    private static final ObjectMapper RECORDS = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL).build();
    /** A buyer's purchases of one product are read one by one: a buyer buys again a handful of times. */
    static final int MAX_PURCHASES = 1000;
    private static final TypeReference<List<Map<String, String>>> ENTITLEMENTS = new TypeReference<>() { };

    private final ItemStore store;

    public SubscriptionRepository(ItemStore store) {
        this.store = store;
    }

    public Optional<MarketplaceSubscription> find(SubscriptionId id) {
        return store.get(Keys.subscription(id)).map(SubscriptionRepository::fromItem);
    }

    /**
     * Stores a new subscription, or returns the one already stored under its id (a replay). An Azure
     * subscription is also listed for the daily comparison (after the subscription, so a crash between
     * the two is mended by the replay).
     */
    public MarketplaceSubscription createOrGet(MarketplaceSubscription subscription) {
        MarketplaceSubscription stored;
        try {
            stored = fromItem(store.putIfAbsent(toItem(subscription)));
        } catch (ConditionFailedException alreadyThere) {
            stored = find(subscription.id()).orElseThrow(() -> alreadyThere);
        }
        if (stored.id().cloud() == Cloud.AZURE) {
            listAzure(stored.id());
        }
        return stored;
    }

    /** Lists an Azure subscription for the daily comparison with the marketplace (idempotent). */
    public void listAzure(SubscriptionId id) {
        if (id.cloud() != Cloud.AZURE) {
            throw new IllegalArgumentException("not an Azure subscription: " + id.asText());
        }
        try {
            store.putIfAbsent(Item.of(Keys.azureSubscription(id), Map.of("subscriptionId", id.asText())));
        } catch (ConditionFailedException alreadyListed) {
            // listed before
        }
    }

    /** How many partitions {@link #azureSubscriptions} reads. */
    public static int azureShards() {
        return Keys.AZURE_SHARDS;
    }

    /** The Azure subscriptions we store, one partition at a time, in id order. */
    public Slice<SubscriptionId> azureSubscriptions(int shard, String cursor, int limit) {
        Page page = store.query(Keys.azurePartition(shard), "", cursor, limit);
        List<SubscriptionId> ids = new ArrayList<>();
        page.items().forEach(item -> ids.add(SubscriptionId.parse(item.get("subscriptionId"))));
        return new Slice<>(ids, page.nextCursor());
    }

    /**
     * Writes a changed subscription if nobody wrote it since it was read.
     *
     * @throws ConditionFailedException on a concurrent change: re-read and decide again
     */
    public MarketplaceSubscription save(MarketplaceSubscription subscription) {
        return fromItem(store.replace(toItem(subscription)));
    }

    /** Records that a workspace is billed through this subscription (idempotent). */
    public void linkWorkspace(SubscriptionId id, String workspaceId, Instant at) {
        try {
            store.putIfAbsent(Item.of(Keys.subscriptionWorkspace(id, workspaceId),
                    Attributes.create().put("workspaceId", workspaceId).put("linkedAt", at).build()));
        } catch (ConditionFailedException alreadyLinked) {
            // a retry or a concurrent double-submit: the link is there, which is all we want
        }
    }

    /**
     * Removes the subscription's link to a workspace, unless the link records a release (that one is
     * part of the audit trail).
     *
     * @return true if a link was removed
     */
    public boolean unlinkWorkspace(SubscriptionId id, String workspaceId) {
        Optional<Item> link = store.get(Keys.subscriptionWorkspace(id, workspaceId));
        if (link.isEmpty() || link.get().attributes().containsKey("releasedAt")) {
            return false;
        }
        try {
            store.delete(link.get().key(), link.get().version());
            return true;
        } catch (ConditionFailedException changed) {
            return false;
        }
    }

    /** One workspace billed through a subscription: when it was linked and, once over, released. */
    public record WorkspaceLink(String workspaceId, Instant linkedAt, Instant releasedAt) {
    }

    /** The workspaces linked to a subscription, with their history, in workspace id order. */
    public List<WorkspaceLink> workspaceLinks(SubscriptionId id) {
        List<WorkspaceLink> links = new ArrayList<>();
        String cursor = null;
        do {
            Page page = store.query(Keys.subscriptionPartition(id), "WS#", cursor, 100);
            page.items().forEach(item -> links.add(new WorkspaceLink(item.get("workspaceId"),
                    Attributes.instant(item.attributes(), "linkedAt"),
                    Attributes.instant(item.attributes(), "releasedAt"))));
            cursor = page.nextCursor();
        } while (cursor != null);
        return links;
    }

    /**
     * Records on the link that the subscription released the workspace (idempotent: the first time
     * recorded stays).
     *
     * @return the time recorded on the link
     * @throws IllegalStateException if the workspace was never linked to the subscription
     */
    public Instant markReleased(SubscriptionId id, String workspaceId, Instant at) {
        ConflictRetries retries = ConflictRetries.of("release of " + workspaceId + " by " + id);
        while (retries.next()) {
            Item link = store.get(Keys.subscriptionWorkspace(id, workspaceId))
                    .orElseThrow(() -> new IllegalStateException("workspace not linked to the subscription"));
            Instant recorded = Attributes.instant(link.attributes(), "releasedAt");
            if (recorded != null) {
                return recorded;
            }
            Map<String, String> attributes = new LinkedHashMap<>(link.attributes());
            attributes.put("releasedAt", at.toString());
            try {
                store.replace(link.withAttributes(attributes));
                return at;
            } catch (ConditionFailedException concurrent) {
                // a concurrent release: read again
            }
        }
        throw retries.exhausted();
    }

    /**
     * A buyer's purchases of the product, first one first. Purchases are numbered from 1 without
     * gaps (a later one is only created once the one before it has ended), so they are read by
     * number until one is missing. A buyer named by licence only has the one purchase of that licence.
     */
    public List<MarketplaceSubscription> purchases(AwsCustomer customer) {
        if (!customer.countsPurchases()) {
            return find(customer.subscriptionId()).map(List::of).orElse(List.of());
        }
        List<MarketplaceSubscription> purchases = new ArrayList<>();
        for (int purchase = 1; purchase <= MAX_PURCHASES; purchase++) {
            Optional<MarketplaceSubscription> found = find(customer.subscriptionId(purchase));
            if (found.isEmpty()) {
                return purchases;
            }
            purchases.add(found.get());
        }
        throw new IllegalStateException("more than " + MAX_PURCHASES + " purchases of one product by one buyer");
    }

    /** Lets notices that name the buyer by licence (EventBridge) find the subscription (idempotent). */
    public void linkLicense(String licenseArn, SubscriptionId id) {
        try {
            store.putIfAbsent(Item.of(Keys.license(licenseArn), Map.of("subscriptionId", id.asText())));
        } catch (ConditionFailedException alreadyLinked) {
            // a replay of the arrival
        }
    }

    public Optional<SubscriptionId> findByLicense(String licenseArn) {
        return store.get(Keys.license(licenseArn)).map(item -> SubscriptionId.parse(item.get("subscriptionId")));
    }

    /**
     * Subscriptions whose renewal check is due at {@code now}, one index partition at a time.
     *
     * @param cursor null, or the previous page's cursor
     */
    public Page dueForCheck(int shard, Instant now, String cursor, int limit) {
        return store.queryIndex(Keys.renewalShard(shard), "0", Keys.indexTime(now), cursor, limit);
    }

    public static int renewalShards() {
        return Keys.RENEWAL_SHARDS;
    }

    public static MarketplaceSubscription fromStored(Item item) {
        return fromItem(item);
    }

    public List<String> workspaceIds(SubscriptionId id) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            Page page = store.query(Keys.subscriptionPartition(id), "WS#", cursor, 100);
            page.items().forEach(item -> ids.add(item.get("workspaceId")));
            cursor = page.nextCursor();
        } while (cursor != null);
        return ids;
    }

    private static Item toItem(MarketplaceSubscription s) {
        Attributes a = Attributes.create()
                .put("subscriptionId", s.id().asText())
                .put("cloudAccount", s.cloudAccount().asText())
                .put("offerType", s.offerType())
                .put("status", s.status().name())
                .put("stage", s.marketplace().stage().name())
                .put("confirmed", s.marketplace().confirmed())
                .put("nextCheckAt", s.marketplace().nextCheckAt())
                .put("endingSoon", s.marketplace().endingSoon())
                .put("missedChecks", s.marketplace().missedChecks() == 0 ? null
                        : Integer.toString(s.marketplace().missedChecks()))
                .put("billingAccountId", s.billingAccountId())
                .put("billingAccountBoundAt", s.billingAccountBoundAt())
                .put("createdAt", s.createdAt())
                .put("activatedAt", s.activatedAt())
                .put("entitlements", entitlementsJson(s.entitlements()));
        AwsCustomer aws = s.aws();
        if (aws != null) {
            a.put("awsCustomerIdentifier", aws.customerIdentifier())
                    .put("awsAccountId", aws.customerAwsAccountId())
                    .put("awsProductCode", aws.productCode())
                    .put("awsLicenseArn", aws.licenseArn());
        }
        AzurePurchase azure = s.azure();
        if (azure != null) {
            a.put("azure", json(AzureRow.of(azure)));
        }
        BuyerIdentity buyer = s.buyer();
        if (buyer != null) {
            a.put("buyer", json(BuyerRow.of(buyer)));
        }
        if (s.marketplace().suspended()) {
            a.put("suspended", true);
        }
        StatusChange change = s.lastChange();
        if (change != null) {
            a.put("changeFrom", change.from().name()).put("changeTo", change.to().name())
                    .put("changeCause", change.cause()).put("changeAt", change.at());
        }
        Instant nextCheck = s.marketplace().nextCheckAt();
        IndexKey index = nextCheck == null ? null : new IndexKey(Keys.renewalShard(s.id()), Keys.indexTime(nextCheck));
        return new Item(Keys.subscription(s.id()), a.build(), s.version(), null, index);
    }

    static MarketplaceSubscription fromItem(Item item) {
        Map<String, String> a = item.attributes();
        AwsCustomer aws = a.containsKey("awsProductCode")
                ? new AwsCustomer(a.get("awsCustomerIdentifier"), a.get("awsAccountId"), a.get("awsProductCode"),
                a.get("awsLicenseArn"))
                : null;
        StatusChange change = a.containsKey("changeTo")
                ? new StatusChange(SubscriptionStatus.valueOf(a.get("changeFrom")),
                SubscriptionStatus.valueOf(a.get("changeTo")), a.get("changeCause"), Attributes.instant(a, "changeAt"))
                : null;
        AzurePurchase azure = a.containsKey("azure") ? read(a.get("azure"), AzureRow.class).toPurchase() : null;
        BuyerIdentity buyer = a.containsKey("buyer") ? read(a.get("buyer"), BuyerRow.class).toIdentity() : null;
        return new MarketplaceSubscription(SubscriptionId.parse(a.get("subscriptionId")),
                CloudAccountRef.parse(a.get("cloudAccount")), aws, azure, buyer, a.get("offerType"),
                entitlements(a.get("entitlements")), SubscriptionStatus.valueOf(a.get("status")),
                new MarketplaceState(a.containsKey("stage") ? MarketplaceStage.valueOf(a.get("stage")) : MarketplaceStage.LIVE,
                        Attributes.flag(a, "confirmed"), Attributes.instant(a, "nextCheckAt"),
                        Attributes.flag(a, "endingSoon"),
                        a.containsKey("missedChecks") ? Integer.parseInt(a.get("missedChecks")) : 0,
                        Attributes.flag(a, "suspended")),
                a.get("billingAccountId"), Attributes.instant(a, "billingAccountBoundAt"), Attributes.instant(a, "createdAt"), Attributes.instant(a, "activatedAt"),
                change, item.version());
    }

    /** The stored form of an Azure purchase: flat, with the parties' fields beside the plan's. */
    record AzureRow(String offerId, String planId, Integer quantity, String saasStatus, String termStart,
                    String termEnd, String termUnit, boolean autoRenew, String purchaserTenantId,
                    String purchaserObjectId, String purchaserEmail, String beneficiaryTenantId,
                    String beneficiaryObjectId, String beneficiaryEmail, boolean test, boolean freeTrial,
                    String name) {

        static AzureRow of(AzurePurchase p) {
            return new AzureRow(p.offerId(), p.planId(), p.quantity(), p.saasStatus(), text(p.termStart()),
                    text(p.termEnd()),
                    p.termUnit(), p.autoRenew(), p.purchaser().tenantId(), p.purchaser().objectId(),
                    p.purchaser().email(), p.beneficiary().tenantId(), p.beneficiary().objectId(),
                    p.beneficiary().email(), p.test(), p.freeTrial(), p.name());
        }

        AzurePurchase toPurchase() {
            return new AzurePurchase(offerId, planId, quantity, saasStatus, instant(termStart), instant(termEnd),
                    termUnit, autoRenew,
                    new AzurePurchase.AzureUser(purchaserTenantId, purchaserObjectId, purchaserEmail),
                    new AzurePurchase.AzureUser(beneficiaryTenantId, beneficiaryObjectId, beneficiaryEmail), test,
                    freeTrial, name);
        }
    }

    /** The stored form of the signed-in buyer. */
    record BuyerRow(String issuer, String tenantId, String objectId, String email, String name, String signedInAt) {

        static BuyerRow of(BuyerIdentity b) {
            return new BuyerRow(b.issuer(), b.tenantId(), b.objectId(), b.email(), b.name(), b.signedInAt().toString());
        }

        BuyerIdentity toIdentity() {
            return new BuyerIdentity(issuer, tenantId, objectId, email, name, Instant.parse(signedInAt));
        }
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }

    private static Instant instant(String text) {
        return text == null ? null : Instant.parse(text);
    }

    private static String json(Object value) {
        try {
            return RECORDS.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(value.getClass().getSimpleName() + " not serializable", e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return RECORDS.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " unreadable", e);
        }
    }

    private static String entitlementsJson(List<Entitlement> entitlements) {
        if (entitlements.isEmpty()) {
            return null;
        }
        List<Map<String, String>> rows = new ArrayList<>();
        for (Entitlement e : entitlements) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("dimension", e.dimension());
            row.put("value", e.value());
            if (e.expiresAt() != null) {
                row.put("expiresAt", e.expiresAt().toString());
            }
            rows.add(row);
        }
        try {
            return JSON.writeValueAsString(rows);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("entitlements not serializable", e);
        }
    }

    private static List<Entitlement> entitlements(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            List<Entitlement> result = new ArrayList<>();
            for (Map<String, String> row : JSON.readValue(json, ENTITLEMENTS)) {
                String expires = row.get("expiresAt");
                result.add(new Entitlement(row.get("dimension"), row.get("value"),
                        expires == null ? null : Instant.parse(expires)));
            }
            return result;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored entitlements unreadable", e);
        }
    }
}
