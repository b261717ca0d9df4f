package org.mpactivation.local.operator;

import java.util.List;

/**
 * What the operator pages show, already in text: the templates only lay it out (and escape it).
 * Absent values read {@link #NONE}.
 */
public final class OperatorViews {

    public static final String NONE = "—";

    private OperatorViews() {
    }

    /**
     * The frame around every page.
     *
     * @param csrf    the CSRF token of the operator's session; null on the login page
     * @param section the navigation entry to mark as current
     */
    public record Frame(String title, String csrf, String section, String notice) {

        public boolean signedIn() {
            return csrf != null;
        }
    }

    /** A label and its value. */
    public record Field(String label, String value) {
    }

    /** A link to a subscription's page. */
    public record SubscriptionRef(String id, String href, String status) {
    }

    /** One line of the subscription list. */
    public record SubscriptionRow(SubscriptionRef ref, String cloud, String cloudAccount, String stage,
                                  String confirmed, String endingSoon, String billingAccount, String createdAt,
                                  String activatedAt, List<String> workspaces, MeteringView metering) {
    }

    /**
     * One line of the Azure subscription list: what the marketplace sold beside our status.
     *
     * @param marketplaceStatus the Fulfillment API's {@code saasSubscriptionStatus} when last read
     * @param buyer             who signed in with Microsoft Entra ID to activate it
     */
    public record AzureSubscriptionRow(SubscriptionRef ref, String offer, String plan, String quantity,
                                       String marketplaceStatus, String termEnd, String endingSoon, String buyer,
                                       String billingAccount, String createdAt, List<String> workspaces,
                                       MeteringView metering) {
    }

    /** A change of what was sold (plan, seats, term, auto-renewal, the marketplace's status). */
    public record PurchaseChangeRow(String kind, String from, String to, String cause, String at) {
    }

    /** How far a subscription's usage has been reported. */
    public record MeteringView(String meteredThrough, String dueAt, String flags) {
    }

    public record EntitlementRow(String dimension, String value, String expiresAt) {
    }

    /** A Billing Center account as shown on a subscription's page and on the accounts page. */
    public record AccountCard(String id, String username, String email, String companyName, String contactName,
                              String country, String address, String consoleAccount, String createdAt) {
    }

    /**
     * A workspace.
     *
     * @param channel the subscription it is billed through now, if any
     */
    public record WorkspaceRow(String id, String name, String language, String site, String owner,
                               SubscriptionRef channel, String createdAt, String boundAt) {
    }

    public record AuditRow(String from, String to, String cause, String at) {
    }

    public record LedgerRow(String hour, String dimension, String quantity, String state, String detail) {
    }

    /**
     * Everything about one subscription.
     *
     * @param azure           the Azure purchase and the signed-in buyer (empty for other clouds)
     * @param purchaseChanges the Azure purchase's changes, oldest first
     */
    public record SubscriptionDetail(SubscriptionRef ref, List<Field> fields, List<Field> azure,
                                     List<EntitlementRow> entitlements, AccountCard account,
                                     List<WorkspaceRow> workspaces, List<AuditRow> audit,
                                     List<PurchaseChangeRow> purchaseChanges, MeteringView metering,
                                     List<LedgerRow> ledger) {
    }

    /** One Billing Center account with what hangs off it. */
    public record AccountView(AccountCard account, List<String> cloudAccounts, List<SubscriptionRef> subscriptions,
                              List<WorkspaceRow> workspaces) {
    }

    /** A console account, without its password hash. */
    public record ConsoleRow(String id, String username, String email, String phone, String createdAt) {
    }

    /** One job and its last run. */
    public record JobView(String name, String action, boolean ran, String lastRunAt, String trigger, String took,
                          List<Field> report, String failure) {
    }

    /** One finding of the latest reconciliation run. */
    public record DriftRow(SubscriptionRef subscription, String hour, String dimension, String kind,
                           String ledgerQuantity, String marketplaceQuantity, String detail) {
    }

    /**
     * The latest reconciliation run and its drift.
     *
     * @param run       what the run covered (empty when none has run)
     * @param truncated more drift was found than the page lists
     * @param runAction where the button posts to run the job now (null: no such job here)
     */
    public record ReconciliationView(List<Field> run, List<DriftRow> drift, boolean truncated, String runAction) {
    }
}
