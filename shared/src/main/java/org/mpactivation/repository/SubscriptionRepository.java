package org.mpactivation.repository;

import org.mpactivation.domain.Timestamps;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.Cloud;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.Slice;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.ConflictRetries;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/** Marketplace subscriptions and the workspaces billed through them. */
public final class SubscriptionRepository {

    /** A buyer's purchases of one product are read one by one: a buyer buys again a handful of times. */
    static final int MAX_PURCHASES = 1000;

    private final ItemStore store;

    public SubscriptionRepository(ItemStore store) {
        this.store = store;
    }

    public Optional<MarketplaceSubscription> find(SubscriptionId id) {
        return store.get(Keys.subscription(id)).map(SubscriptionItems::fromItem);
    }

    /**
     * Stores a new subscription, or returns the one already stored under its id (a replay). An Azure
     * subscription is also listed for the daily comparison (after the subscription, so a crash between
     * the two is mended by the replay).
     */
    public MarketplaceSubscription createOrGet(MarketplaceSubscription subscription) {
        MarketplaceSubscription stored;
        try {
            stored = SubscriptionItems.fromItem(store.putIfAbsent(SubscriptionItems.toItem(subscription)));
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
    /** Reads the items a step plans to read, in one batch (see {@link ReadPlan}). */
    public void readAhead(ReadPlan plan) {
        plan.readWith(store);
    }

    public MarketplaceSubscription save(MarketplaceSubscription subscription) {
        return SubscriptionItems.fromItem(store.replace(SubscriptionItems.toItem(subscription)));
    }

    /** Records that a workspace is billed through this subscription (idempotent). */
    public void linkWorkspace(SubscriptionId id, String workspaceId, Instant at) {
        try {
            store.putIfAbsent(workspaceLink(id, workspaceId, at));
        } catch (ConditionFailedException alreadyLinked) {
            // a retry or a concurrent double-submit: the link is there, which is all we want
        }
    }

    /**
     * A subscription's link to a workspace, as first written: a release later adds its time
     * ({@link #markReleased}), and a bind that lost its workspace to another channel removes it.
     */
    static Item workspaceLink(SubscriptionId id, String workspaceId, Instant at) {
        return Item.of(Keys.subscriptionWorkspace(id, workspaceId),
                Attributes.create().put("workspaceId", workspaceId).put("linkedAt", at).build());
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
            attributes.put("releasedAt", Timestamps.format(at));
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
        return SubscriptionItems.fromItem(item);
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
}
