package org.mpactivation.local.operator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.BillingAccount;
import org.mpactivation.domain.ConsoleAccount;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.domain.StatusChange;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.Workspace;
import org.mpactivation.local.operator.OperatorViews.AccountCard;
import org.mpactivation.local.operator.OperatorViews.AccountView;
import org.mpactivation.local.operator.OperatorViews.AuditRow;
import org.mpactivation.local.operator.OperatorViews.AzureSubscriptionRow;
import org.mpactivation.local.operator.OperatorViews.ConsoleRow;
import org.mpactivation.local.operator.OperatorViews.EntitlementRow;
import org.mpactivation.local.operator.OperatorViews.Field;
import org.mpactivation.local.operator.OperatorViews.LedgerRow;
import org.mpactivation.local.operator.OperatorViews.MeteringView;
import org.mpactivation.local.operator.OperatorViews.SubscriptionDetail;
import org.mpactivation.local.operator.OperatorViews.SubscriptionRef;
import org.mpactivation.local.operator.OperatorViews.SubscriptionRow;
import org.mpactivation.local.operator.OperatorViews.WorkspaceRow;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.repository.AccountRepository;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.MeteringLedger;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.WorkspaceRepository;

/**
 * Reads what the operator pages show: lists come from the {@link StoreBrowser}, everything per
 * entity through the repositories, so the pages read the data exactly as the use cases do. Only
 * reads: nothing here writes.
 */
final class OperatorQueries {

    static final String BASE = "/operator";
    private static final String NONE_TEXT = OperatorViews.NONE;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final StoreBrowser browser;
    private final SubscriptionRepository subscriptions;
    private final AccountRepository accounts;
    private final WorkspaceRepository workspaces;
    private final AuditTrail audit;
    private final MeteringLedger ledger;
    private final MeteringStates meteringStates;

    OperatorQueries(StoreBrowser browser, ItemStore store) {
        this.browser = browser;
        this.subscriptions = new SubscriptionRepository(store);
        this.accounts = new AccountRepository(store);
        this.workspaces = new WorkspaceRepository(store);
        this.audit = new AuditTrail(store);
        this.ledger = new MeteringLedger(store);
        this.meteringStates = new MeteringStates(store);
    }

    /** Rows read, and how many stored items could not be read (shown as a notice, not as a failure). */
    record Listing<T>(List<T> rows, int unreadable) {
    }

    /** The subscriptions page: Azure subscriptions apart, with the columns only they have. */
    record SubscriptionLists(List<SubscriptionRow> rows, List<AzureSubscriptionRow> azure, int unreadable) {
    }

    /** The accounts page: Billing Center accounts and console accounts. */
    record Accounts(List<AccountView> billing, List<ConsoleRow> console, int unreadable) {
    }

    SubscriptionLists subscriptions() {
        Listing<MarketplaceSubscription> all = allSubscriptions();
        Map<String, MeteringState> meters = new HashMap<>();
        int unreadable = all.unreadable();
        for (Item item : browser.items("METER#", "STATE")) {
            try {
                MeteringState state = MeteringStates.fromStored(item);
                meters.put(state.subscriptionId().asText(), state);
            } catch (RuntimeException e) {
                unreadable++;
            }
        }
        Map<String, List<String>> workspacesByChannel = new HashMap<>();
        for (Workspace w : allWorkspaces()) {
            if (w.billingChannel() != null) {
                workspacesByChannel.computeIfAbsent(w.billingChannel().asText(), k -> new ArrayList<>()).add(w.name());
            }
        }
        Map<String, Optional<BillingAccount>> billing = new HashMap<>();
        List<SubscriptionRow> rows = new ArrayList<>();
        List<AzureSubscriptionRow> azure = new ArrayList<>();
        for (MarketplaceSubscription s : all.rows()) {
            String id = s.id().asText();
            String account = s.billingAccountId() == null ? NONE_TEXT
                    : billing.computeIfAbsent(s.billingAccountId(), accounts::findBillingAccount)
                    .map(BillingAccount::username).orElse(s.billingAccountId());
            if (AzurePurchaseViews.isAzure(s)) {
                azure.add(AzurePurchaseViews.row(s, account, workspacesByChannel.getOrDefault(id, List.of()),
                        metering(meters.get(id))));
                continue;
            }
            rows.add(new SubscriptionRow(ref(s), s.id().cloud().code(), s.cloudAccount().asText(),
                    s.marketplace().stage().name(), yesNo(s.marketplace().confirmed()),
                    yesNo(s.marketplace().endingSoon()), account, time(s.createdAt()), time(s.activatedAt()),
                    workspacesByChannel.getOrDefault(id, List.of()), metering(meters.get(id))));
        }
        return new SubscriptionLists(rows, azure, unreadable);
    }

    Optional<SubscriptionDetail> subscription(SubscriptionId id) {
        return subscriptions.find(id).map(this::detail);
    }

    Accounts accounts() {
        Listing<MarketplaceSubscription> subs = allSubscriptions();
        int unreadable = subs.unreadable();
        Map<String, List<SubscriptionRef>> subsByAccount = new HashMap<>();
        for (MarketplaceSubscription s : subs.rows()) {
            if (s.billingAccountId() != null) {
                subsByAccount.computeIfAbsent(s.billingAccountId(), k -> new ArrayList<>()).add(ref(s));
            }
        }
        Map<String, List<String>> cloudAccounts = new HashMap<>();
        for (Item link : browser.items("CLOUDACCOUNT#", "LINK")) {
            String billingId = link.get("billingAccountId");
            if (billingId != null) {
                cloudAccounts.computeIfAbsent(billingId, k -> new ArrayList<>())
                        .add(link.key().pk().substring("CLOUDACCOUNT#".length()));
            }
        }
        Map<String, Optional<ConsoleAccount>> consoles = new HashMap<>();
        List<BillingAccount> billingAccounts = new ArrayList<>();
        for (Item item : browser.items("BILLING#", "META")) {
            try {
                accounts.findBillingAccount(item.get("id")).ifPresent(billingAccounts::add);
            } catch (RuntimeException e) {
                unreadable++;
            }
        }
        billingAccounts.sort(Comparator.comparing(BillingAccount::createdAt).reversed()
                .thenComparing(BillingAccount::username));
        List<AccountView> views = new ArrayList<>();
        for (BillingAccount b : billingAccounts) {
            List<WorkspaceRow> rows = workspaces.ofBillingAccount(b.id()).stream()
                    .map(w -> workspaceRow(w, consoles)).toList();
            views.add(new AccountView(card(b, consoles), cloudAccounts.getOrDefault(b.id(), List.of()),
                    subsByAccount.getOrDefault(b.id(), List.of()), rows));
        }
        List<ConsoleAccount> consoleAccounts = new ArrayList<>();
        for (Item item : browser.items("CONSOLE#", "META")) {
            try {
                accounts.findConsoleAccount(item.get("id")).ifPresent(consoleAccounts::add);
            } catch (RuntimeException e) {
                unreadable++;
            }
        }
        consoleAccounts.sort(Comparator.comparing(ConsoleAccount::createdAt).reversed()
                .thenComparing(ConsoleAccount::username));
        List<ConsoleRow> consoleRows = consoleAccounts.stream()
                .map(c -> new ConsoleRow(c.id(), c.username(), c.email(), text(c.phone()), time(c.createdAt())))
                .toList();
        return new Accounts(views, consoleRows, unreadable);
    }

    private SubscriptionDetail detail(MarketplaceSubscription s) {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("Subscription id", s.id().asText()));
        fields.add(new Field("Cloud", s.id().cloud().code()));
        fields.add(new Field("Paying cloud account", s.cloudAccount().asText()));
        fields.add(new Field("Status", s.status().name()));
        fields.add(new Field("Marketplace stage", s.marketplace().stage().name()));
        fields.add(new Field("Confirmed by the marketplace", yesNo(s.marketplace().confirmed())));
        fields.add(new Field("Ending soon", yesNo(s.marketplace().endingSoon())));
        fields.add(new Field("Next renewal check", time(s.marketplace().nextCheckAt())));
        AwsCustomer aws = s.aws();
        if (aws != null) {
            fields.add(new Field("AWS product code", aws.productCode()));
            fields.add(new Field("AWS customer identifier", text(aws.customerIdentifier())));
            fields.add(new Field("AWS account id", text(aws.customerAwsAccountId())));
            fields.add(new Field("AWS licence ARN", text(aws.licenseArn())));
        }
        fields.add(new Field("Offer type", text(s.offerType())));
        fields.add(new Field("Billing Center account id", text(s.billingAccountId())));
        fields.add(new Field("Billing Center account bound at", time(s.billingAccountBoundAt())));
        fields.add(new Field("Created", time(s.createdAt())));
        fields.add(new Field("Activated", time(s.activatedAt())));
        StatusChange last = s.lastChange();
        fields.add(new Field("Last status change", last == null ? NONE_TEXT
                : last.from() + " → " + last.to() + " (" + last.cause() + ", " + time(last.at()) + ")"));
        fields.add(new Field("Store version", Long.toString(s.version())));

        List<EntitlementRow> entitlements = new ArrayList<>();
        for (Entitlement e : s.entitlements()) {
            entitlements.add(new EntitlementRow(e.dimension(), e.value(), time(e.expiresAt())));
        }
        Map<String, Optional<ConsoleAccount>> consoles = new HashMap<>();
        AccountCard account = s.billingAccountId() == null ? null
                : accounts.findBillingAccount(s.billingAccountId()).map(b -> card(b, consoles)).orElse(null);
        List<WorkspaceRow> workspaceRows = new ArrayList<>();
        for (String workspaceId : subscriptions.workspaceIds(s.id())) {
            workspaces.find(workspaceId).ifPresent(w -> workspaceRows.add(workspaceRow(w, consoles)));
        }
        // status changes and workspace releases, in time order (both are keyed by their time)
        List<Map.Entry<Instant, AuditRow>> entries = new ArrayList<>();
        audit.history(s.id()).forEach(c -> entries.add(Map.entry(c.at(),
                new AuditRow(c.from().name(), c.to().name(), c.cause(), time(c.at())))));
        audit.releases(s.id()).forEach(r -> entries.add(Map.entry(r.at(),
                new AuditRow("workspace " + r.workspaceId() + " bound", "released", r.cause(), time(r.at())))));
        entries.sort(Map.Entry.comparingByKey());
        List<AuditRow> auditRows = entries.stream().map(Map.Entry::getValue).toList();
        List<LedgerRow> ledgerRows = ledger.entries(s.id()).stream().map(OperatorQueries::ledgerRow).toList();
        return new SubscriptionDetail(ref(s), fields, AzurePurchaseViews.fields(s), entitlements, account,
                workspaceRows, auditRows, AzurePurchaseViews.changes(audit, s),
                meteringStates.find(s.id()).map(OperatorQueries::metering).orElse(null), ledgerRows);
    }

    private Listing<MarketplaceSubscription> allSubscriptions() {
        List<MarketplaceSubscription> all = new ArrayList<>();
        int unreadable = 0;
        for (Item item : browser.items("SUB#", "META")) {
            try {
                all.add(SubscriptionRepository.fromStored(item));
            } catch (RuntimeException e) {
                unreadable++;
            }
        }
        all.sort(Comparator.comparing(MarketplaceSubscription::createdAt).reversed()
                .thenComparing(s -> s.id().asText()));
        return new Listing<>(all, unreadable);
    }

    private List<Workspace> allWorkspaces() {
        List<Workspace> all = new ArrayList<>();
        for (Item item : browser.items("WS#", "META")) {
            try {
                workspaces.find(item.get("id")).ifPresent(all::add);
            } catch (RuntimeException e) {
                // shown by its absence; the subscription list does not depend on it
            }
        }
        return all;
    }

    private AccountCard card(BillingAccount b, Map<String, Optional<ConsoleAccount>> consoles) {
        String console = b.consoleAccountId() == null ? NONE_TEXT
                : consoleAccount(b.consoleAccountId(), consoles)
                .map(c -> c.username() + " <" + c.email() + ">").orElse(b.consoleAccountId());
        return new AccountCard(b.id(), b.username(), b.email(), b.company().companyName(),
                b.company().contactName(), b.company().country(), text(b.company().address()), console,
                time(b.createdAt()));
    }

    private WorkspaceRow workspaceRow(Workspace w, Map<String, Optional<ConsoleAccount>> consoles) {
        String owner = consoleAccount(w.ownerConsoleAccountId(), consoles).map(ConsoleAccount::username)
                .orElse(w.ownerConsoleAccountId());
        SubscriptionRef channel = w.billingChannel() == null ? null
                : subscriptions.find(w.billingChannel()).map(OperatorQueries::ref)
                .orElse(new SubscriptionRef(w.billingChannel().asText(), href(w.billingChannel()), NONE_TEXT));
        return new WorkspaceRow(w.id(), w.name(), w.language().code(), w.siteId(), owner, channel,
                time(w.createdAt()), time(w.boundAt()));
    }

    private Optional<ConsoleAccount> consoleAccount(String id, Map<String, Optional<ConsoleAccount>> cache) {
        return cache.computeIfAbsent(id, accounts::findConsoleAccount);
    }

    private static LedgerRow ledgerRow(LedgerEntry e) {
        return new LedgerRow(time(e.hour()), e.dimension(), Long.toString(e.quantity()), e.state().name(),
                text(e.detail()));
    }

    private static MeteringView metering(MeteringState state) {
        if (state == null) {
            return null;
        }
        String flags;
        if (state.stopped()) {
            flags = state.finalReport() ? "stopped (final report sent)" : "stopped";
        } else {
            flags = state.finalReport() ? "final report due" : "metering";
        }
        return new MeteringView(time(state.meteredThrough()), time(state.dueAt()), flags);
    }

    static SubscriptionRef ref(MarketplaceSubscription s) {
        return new SubscriptionRef(s.id().asText(), href(s.id()), s.status().name());
    }

    static String href(SubscriptionId id) {
        return BASE + "/subscriptions/" + encode(id.asText());
    }

    /** A path segment: every reserved character (':' and '/' of subscription ids) percent-encoded. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String time(Instant instant) {
        return instant == null ? NONE_TEXT : TIME.format(instant);
    }

    private static String yesNo(boolean value) {
        return value ? "yes" : "no";
    }

    private static String text(String value) {
        return value == null || value.isBlank() ? NONE_TEXT : value;
    }
}
