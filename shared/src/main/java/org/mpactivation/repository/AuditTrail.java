package org.mpactivation.repository;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.StatusChange;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;

/**
 * Every subscription status change, readable per subscription, oldest first. An entry is keyed by
 * the change's time and new status (both kept on the subscription item with the change), so
 * writing it again after a crash, from a concurrent request or after later writes is harmless.
 * The same trail says when an ended subscription released a workspace, keyed by the release time
 * kept on the subscription's link to the workspace.
 */
public final class AuditTrail {

    private static final String RELEASED = "RELEASED";
    private static final String CHANGED = "CHANGED";

    private final ItemStore store;

    public AuditTrail(ItemStore store) {
        this.store = store;
    }

    /** Writes the audit entry of the change that {@code saved} (as returned by the store) carries. */
    public void recordChangeOf(MarketplaceSubscription saved) {
        StatusChange change = saved.lastChange();
        if (change == null) {
            return;
        }
        Map<String, String> attributes = Attributes.create()
                .put("from", change.from().name()).put("to", change.to().name())
                .put("cause", change.cause()).put("at", change.at()).build();
        try {
            store.putIfAbsent(Item.of(Keys.auditEntry(saved.id(), change.at(), change.to().name()), attributes));
        } catch (ConditionFailedException alreadyWritten) {
            // written before this retry
        }
    }

    /** A workspace that the subscription no longer bills, from {@code at} on. */
    public record WorkspaceReleased(String workspaceId, Instant at, String cause) {
    }

    /** Writes that the subscription released the workspace at {@code at} (idempotent for the same time). */
    public void recordRelease(SubscriptionId id, String workspaceId, Instant at, String cause) {
        Map<String, String> attributes = Attributes.create()
                .put("from", "BOUND").put("to", RELEASED).put("workspaceId", workspaceId)
                .put("cause", cause).put("at", at).build();
        try {
            store.putIfAbsent(Item.of(Keys.auditEntry(id, at, RELEASED + "#" + workspaceId), attributes));
        } catch (ConditionFailedException alreadyWritten) {
            // written before this retry
        }
    }

    /**
     * A change the marketplace made to what was sold, apart from the status: a new plan, seat count or
     * term, or a suspension (idempotent for the same time, kind and value).
     *
     * @param kind  what changed: {@code PLAN}, {@code QUANTITY}, {@code TERM}, {@code AUTO_RENEW}, ...
     * @param from  the value before (null when there was none)
     * @param to    the value now
     * @param cause who said so: {@code webhook:<operation id>}, {@code reconciliation:<run>}
     */
    public void recordPurchaseChange(SubscriptionId id, Instant at, String kind, String from, String to, String cause) {
        Map<String, String> attributes = Attributes.create()
                .put("kind", kind).put("fromValue", from).put("toValue", to)
                .put("cause", cause).put("at", at).build();
        try {
            store.putIfAbsent(Item.of(Keys.auditEntry(id, at, CHANGED + "#" + kind + "#" + to), attributes));
        } catch (ConditionFailedException alreadyWritten) {
            // written before this retry
        }
    }

    /** One change of what was sold (see {@link #recordPurchaseChange}). */
    public record PurchaseChange(String kind, String from, String to, Instant at, String cause) {
    }

    /** The changes of what was sold, oldest first. */
    public List<PurchaseChange> purchaseChanges(SubscriptionId id) {
        List<PurchaseChange> changes = new ArrayList<>();
        for (Item item : entries(id)) {
            if (item.get("kind") != null) {
                changes.add(new PurchaseChange(item.get("kind"), item.get("fromValue"), item.get("toValue"),
                        Attributes.instant(item.attributes(), "at"), item.get("cause")));
            }
        }
        return changes;
    }

    /** The workspaces the subscription released, oldest first. */
    public List<WorkspaceReleased> releases(SubscriptionId id) {
        List<WorkspaceReleased> releases = new ArrayList<>();
        for (Item item : entries(id)) {
            if (item.get("workspaceId") != null) {
                releases.add(new WorkspaceReleased(item.get("workspaceId"), Attributes.instant(item.attributes(), "at"),
                        item.get("cause")));
            }
        }
        return releases;
    }

    public List<StatusChange> history(SubscriptionId id) {
        List<StatusChange> changes = new ArrayList<>();
        for (Item item : entries(id)) {
            if (item.get("workspaceId") == null && item.get("kind") == null) {
                changes.add(new StatusChange(SubscriptionStatus.valueOf(item.get("from")),
                        SubscriptionStatus.valueOf(item.get("to")), item.get("cause"),
                        Attributes.instant(item.attributes(), "at")));
            }
        }
        return changes;
    }

    private List<Item> entries(SubscriptionId id) {
        List<Item> items = new ArrayList<>();
        String cursor = null;
        do {
            Page page = store.query(Keys.auditPartition(id), "", cursor, 100);
            items.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return items;
    }
}
