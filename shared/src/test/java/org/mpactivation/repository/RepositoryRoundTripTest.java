package org.mpactivation.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.MutableClock;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.AzurePurchase;
import org.mpactivation.domain.BuyerIdentity;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.domain.BillingAccount;
import org.mpactivation.domain.CloudAccountRef;
import org.mpactivation.domain.CompanyInfo;
import org.mpactivation.domain.ConsoleAccount;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.RegistrationDraft;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;
import org.mpactivation.port.out.store.ConditionFailedException;

/** What the repositories write, they read back unchanged; their idempotent steps stay idempotent. */
class RepositoryRoundTripTest {

    private static final Instant NOW = Instant.parse("2025-03-01T08:00:00Z");

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryItemStore store = new InMemoryItemStore(clock);
    private final AccountRepository accounts = new AccountRepository(store);
    private final SubscriptionRepository subscriptions = new SubscriptionRepository(store);
    private final SessionRepository sessions = new SessionRepository(store);
    private final WorkspaceRepository workspaces = new WorkspaceRepository(store);
    private final AuditTrail audit = new AuditTrail(store);

    @Test
    void givenUniqueName_thenTheFirstOwnerKeepsItWhateverTheCase() {
        assertTrue(accounts.claim(UniqueName.CONSOLE_USERNAME, "Ada", "console-1"));
        assertTrue(accounts.claim(UniqueName.CONSOLE_USERNAME, "ada", "console-1"), "a retry by the owner");
        assertFalse(accounts.claim(UniqueName.CONSOLE_USERNAME, "ADA", "console-2"));
        assertTrue(accounts.claim(UniqueName.BILLING_USERNAME, "ada", "billing-2"), "each kind has its own guard");
        assertEquals(Optional.of("console-1"), accounts.owner(UniqueName.CONSOLE_USERNAME, "aDa"));
    }

    @Test
    void givenRelease_thenOnlyTheOwnerCanGiveANameBack() {
        accounts.claim(UniqueName.CONSOLE_EMAIL, "ada@example.com", "console-1");

        accounts.release(UniqueName.CONSOLE_EMAIL, "ada@example.com", "console-2");
        assertEquals(Optional.of("console-1"), accounts.owner(UniqueName.CONSOLE_EMAIL, "ada@example.com"));

        accounts.release(UniqueName.CONSOLE_EMAIL, "ada@example.com", "console-1");
        accounts.release(UniqueName.CONSOLE_EMAIL, "ada@example.com", "console-1");
        assertEquals(Optional.empty(), accounts.owner(UniqueName.CONSOLE_EMAIL, "ada@example.com"));
        assertTrue(accounts.claim(UniqueName.CONSOLE_EMAIL, "ada@example.com", "console-2"));
    }

    @Test
    void givenAccounts_thenTheyReadBackByIdUsernameAndEmail() {
        ConsoleAccount console = new ConsoleAccount("console-1", "ada", "ada@example.com", "$argon2id$x", "", NOW);
        BillingAccount billing = new BillingAccount("billing-1", "ada", "ada@example.com",
                new CompanyInfo("Example Ltd", "Ada", "GB", ""), "console-1", NOW);
        accounts.createConsoleAccount(console);
        accounts.createConsoleAccount(console);
        accounts.createBillingAccount(billing);
        accounts.claim(UniqueName.CONSOLE_EMAIL, "ada@example.com", "console-1");
        accounts.claim(UniqueName.BILLING_USERNAME, "ada", "billing-1");

        assertEquals(Optional.of(console), accounts.findConsoleAccount("console-1"));
        assertEquals(Optional.of(console), accounts.findConsoleAccountByEmail("ada@example.com"));
        assertEquals(Optional.of(billing), accounts.findBillingAccountByUsername("ada"));
        assertEquals(Optional.empty(), accounts.findBillingAccountByUsername("grace"));
    }

    @Test
    void givenCloudAccountLinkedTwice_thenTheFirstLinkWins() {
        CloudAccountRef account = new CloudAccountRef("aws", "111122223333");

        assertEquals("billing-1", accounts.linkCloudAccount(account, "billing-1", NOW));
        assertEquals("billing-1", accounts.linkCloudAccount(account, "billing-2", NOW));
        assertEquals(Optional.of("billing-1"), accounts.linkedBillingAccount(account));
    }

    @Test
    void givenSubscription_thenEveryFieldReadsBack() {
        AwsCustomer customer = new AwsCustomer("cust-1", "111122223333", "prod-1", "arn:aws:license-manager::1:l/1");
        MarketplaceSubscription created = subscriptions.createOrGet(MarketplaceSubscription.newAws(customer,
                customer.cloudAccount("aws"), "free-trial",
                List.of(new Entitlement("users", "10", NOW.plusSeconds(86400)), new Entitlement("tier", "gold", null)),
                NOW));
        MarketplaceSubscription active = subscriptions.save(created.withBillingAccount("billing-1", NOW)
                .activated("session:abc", NOW));

        assertEquals(Optional.of(active), subscriptions.find(customer.subscriptionId()));
        assertEquals(active, subscriptions.createOrGet(MarketplaceSubscription.newAws(customer,
                customer.cloudAccount("aws"), null, List.of(), NOW.plusSeconds(5))), "a replay finds the stored one");
        assertThrows(ConditionFailedException.class, () -> subscriptions.save(created),
                "a stale copy cannot overwrite");
    }

    @Test
    void givenAzureSubscription_thenPurchaseBuyerAndSuspensionReadBack() {
        AzurePurchase purchase = new AzurePurchase("contoso-saas", "gold", 12, "PendingFulfillmentStart",
                NOW, NOW.plus(Duration.ofDays(30)), "P1M", true,
                new AzurePurchase.AzureUser("tenant-1", "oid-1", "buyer@contoso.example"),
                new AzurePurchase.AzureUser("tenant-2", null, null), false, true, "Contoso seats");
        MarketplaceSubscription created = subscriptions.createOrGet(
                MarketplaceSubscription.newAzure("6B7C1F0E-2A3D-4E5F-8A9B-0C1D2E3F4A5B", purchase, NOW));
        assertEquals(SubscriptionId.azure("6b7c1f0e-2a3d-4e5f-8a9b-0c1d2e3f4a5b"), created.id(),
                "Azure ids are GUIDs, kept in one case");
        assertEquals(new CloudAccountRef("azure-tenant", "tenant-1"), created.cloudAccount());
        MarketplaceSubscription signedIn = subscriptions.save(created.withBuyer(new BuyerIdentity(
                "https://login.example/tenant-1/v2.0", "tenant-1", "oid-1", "buyer@contoso.example", "Ann Buyer",
                NOW.plusSeconds(60))).withBillingAccount("billing-1", NOW).activated("session:abc", NOW));
        MarketplaceSubscription suspended = subscriptions.save(signedIn.withAzure(purchase.withSaasStatus("Suspended"))
                .withMarketplace(signedIn.marketplace().withSuspended(true), "webhook:op-1", NOW));

        assertEquals(SubscriptionStatus.SUSPENDED, suspended.status());
        assertEquals(Optional.of(suspended), subscriptions.find(created.id()));
    }

    @Test
    void givenAuditOfTheSameSavedChangeTwice_thenOneEntry() {
        AwsCustomer customer = new AwsCustomer("cust-1", null, "prod-1", null);
        MarketplaceSubscription created = subscriptions.createOrGet(MarketplaceSubscription.newAws(customer,
                customer.cloudAccount("aws"), null, List.of(), NOW));
        MarketplaceSubscription active = subscriptions.save(created.activated("t", NOW));

        audit.recordChangeOf(created);
        audit.recordChangeOf(active);
        audit.recordChangeOf(active);

        assertEquals(List.of(active.lastChange()), audit.history(customer.subscriptionId()));
    }

    @Test
    void givenSessionWithDraft_thenItReadsBackAndExpires() {
        ActivationSession session = new ActivationSession("session-1", "hash", new AwsCustomer("c", null, "p", null)
                .subscriptionId(), new CloudAccountRef("aws-customer", "c"), null, "billing-9", "us-oregon",
                new RegistrationDraft("ada", "ada@example.com", true, "+44 20 7946 0000", "$argon2id$x",
                        new CompanyInfo("Example Ltd", "Ada", "GB", "1 Row")), true, null, NOW,
                NOW.plusSeconds(7200), 0);

        ActivationSession stored = sessions.create(session);

        assertEquals(Optional.of(stored), sessions.find("session-1"));
        assertEquals(session.draft(), stored.draft());
        assertEquals(1, stored.version());
        assertThrows(ConditionFailedException.class, () -> sessions.create(session));
        clock.advance(Duration.ofHours(2));
        assertEquals(Optional.empty(), sessions.find("session-1"));
    }

    @Test
    void givenACompletedSession_thenItsCompletionAndTheWorkspacesItCompletedWithReadBack() {
        ActivationSession session = sessions.create(new ActivationSession("session-2", "hash",
                new AwsCustomer("c", null, "p", null).subscriptionId(), new CloudAccountRef("aws-customer", "c"),
                "billing-9", null, "us-oregon", RegistrationDraft.empty(), true, null, NOW, NOW.plusSeconds(7200), 0));
        assertEquals(List.of(), session.boundWorkspaceIds());

        ActivationSession completed = sessions.save(session.completed(NOW.plusSeconds(5), List.of("ws-1", "ws-2")));

        ActivationSession read = sessions.find("session-2").orElseThrow();
        assertEquals(completed, read);
        assertEquals(NOW.plusSeconds(5), read.completedAt());
        assertEquals(List.of("ws-1", "ws-2"), read.boundWorkspaceIds());
        assertEquals(List.of("ws-1", "ws-2"), read.withSite("eu-frankfurt").boundWorkspaceIds(), "kept by every change");
    }

    @Test
    void givenWorkspacesOfAnAccount_thenTheyAreListedOldestFirst() {
        Workspace later = workspace("ws-b", NOW.plusSeconds(60));
        Workspace earlier = workspace("ws-c", NOW);
        for (Workspace w : List.of(later, earlier)) {
            workspaces.createOrGet(w);
            workspaces.linkToBillingAccount("billing-1", w.id(), NOW);
            workspaces.linkToBillingAccount("billing-1", w.id(), NOW);
        }

        assertEquals(List.of("ws-c", "ws-b"), workspaces.ofBillingAccount("billing-1").stream().map(Workspace::id)
                .toList());
        assertTrue(workspaces.belongsTo("billing-1", "ws-b"));
        assertFalse(workspaces.belongsTo("billing-2", "ws-b"));
        assertEquals(1, workspaces.createOrGet(later).version(), "createOrGet returns the stored one");
    }

    private static Workspace workspace(String id, Instant createdAt) {
        return new Workspace(id, "Name " + id, WorkspaceLanguage.EN, "us-oregon", "console-1", "billing-1", null,
                createdAt, null, 0);
    }
}
