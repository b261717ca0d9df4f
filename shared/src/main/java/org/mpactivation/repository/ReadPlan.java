package org.mpactivation.repository;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.CloudAccountRef;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;

/**
 * The items a step will read, named by what they are, to be read together in one batch before the
 * step starts ({@link #readWith}). Within a request's read scope the step's own reads of them are
 * then answered without a round trip; outside one, reading ahead only costs the batch. A plan holds
 * what a step can know before its first read: keys that depend on what it reads come later, alone.
 */
public final class ReadPlan {

    private final Set<ItemKey> keys = new LinkedHashSet<>();

    public ReadPlan session(String sessionId) {
        keys.add(Keys.session(sessionId));
        return this;
    }

    public ReadPlan subscription(SubscriptionId id) {
        keys.add(Keys.subscription(id));
        return this;
    }

    public ReadPlan workspace(String workspaceId) {
        keys.add(Keys.workspace(workspaceId));
        return this;
    }

    public ReadPlan cloudAccountLink(CloudAccountRef account) {
        keys.add(Keys.cloudAccountLink(account));
        return this;
    }

    public ReadPlan uniqueName(UniqueName kind, String value) {
        keys.add(Keys.unique(kind, value));
        return this;
    }

    /** An allowance counter ({@link AllowanceCounters}). */
    public ReadPlan allowance(String counter) {
        keys.add(Keys.limit(counter));
        return this;
    }

    /** A verification code of a session. */
    public ReadPlan code(String sessionId, String purpose, String address) {
        keys.add(Keys.code(sessionId, purpose, address));
        return this;
    }

    /** The first purchase of an arriving AWS buyer, with what notices announced for it. */
    public ReadPlan firstPurchase(AwsCustomer customer) {
        SubscriptionId first = customer.subscriptionId(1);
        keys.add(Keys.subscription(first));
        keys.addAll(NoticeLog.announcedKeys(customer, first));
        return this;
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    public Collection<ItemKey> keys() {
        return List.copyOf(keys);
    }

    /** Reads every planned item in one batch (nothing when the plan is empty). */
    public void readWith(ItemStore store) {
        List<ItemKey> batch = new ArrayList<>(keys);
        for (int from = 0; from < batch.size(); from += ItemStore.MAX_BATCH_GET) {
            store.getAll(batch.subList(from, Math.min(batch.size(), from + ItemStore.MAX_BATCH_GET)));
        }
    }
}
