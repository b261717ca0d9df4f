package org.mpactivation.repository;

import org.mpactivation.domain.Timestamps;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.domain.BillingAccount;
import org.mpactivation.domain.CloudAccountRef;
import org.mpactivation.domain.CompanyInfo;
import org.mpactivation.domain.ConsoleAccount;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;

/**
 * Console accounts, Billing Center accounts, the guards that keep their names unique, and the links
 * from paying cloud accounts to Billing Center accounts.
 */
public final class AccountRepository {

    private final ItemStore store;
    private final Clock clock;
    private final Duration abandonedAfter;

    /** Names are held until released; a claim by an entity that was never created is never freed. */
    public AccountRepository(ItemStore store) {
        this(store, null, null);
    }

    /**
     * @param abandonedAfter after this long, a name claimed for an account that was never created
     *                       (a registration abandoned after a crash; its session has expired, so it
     *                       cannot be finished) is free again
     */
    public AccountRepository(ItemStore store, Clock clock, Duration abandonedAfter) {
        this.store = store;
        this.clock = clock;
        this.abandonedAfter = abandonedAfter;
    }

    /**
     * Claims a unique name for {@code ownerId}.
     *
     * @return true if the name is now (or already was) owned by {@code ownerId}; false if another
     *         entity owns it
     */
    public boolean claim(UniqueName kind, String value, String ownerId) {
        ItemKey key = Keys.unique(kind, value);
        Map<String, String> claim = clock == null ? Map.of("ownerId", ownerId, "value", value)
                : Map.of("ownerId", ownerId, "value", value, "claimedAt", Timestamps.format(clock.instant()));
        try {
            store.putIfAbsent(Item.of(key, claim));
            return true;
        } catch (ConditionFailedException taken) {
            Optional<Item> holder = store.get(key);
            if (holder.isEmpty()) {
                // released between the two calls: try once more
                return claim(kind, value, ownerId);
            }
            if (ownerId.equals(holder.get().get("ownerId"))) {
                return true;
            }
            if (!abandoned(kind, holder.get())) {
                return false;
            }
            try {
                store.replace(holder.get().withAttributes(claim));
                return true;
            } catch (ConditionFailedException concurrent) {
                return claim(kind, value, ownerId);
            }
        }
    }

    /** Gives a name back, if {@code ownerId} holds it (compensation of a failed saga). */
    public void release(UniqueName kind, String value, String ownerId) {
        ItemKey key = Keys.unique(kind, value);
        store.get(key).filter(item -> ownerId.equals(item.get("ownerId"))).ifPresent(item -> {
            try {
                store.delete(key, item.version());
            } catch (ConditionFailedException changed) {
                // someone else's now, or already released
            }
        });
    }

    public Optional<String> owner(UniqueName kind, String value) {
        return store.get(Keys.unique(kind, value)).filter(item -> !abandoned(kind, item))
                .map(item -> item.get("ownerId"));
    }

    /** Claimed long enough ago for an account that does not exist. */
    private boolean abandoned(UniqueName kind, Item guard) {
        String claimedAt = guard.get("claimedAt");
        if (clock == null || claimedAt == null
                || Timestamps.parse(claimedAt).plus(abandonedAfter).isAfter(clock.instant())) {
            return false;
        }
        String ownerId = guard.get("ownerId");
        return kind == UniqueName.BILLING_USERNAME ? findBillingAccount(ownerId).isEmpty()
                : findConsoleAccount(ownerId).isEmpty();
    }

    public void createConsoleAccount(ConsoleAccount account) {
        putOnce(consoleItem(account));
    }

    /**
     * Writes a registration's console account, Billing Center account, the Billing Center account's
     * link to its first workspace and the subscription's link to it, in one batch without condition.
     * Sound because each is keyed by the registration saga (its ids derive from the session) and
     * the saga writes it alike on every attempt (times are the claim's, the Billing Center account's
     * {@code createdAt}, not the attempt's); the names they carry are guarded by their unique-name
     * items, which stay conditional. A link written before its workspace exists lists nothing:
     * readers skip a workspace that is not there, and the metering counts a listed workspace only
     * while its channel names the subscription.
     *
     * <p>The subscription's link is the one item a later step changes: a release records its time on
     * it. Nothing can release a workspace that does not exist yet, so the batch carries the link only
     * while the workspace is not made; a retry that finds it made passes null and writes the link on
     * its own, only if absent. A bind that lost the workspace to another channel removes the link: a
     * retry puts it back, and removes it again when it finds the workspace billed elsewhere.
     *
     * @param billedThrough the subscription whose link to the workspace goes in the batch, or null to
     *                      leave the link out
     */
    public void createRegisteredAccounts(ConsoleAccount console, BillingAccount billing, String workspaceId,
                                         SubscriptionId billedThrough) {
        List<Item> items = new ArrayList<>(List.of(consoleItem(console), billingItem(billing),
                WorkspaceRepository.billingLink(billing.id(), workspaceId, billing.createdAt())));
        if (billedThrough != null) {
            items.add(SubscriptionRepository.workspaceLink(billedThrough, workspaceId, billing.createdAt()));
        }
        store.putAll(items);
    }

    private static Item consoleItem(ConsoleAccount account) {
        return Item.of(Keys.consoleAccount(account.id()), Attributes.create()
                .put("id", account.id()).put("username", account.username()).put("email", account.email())
                .put("passwordHash", account.passwordHash()).put("phone", account.phone())
                .put("createdAt", account.createdAt()).build());
    }

    public Optional<ConsoleAccount> findConsoleAccount(String id) {
        return store.get(Keys.consoleAccount(id)).map(Item::attributes).map(a -> new ConsoleAccount(a.get("id"),
                a.get("username"), a.get("email"), a.get("passwordHash"), a.get("phone"),
                Attributes.instant(a, "createdAt")));
    }

    public Optional<ConsoleAccount> findConsoleAccountByEmail(String email) {
        return owner(UniqueName.CONSOLE_EMAIL, email).flatMap(this::findConsoleAccount);
    }

    public void createBillingAccount(BillingAccount account) {
        putOnce(billingItem(account));
    }

    private static Item billingItem(BillingAccount account) {
        CompanyInfo c = account.company();
        return Item.of(Keys.billingAccount(account.id()), Attributes.create()
                .put("id", account.id()).put("username", account.username()).put("email", account.email())
                .put("consoleAccountId", account.consoleAccountId())
                .put("companyName", c.companyName()).put("companyContact", c.contactName())
                .put("companyCountry", c.country()).put("companyAddress", c.address())
                .put("createdAt", account.createdAt()).build());
    }

    public Optional<BillingAccount> findBillingAccount(String id) {
        return store.get(Keys.billingAccount(id)).map(Item::attributes).map(a -> new BillingAccount(a.get("id"),
                a.get("username"), a.get("email"),
                new CompanyInfo(a.get("companyName"), a.get("companyContact"), a.get("companyCountry"),
                        a.get("companyAddress")),
                a.get("consoleAccountId"), Attributes.instant(a, "createdAt")));
    }

    public Optional<BillingAccount> findBillingAccountByUsername(String username) {
        return owner(UniqueName.BILLING_USERNAME, username).flatMap(this::findBillingAccount);
    }

    /**
     * Links a paying cloud account to a Billing Center account unless it is linked already. A link
     * to an account that was never created (a registration abandoned after a crash) no longer
     * holds once it is older than the abandonment age.
     *
     * @return the Billing Center account the cloud account is linked to now (the first link wins)
     */
    public String linkCloudAccount(CloudAccountRef cloudAccount, String billingAccountId, Instant at) {
        Item link = Item.of(Keys.cloudAccountLink(cloudAccount), Attributes.create()
                .put("billingAccountId", billingAccountId).put("linkedAt", at).build());
        try {
            store.putIfAbsent(link);
            return billingAccountId;
        } catch (ConditionFailedException alreadyLinked) {
            Item holder = store.get(link.key()).orElseThrow(() -> alreadyLinked);
            String linked = holder.get("billingAccountId");
            if (linked.equals(billingAccountId) || !abandonedLink(holder)) {
                return linked;
            }
            try {
                store.replace(holder.withAttributes(link.attributes()));
                return billingAccountId;
            } catch (ConditionFailedException concurrent) {
                return linkedBillingAccount(cloudAccount).orElseThrow(() -> concurrent);
            }
        }
    }

    private boolean abandonedLink(Item link) {
        String linkedAt = link.get("linkedAt");
        return clock != null && linkedAt != null
                && Timestamps.parse(linkedAt).plus(abandonedAfter).isBefore(clock.instant())
                && findBillingAccount(link.get("billingAccountId")).isEmpty();
    }

    public Optional<String> linkedBillingAccount(CloudAccountRef cloudAccount) {
        return store.get(Keys.cloudAccountLink(cloudAccount)).map(item -> item.get("billingAccountId"));
    }

    /** Creates an item whose id was derived from the saga's key: if it exists, a retry made it. */
    private void putOnce(Item item) {
        try {
            store.putIfAbsent(item);
        } catch (ConditionFailedException madeByAnEarlierAttempt) {
            // idempotent step
        }
    }
}
