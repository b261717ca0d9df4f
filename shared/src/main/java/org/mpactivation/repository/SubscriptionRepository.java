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
import org.mpactivation.domain.CloudAccountRef;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.domain.MarketplaceStage;
import org.mpactivation.domain.MarketplaceState;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.StatusChange;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/** Marketplace subscriptions and the workspaces billed through them. */
public final class SubscriptionRepository {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Map<String, String>>> ENTITLEMENTS = new TypeReference<>() { };

    private final ItemStore store;

    public SubscriptionRepository(ItemStore store) {
        this.store = store;
    }

    public Optional<MarketplaceSubscription> find(SubscriptionId id) {
        return store.get(Keys.subscription(id)).map(SubscriptionRepository::fromItem);
    }

    /** Stores a new subscription, or returns the one already stored under its id (a replay). */
    public MarketplaceSubscription createOrGet(MarketplaceSubscription subscription) {
        try {
            return fromItem(store.putIfAbsent(toItem(subscription)));
        } catch (ConditionFailedException alreadyThere) {
            return find(subscription.id()).orElseThrow(() -> alreadyThere);
        }
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
        return new MarketplaceSubscription(SubscriptionId.parse(a.get("subscriptionId")),
                CloudAccountRef.parse(a.get("cloudAccount")), aws, a.get("offerType"),
                entitlements(a.get("entitlements")), SubscriptionStatus.valueOf(a.get("status")),
                new MarketplaceState(a.containsKey("stage") ? MarketplaceStage.valueOf(a.get("stage")) : MarketplaceStage.LIVE,
                        Attributes.flag(a, "confirmed"), Attributes.instant(a, "nextCheckAt"),
                        Attributes.flag(a, "endingSoon"),
                        a.containsKey("missedChecks") ? Integer.parseInt(a.get("missedChecks")) : 0),
                a.get("billingAccountId"), Attributes.instant(a, "billingAccountBoundAt"), Attributes.instant(a, "createdAt"), Attributes.instant(a, "activatedAt"),
                change, item.version());
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
