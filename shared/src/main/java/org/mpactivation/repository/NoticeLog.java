package org.mpactivation.repository;

import org.mpactivation.domain.Timestamps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.AwsSubscriptionRef;
import org.mpactivation.domain.LicenseId;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceStage;
import org.mpactivation.domain.MarketplaceState;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.ConflictRetries;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;

/**
 * What the marketplaces have told us: which notices were applied (for dedup, kept for a while), and
 * per buyer reference the furthest stage announced, so that a notice that arrives before the buyer
 * (a subscribe-success before activation) is remembered and applied when the subscription appears.
 */
public final class NoticeLog {

    /** Marketplaces redeliver for days at most; a notice id is remembered this long. */
    public static final Duration DEDUP_RETENTION = Duration.ofDays(30);

    private final ItemStore store;

    public NoticeLog(ItemStore store) {
        this.store = store;
    }

    public boolean seen(String source, String noticeId) {
        return store.get(noticeKey(source, noticeId)).filter(NoticeLog::handled).isPresent();
    }

    public void markSeen(String source, String noticeId, Instant at) {
        markSeen(source, noticeId, at, null);
    }

    /**
     * Marks a notice as handled and keeps how it was answered, so that a redelivery gets the same answer
     * (a webhook call that was declined stays declined). The first outcome written stays.
     *
     * @param outcome how the notice was answered, null when there is nothing to tell
     */
    public void markSeen(String source, String noticeId, Instant at, String outcome) {
        Map<String, String> attributes = outcome == null ? Map.of("appliedAt", Timestamps.format(at))
                : Map.of("appliedAt", Timestamps.format(at), "outcome", outcome);
        try {
            store.putIfAbsent(new Item(noticeKey(source, noticeId), attributes, 0, at.plus(DEDUP_RETENTION), null));
        } catch (ConditionFailedException concurrentDelivery) {
            // applied by a concurrent delivery of the same notice: same state either way
        }
    }

    /**
     * How a notice already handled was answered: empty when it was not handled (or is forgotten), the
     * outcome given to {@link #markSeen(String, String, Instant, String)}, or an empty text when none was.
     */
    public Optional<String> outcome(String source, String noticeId) {
        return store.get(noticeKey(source, noticeId)).filter(NoticeLog::handled).map(item -> {
            String outcome = item.get("outcome");
            return outcome == null ? "" : outcome;
        });
    }

    /** A lease on handling one notice, held by one delivery; see {@link #claim}. */
    public record Claim(String source, String noticeId, long version) {
    }

    /**
     * Takes a short lease on handling a notice not handled yet, so that concurrent deliveries of it do not each act
     * on the marketplace (one answer per operation). The lease lives in the notice's own record, which
     * {@link #settle} turns into the handled record; {@link #abandon} gives it back. Empty when another delivery
     * holds a lease that has not run out (a crashed holder's lease runs out), or when the notice was handled
     * meanwhile (ask {@link #outcome} again).
     */
    public Optional<Claim> claim(String source, String noticeId, Instant now, Duration lease) {
        ItemKey key = noticeKey(source, noticeId);
        Map<String, String> attributes = Map.of("leasedUntil", Timestamps.format(now.plus(lease)));
        Optional<Item> held = store.get(key);
        try {
            if (held.isEmpty()) {
                Item claimed = store.putIfAbsent(new Item(key, attributes, 0, now.plus(DEDUP_RETENTION), null));
                return Optional.of(new Claim(source, noticeId, claimed.version()));
            }
            Item item = held.get();
            if (handled(item) || Timestamps.parse(item.get("leasedUntil")).isAfter(now)) {
                return Optional.empty();
            }
            Item taken = store.replace(item.withAttributes(attributes));
            return Optional.of(new Claim(source, noticeId, taken.version()));
        } catch (ConditionFailedException concurrentDelivery) {
            return Optional.empty();
        }
    }

    /** Records how the claimed notice was answered, in place of the lease. */
    public void settle(Claim claim, Instant at, String outcome) {
        Item handledRecord = new Item(noticeKey(claim.source(), claim.noticeId()),
                Map.of("appliedAt", Timestamps.format(at), "outcome", outcome), claim.version(), at.plus(DEDUP_RETENTION), null);
        try {
            store.replace(handledRecord);
        } catch (ConditionFailedException takenOver) {
            // the lease ran out and another delivery took the notice over: its record stands
        }
    }

    /** Gives a lease back that was not settled (nothing was decided, or a step failed). */
    public void abandon(Claim claim) {
        try {
            store.delete(noticeKey(claim.source(), claim.noticeId()), claim.version());
        } catch (ConditionFailedException settledOrTakenOver) {
            // settled, or taken over by another delivery: nothing of ours to give back
        }
    }

    private static boolean handled(Item item) {
        return item.get("appliedAt") != null;
    }

    /** Raises the remembered state of every key the reference has (a customer's first purchase). */
    public void remember(AwsSubscriptionRef ref, LifecycleAction action) {
        remember(ref, null, action);
    }

    /**
     * Raises the remembered state of every key the reference has.
     *
     * @param purchase which of the buyer's purchases a reference by customer identifier means (AWS
     *                 keeps the identifier when the account buys again); null: the first
     */
    public void remember(AwsSubscriptionRef ref, SubscriptionId purchase, LifecycleAction action) {
        for (ItemKey key : keys(ref, purchase)) {
            raise(key, current -> current.after(action));
        }
        // an agreement event names only the agreement: once a licence event has linked it, what it
        // announces also goes to the licence, where a later arrival looks (written after the
        // agreement's own state, so that it or a concurrent link carries it over)
        if (ref.agreementId() != null && ref.licenseArn() == null) {
            licenseOfAgreement(ref.agreementId()).ifPresent(license ->
                    raise(announcedKey("license:" + LicenseId.of(license)), current -> current.after(action)));
        }
    }

    /**
     * Records that an agreement's licence is this one (the licence events carry both), and carries
     * what was announced for the agreement over to the licence, where arrivals and later notices
     * find it. Idempotent.
     */
    public void linkAgreement(String agreementId, String licenseArn) {
        try {
            store.putIfAbsent(Item.of(agreementKey(agreementId), Map.of("licenseArn", licenseArn)));
        } catch (ConditionFailedException alreadyLinked) {
            // a redelivery, or another licence event of the same agreement
        }
        Optional<Item> announced = store.get(announcedKey("agreement:" + agreementId));
        if (announced.isPresent()) {
            MarketplaceState state = stateOf(announced.get());
            raise(announcedKey("license:" + LicenseId.of(licenseArn)), current -> current.merge(state));
        }
    }

    public Optional<String> licenseOfAgreement(String agreementId) {
        return store.get(agreementKey(agreementId)).map(item -> item.get("licenseArn"));
    }

    /** Everything announced under any name of the reference (and the licence of its agreement). */
    public Optional<MarketplaceState> remembered(AwsSubscriptionRef ref) {
        return remembered(ref, null);
    }

    /** As {@link #remembered(AwsSubscriptionRef)}, for the given purchase of a buyer named by customer identifier. */
    public Optional<MarketplaceState> remembered(AwsSubscriptionRef ref, SubscriptionId purchase) {
        List<ItemKey> keys = new ArrayList<>(keys(ref, purchase));
        if (ref.agreementId() != null && ref.licenseArn() == null) {
            licenseOfAgreement(ref.agreementId())
                    .ifPresent(license -> keys.add(announcedKey("license:" + LicenseId.of(license))));
        }
        return merged(keys);
    }

    /** The furthest state announced for this buyer before or while they arrived, if any. */
    public Optional<MarketplaceState> remembered(AwsCustomer customer) {
        return remembered(customer, null);
    }

    /** As {@link #remembered(AwsCustomer)}, for the given purchase (null: the first). */
    public Optional<MarketplaceState> remembered(AwsCustomer customer, SubscriptionId purchase) {
        return merged(announcedKeys(customer, purchase));
    }

    /** The keys {@link #remembered(AwsCustomer, SubscriptionId)} reads. */
    static List<ItemKey> announcedKeys(AwsCustomer customer, SubscriptionId purchase) {
        return keys(new AwsSubscriptionRef(customer.productCode(), customer.customerIdentifier(),
                customer.customerAwsAccountId(), customer.licenseArn()), purchase);
    }

    /** The states under these keys merged; the keys are independent, so they are read together. */
    private Optional<MarketplaceState> merged(List<ItemKey> keys) {
        MarketplaceState merged = null;
        Map<ItemKey, Item> found = keys.size() == 1
                ? store.get(keys.get(0)).map(item -> Map.of(item.key(), item)).orElse(Map.of())
                : store.getAll(new java.util.LinkedHashSet<>(keys));
        for (ItemKey key : keys) {
            Item item = found.get(key);
            if (item != null) {
                MarketplaceState state = stateOf(item);
                merged = merged == null ? state : merged.merge(state);
            }
        }
        return Optional.ofNullable(merged);
    }

    private void raise(ItemKey key, java.util.function.UnaryOperator<MarketplaceState> change) {
        ConflictRetries retries = ConflictRetries.of("remembered notice");
        while (retries.next()) {
            Optional<Item> current = store.get(key);
            MarketplaceState before = current.map(NoticeLog::stateOf).orElse(null);
            MarketplaceState after = change.apply(before == null ? MarketplaceState.initial() : before);
            if (after.equals(before)) {
                return;
            }
            Map<String, String> attributes = Map.of("stage", after.stage().name(),
                    "confirmed", Boolean.toString(after.confirmed()));
            try {
                if (current.isPresent()) {
                    store.replace(current.get().withAttributes(attributes));
                } else {
                    store.putIfAbsent(Item.of(key, attributes));
                }
                return;
            } catch (ConditionFailedException concurrent) {
                // another notice for the same buyer: read again
            }
        }
        throw retries.exhausted();
    }

    private static MarketplaceState stateOf(Item item) {
        return new MarketplaceState(MarketplaceStage.valueOf(item.get("stage")),
                Boolean.parseBoolean(item.get("confirmed")), null, false);
    }

    private static List<ItemKey> keys(AwsSubscriptionRef ref, SubscriptionId purchase) {
        List<ItemKey> keys = new ArrayList<>(3);
        if (ref.customerIdentifier() != null && ref.productCode() != null) {
            // the first purchase keeps the key it always had; a later one has its own
            SubscriptionId named = purchase != null ? purchase
                    : SubscriptionId.aws(ref.productCode(), ref.customerIdentifier());
            keys.add(announcedKey("aws:" + named.value()));
        }
        if (ref.licenseArn() != null) {
            keys.add(announcedKey("license:" + LicenseId.of(ref.licenseArn())));
        }
        if (ref.agreementId() != null) {
            keys.add(announcedKey("agreement:" + ref.agreementId()));
        }
        return keys;
    }

    private static ItemKey announcedKey(String name) {
        return new ItemKey("ANNOUNCED#" + name, "STATE");
    }

    private static ItemKey agreementKey(String agreementId) {
        return new ItemKey("AGREEMENT#" + agreementId, "LICENSE");
    }

    private static ItemKey noticeKey(String source, String noticeId) {
        return new ItemKey("NOTICE#" + source + "#" + noticeId, "APPLIED");
    }
}
