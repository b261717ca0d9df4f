package org.mpactivation.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A workspace: name, language and site (both fixed at creation), owner console account, the
 * Billing Center account it belongs to, and the one billing channel (a marketplace subscription) it
 * is billed through, if any.
 */
public record Workspace(String id, String name, WorkspaceLanguage language, String siteId,
                        String ownerConsoleAccountId, String billingAccountId, SubscriptionId billingChannel,
                        Instant createdAt, Instant boundAt, long version) {

    public Workspace {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(ownerConsoleAccountId, "ownerConsoleAccountId");
        Objects.requireNonNull(billingAccountId, "billingAccountId");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    public boolean isBilledThrough(SubscriptionId subscription) {
        return subscription.equals(billingChannel);
    }

    /** Bindable to a subscription when it is billed through no channel yet. */
    public boolean isBindable() {
        return billingChannel == null;
    }

    public Workspace boundTo(SubscriptionId subscription, Instant at) {
        return new Workspace(id, name, language, siteId, ownerConsoleAccountId, billingAccountId, subscription,
                createdAt, at, version);
    }
}
