package org.mpactivation.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A workspace: name, language and site (both fixed at creation), owner console account, the
 * Billing Center account it belongs to, and the one billing channel (a marketplace subscription) it
 * is billed through, if any.
 *
 * @param boundAt    when its channel started billing it: usage of hours that end after this goes
 *                   through the channel
 * @param billedUntil set when a channel released it: the hours before this were billed through that
 *                   channel, so a channel bound later bills only the hours from here on (null: none)
 */
public record Workspace(String id, String name, WorkspaceLanguage language, String siteId,
                        String ownerConsoleAccountId, String billingAccountId, SubscriptionId billingChannel,
                        Instant createdAt, Instant boundAt, Instant billedUntil, long version) {

    public Workspace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(ownerConsoleAccountId, "ownerConsoleAccountId");
        Objects.requireNonNull(billingAccountId, "billingAccountId");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A workspace that no channel has released yet. */
    public Workspace(String id, String name, WorkspaceLanguage language, String siteId, String ownerConsoleAccountId,
                     String billingAccountId, SubscriptionId billingChannel, Instant createdAt, Instant boundAt,
                     long version) {
        this(id, name, language, siteId, ownerConsoleAccountId, billingAccountId, billingChannel, createdAt, boundAt,
                null, version);
    }

    public boolean isBilledThrough(SubscriptionId subscription) {
        return subscription.equals(billingChannel);
    }

    /** Bindable to a subscription when it is billed through no channel: never bound, or released. */
    public boolean isBindable() {
        return billingChannel == null;
    }

    /**
     * Billed through {@code subscription} from {@code at}, or, when the channel that released it
     * billed hours beyond that (its final report covers the hour it was sent in), from the end of
     * those hours: no hour goes through two channels.
     */
    public Workspace boundTo(SubscriptionId subscription, Instant at) {
        Instant from = billedUntil != null && billedUntil.isAfter(at) ? billedUntil : at;
        return new Workspace(id, name, language, siteId, ownerConsoleAccountId, billingAccountId, subscription,
                createdAt, from, billedUntil, version);
    }

    /**
     * Released by its channel, which billed the hours before {@code billedUntil} (null when it
     * billed none): bindable again.
     */
    public Workspace released(Instant until) {
        Instant kept = until == null || (billedUntil != null && billedUntil.isAfter(until)) ? billedUntil : until;
        return new Workspace(id, name, language, siteId, ownerConsoleAccountId, billingAccountId, null,
                createdAt, null, kept, version);
    }
}
