package org.mpactivation.repository;

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
 */
public final class AuditTrail {

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

    public List<StatusChange> history(SubscriptionId id) {
        List<StatusChange> changes = new ArrayList<>();
        String cursor = null;
        do {
            Page page = store.query(Keys.auditPartition(id), "", cursor, 100);
            for (Item item : page.items()) {
                changes.add(new StatusChange(SubscriptionStatus.valueOf(item.get("from")),
                        SubscriptionStatus.valueOf(item.get("to")), item.get("cause"),
                        Attributes.instant(item.attributes(), "at")));
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        return changes;
    }
}
