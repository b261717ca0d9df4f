package org.mpactivation.local.operator;

import java.util.ArrayList;
import java.util.List;
import org.mpactivation.domain.AzurePurchase;
import org.mpactivation.domain.BuyerIdentity;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.local.operator.OperatorViews.AzureSubscriptionRow;
import org.mpactivation.local.operator.OperatorViews.Field;
import org.mpactivation.local.operator.OperatorViews.MeteringView;
import org.mpactivation.local.operator.OperatorViews.PurchaseChangeRow;
import org.mpactivation.repository.AuditTrail;

/**
 * The Azure side of the operator pages in text: what the marketplace sold (offer, plan, seats, term,
 * its own status), who signed in to activate it, and the changes of the purchase the webhook and the
 * daily comparison recorded. Kept apart from {@link OperatorQueries}, which reads what every cloud has.
 */
final class AzurePurchaseViews {

    private static final String NONE = OperatorViews.NONE;

    private AzurePurchaseViews() {
    }

    static boolean isAzure(MarketplaceSubscription s) {
        return s.azure() != null;
    }

    static AzureSubscriptionRow row(MarketplaceSubscription s, String billingAccount, List<String> workspaces,
                                    MeteringView metering) {
        AzurePurchase p = s.azure();
        return new AzureSubscriptionRow(OperatorQueries.ref(s), p.offerId(), p.planId(), quantity(p),
                p.saasStatus(), OperatorQueries.time(p.termEnd()), endingSoon(s), buyer(s.buyer()), billingAccount,
                OperatorQueries.time(s.createdAt()), workspaces, metering);
    }

    /** The purchase's fields for the subscription's page (empty for other clouds). */
    static List<Field> fields(MarketplaceSubscription s) {
        List<Field> fields = new ArrayList<>();
        AzurePurchase p = s.azure();
        if (p == null) {
            return fields;
        }
        fields.add(new Field("Offer", p.offerId()));
        fields.add(new Field("Plan", p.planId()));
        fields.add(new Field("Seats", quantity(p)));
        fields.add(new Field("Marketplace status", p.saasStatus()));
        fields.add(new Field("Term", OperatorQueries.time(p.termStart()) + " – " + OperatorQueries.time(p.termEnd())
                + (p.termUnit() == null ? "" : " (" + p.termUnit() + ")")));
        fields.add(new Field("Auto-renew", p.autoRenew() ? "yes" : "no"));
        fields.add(new Field("Purchaser", user(p.purchaser())));
        fields.add(new Field("Beneficiary", user(p.beneficiary())));
        fields.add(new Field("Test or free trial", (p.test() ? "test" : "not a test") + ", "
                + (p.freeTrial() ? "free trial" : "paid")));
        fields.add(new Field("Name in the marketplace", text(p.name())));
        fields.add(new Field("Signed-in buyer", buyer(s.buyer())));
        BuyerIdentity b = s.buyer();
        if (b != null) {
            fields.add(new Field("Buyer's directory and object id", b.key()));
            fields.add(new Field("Signed in at", OperatorQueries.time(b.signedInAt())));
        }
        return fields;
    }

    static List<PurchaseChangeRow> changes(AuditTrail audit, MarketplaceSubscription s) {
        return audit.purchaseChanges(s.id()).stream().map(c -> new PurchaseChangeRow(c.kind(), text(c.from()),
                text(c.to()), text(c.cause()), OperatorQueries.time(c.at()))).toList();
    }

    private static String endingSoon(MarketplaceSubscription s) {
        AzurePurchase p = s.azure();
        if (!s.marketplace().endingSoon()) {
            return "no";
        }
        return p == null || p.termEnd() == null ? "yes" : "yes: ends " + OperatorQueries.time(p.termEnd());
    }

    private static String quantity(AzurePurchase p) {
        return p.quantity() == null ? "flat rate" : p.quantity().toString();
    }

    private static String buyer(BuyerIdentity b) {
        if (b == null) {
            return "not signed in yet";
        }
        String shown = b.name() != null && !b.name().isBlank() ? b.name() : b.objectId();
        return b.email() == null || b.email().isBlank() ? shown : shown + " <" + b.email() + ">";
    }

    private static String user(AzurePurchase.AzureUser u) {
        if (u.email() == null && u.objectId() == null && u.tenantId() == null) {
            return NONE;
        }
        return text(u.email()) + " (directory " + text(u.tenantId()) + ")";
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? NONE : value;
    }
}
