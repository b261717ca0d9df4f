package org.mpactivation.application;

import java.time.Instant;
import java.util.Objects;
import org.mpactivation.domain.AzurePurchase;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceState;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.port.out.azure.AzureParty;
import org.mpactivation.port.out.azure.SaasSubscription;
import org.mpactivation.port.out.azure.SaasSubscriptionStatus;
import org.mpactivation.repository.AuditTrail;

/**
 * How what the SaaS Fulfillment API says about a subscription becomes ours: the purchase (offer, plan,
 * seats, term, the marketplace's status) and the marketplace state our status derives from. Used where
 * the marketplace is read: the landing page, the webhook, the daily reconciliation.
 */
public final class AzurePurchases {

    private AzurePurchases() {
    }

    /** The purchase as the marketplace describes it now. */
    public static AzurePurchase of(SaasSubscription s) {
        return new AzurePurchase(s.offerId(), s.planId(), s.quantity(), statusText(s.status()), s.term().startDate(),
                s.term().endDate(), s.term().termUnit(), s.autoRenew(), user(s.purchaser()), user(s.beneficiary()),
                s.isTest(), s.isFreeTrial(), s.name());
    }

    /**
     * {@code stored} brought in line with the marketplace: the purchase replaced, the stage moved
     * forward to Unsubscribed where the marketplace says so, the suspension as it says; an ended
     * subscription stays ended whatever it says later. Returns {@code stored} itself when nothing changed.
     */
    public static MarketplaceSubscription follow(MarketplaceSubscription stored, SaasSubscription current,
                                                 String cause, Instant now) {
        AzurePurchase purchase = of(current);
        MarketplaceState state = stored.marketplace();
        MarketplaceState next = switch (current.status()) {
            case SUBSCRIBED -> state.after(LifecycleAction.SUBSCRIBED).withSuspended(false);
            case SUSPENDED -> state.withSuspended(true);
            case UNSUBSCRIBED -> state.after(LifecycleAction.ENDED).withSuspended(false);
            default -> state;
        };
        if (next.stage().isOver()) {
            next = next.withSuspended(false);
        }
        boolean samePurchase = Objects.equals(stored.azure(), purchase);
        if (samePurchase && next.equals(state)) {
            return stored;
        }
        MarketplaceSubscription withPurchase = samePurchase ? stored : stored.withAzure(purchase);
        return next.equals(state) ? withPurchase : withPurchase.withMarketplace(next, cause, now);
    }

    /**
     * Writes an audit entry for each change of plan, seats, term or auto-renewal between two versions
     * of a purchase (the status change has its own entry: {@link AuditTrail#recordChangeOf}).
     */
    public static void recordChanges(AuditTrail audit, MarketplaceSubscription saved, AzurePurchase before,
                                     String cause, Instant at) {
        AzurePurchase after = saved.azure();
        if (after == null || before == null) {
            return;
        }
        record(audit, saved, at, "PLAN", before.planId(), after.planId(), cause);
        record(audit, saved, at, "QUANTITY", text(before.quantity()), text(after.quantity()), cause);
        record(audit, saved, at, "TERM", term(before), term(after), cause);
        record(audit, saved, at, "AUTO_RENEW", Boolean.toString(before.autoRenew()),
                Boolean.toString(after.autoRenew()), cause);
        record(audit, saved, at, "MARKETPLACE_STATUS", before.saasStatus(), after.saasStatus(), cause);
    }

    private static void record(AuditTrail audit, MarketplaceSubscription saved, Instant at, String kind, String from,
                               String to, String cause) {
        if (!Objects.equals(from, to)) {
            audit.recordPurchaseChange(saved.id(), at, kind, from, to == null ? "none" : to, cause);
        }
    }

    private static String term(AzurePurchase p) {
        return p.termStart() == null && p.termEnd() == null ? null
                : time(p.termStart()) + "/" + time(p.termEnd()) + (p.termUnit() == null ? "" : " " + p.termUnit());
    }

    private static String time(Instant at) {
        return at == null ? "null" : org.mpactivation.domain.Timestamps.format(at);
    }

    private static String text(Integer value) {
        return value == null ? null : value.toString();
    }

    private static AzurePurchase.AzureUser user(AzureParty party) {
        return new AzurePurchase.AzureUser(party.tenantId(), party.objectId(), party.emailId());
    }

    private static String statusText(SaasSubscriptionStatus status) {
        return switch (status) {
            case NOT_STARTED -> "NotStarted";
            case PENDING_FULFILLMENT_START -> "PendingFulfillmentStart";
            case SUBSCRIBED -> "Subscribed";
            case SUSPENDED -> "Suspended";
            case UNSUBSCRIBED -> "Unsubscribed";
            case UNKNOWN -> "Unknown";
        };
    }
}
