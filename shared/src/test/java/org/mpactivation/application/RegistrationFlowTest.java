package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.security.Argon2PasswordHasher;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.BillingAccount;
import org.mpactivation.domain.ConsoleAccount;
import org.mpactivation.domain.InvalidInputException;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.StatusChange;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.StoreUnavailableException;
import org.mpactivation.repository.UniqueName;

/** Step 3 through the use cases on the in-memory store: basic information, company, activate. */
class RegistrationFlowTest {

    private final ActivationFixture fx = new ActivationFixture();

    @Test
    void givenNewBuyer_whenActivating_thenOneOfEachIsCreatedAndTheSubscriptionIsActive() {
        ActivationFixture real = new ActivationFixture(new Argon2PasswordHasher(), CodePolicy.standard());
        ActivationSession session = real.arrive("cust-1", "111122223333").session();
        ActivationSession ready = real.enterRegistration(session, "ada", "Ada@Example.com");

        Registration.Activated activated = real.registration.activate(ready, "Production 生产", "zh", "cn-ningxia");

        assertEquals(1, real.recorded.items("CONSOLE#", "META").size());
        assertEquals(1, real.recorded.items("BILLING#", "META").size());
        assertEquals(1, real.recorded.items("WS#", "META").size());
        BillingAccount billing = real.accounts.findBillingAccountByUsername("ada").orElseThrow();
        ConsoleAccount console = real.accounts.findConsoleAccountByEmail("ada@example.com").orElseThrow();
        assertEquals(console.id(), billing.consoleAccountId());
        assertEquals("ada@example.com", billing.email());
        assertEquals("Example Ltd", billing.company().companyName());
        assertTrue(console.passwordHash().startsWith("$argon2id$"), console.passwordHash());
        assertTrue(new Argon2PasswordHasher().matches(ActivationFixture.PASSWORD, console.passwordHash()));

        Workspace workspace = activated.workspace();
        assertEquals(List.of(workspace), real.workspaces.ofBillingAccount(billing.id()));
        assertEquals("Production 生产", workspace.name());
        assertEquals(WorkspaceLanguage.ZH, workspace.language());
        assertEquals("cn-ningxia", workspace.siteId());
        assertEquals(console.id(), workspace.ownerConsoleAccountId());
        assertTrue(workspace.isBilledThrough(session.subscriptionId()));

        MarketplaceSubscription subscription = real.subscriptions.find(session.subscriptionId()).orElseThrow();
        assertEquals(SubscriptionStatus.ACTIVE, subscription.status());
        assertEquals(billing.id(), subscription.billingAccountId());
        assertNotNull(subscription.activatedAt());
        assertEquals(List.of(workspace.id()), real.subscriptions.workspaceIds(session.subscriptionId()));
        List<StatusChange> history = real.audit.history(session.subscriptionId());
        assertEquals(1, history.size(), "one status change, one audit entry");
        assertEquals(SubscriptionStatus.PENDING_ACTIVATION, history.get(0).from());
        assertEquals(SubscriptionStatus.ACTIVE, history.get(0).to());

        assertEquals(Optional.of(billing.id()), real.accounts.linkedBillingAccount(session.cloudAccount()));
        assertTrue(activated.session().isCompleted());
        assertEquals(billing.id(), activated.session().billingAccountId());
        assertTrue(real.completion.isActivated(activated.session()));
    }

    @Test
    void givenRegisteredAccount_thenNoSecretIsStoredInClear() {
        fx.random.queueCodes("864209");
        fx.register("cust-1", "ada", "ada@example.com");

        for (Map.Entry<String, Item> entry : fx.recorded.snapshot().entrySet()) {
            for (String value : entry.getValue().attributes().values()) {
                assertTrue(!value.contains(ActivationFixture.PASSWORD) && !value.contains("864209"),
                        entry.getKey() + " holds a secret: " + value);
            }
        }
    }

    @Test
    void givenPasswordMismatch_thenBasicInformationIsRefusedWithTheFieldNamed() {
        ActivationSession session = fx.arrive("cust-1", "111122223333").session();
        fx.registration.sendCode(session, "ada@example.com", Locale.ENGLISH);

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> fx.registration.saveBasicInfo(fx.reload(session), new Registration.BasicInfo("ada",
                        "correct-horse-42", "correct-horse-43", "ada@example.com",
                        fx.mailer.lastCodeTo("ada@example.com"), "")));

        assertEquals(Map.of("passwordConfirmation", "error.password.mismatch"), e.fieldErrors());
    }

    @Test
    void givenCompanyBeforeBasicInformation_thenTheBuyerIsSentBack() {
        ActivationSession session = fx.arrive("cust-1", "111122223333").session();

        FlowStepException e = assertThrows(FlowStepException.class,
                () -> fx.registration.saveCompany(session, "Example Ltd", "Ada", "GB", ""));

        assertEquals("basic", e.page());
    }

    @Test
    void givenUsernameTakenWhileRegistering_whenActivating_thenRefusedAndNothingOfTheBuyerIsLeft() {
        ActivationSession late = fx.enterRegistration(fx.arrive("cust-2", "444455556666").session(), "ada",
                "late@example.com");
        fx.register("cust-1", "ada", "ada@example.com");
        Map<String, Item> before = fx.recorded.snapshot();

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> fx.registration.activate(late, "Late", "en", "us-oregon"));

        assertTrue(e.isConflict());
        assertEquals(Map.of("username", "error.username.taken.registration"), e.fieldErrors());
        assertEquals(Optional.empty(), fx.accounts.owner(UniqueName.CONSOLE_EMAIL, "late@example.com"));
        assertEquals(before, fx.recorded.snapshot(), "the refused activation changed nothing");
    }

    @Test
    void givenEmailTakenWhileRegistering_whenActivating_thenTheNamesItClaimedAreReleased() {
        ActivationSession late = fx.enterRegistration(fx.arrive("cust-2", "444455556666").session(), "bob",
                "ada@example.com");
        Registration.Activated first = fx.register("cust-1", "ada", "ada@example.com");
        String adaConsole = first.workspace().ownerConsoleAccountId();

        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> fx.registration.activate(late, "Late", "en", "us-oregon"));

        assertEquals(Map.of("email", "error.email.taken.registration"), e.fieldErrors());
        assertEquals(Optional.empty(), fx.accounts.owner(UniqueName.CONSOLE_USERNAME, "bob"));
        assertEquals(Optional.empty(), fx.accounts.owner(UniqueName.BILLING_USERNAME, "bob"));
        assertEquals(Optional.of(adaConsole), fx.accounts.owner(UniqueName.CONSOLE_EMAIL, "ada@example.com"));
        assertEquals(1, fx.recorded.items("CONSOLE#", "META").size());
        assertEquals(SubscriptionStatus.PENDING_ACTIVATION,
                fx.subscriptions.find(late.subscriptionId()).orElseThrow().status());

        ActivationSession corrected = fx.reload(late);
        fx.clock.advance(Duration.ofSeconds(61));
        fx.registration.sendCode(corrected, "bob@example.com", Locale.ENGLISH);
        corrected = fx.registration.saveBasicInfo(fx.reload(late), new Registration.BasicInfo("bob",
                ActivationFixture.PASSWORD, ActivationFixture.PASSWORD, "bob@example.com",
                fx.mailer.lastCodeTo("bob@example.com"), ""));
        Registration.Activated second = fx.registration.activate(corrected, "Late", "en", "us-oregon");
        assertEquals(SubscriptionStatus.ACTIVE,
                fx.subscriptions.find(second.session().subscriptionId()).orElseThrow().status());
        assertTrue(fx.accounts.findBillingAccountByUsername("bob").isPresent());
    }

    @Test
    void givenSubscriptionActivatedByAnotherAccount_whenActivating_thenConflictAndNamesReleased() {
        ActivationSession first = fx.arrive("cust-1", "111122223333").session();
        ActivationSession second = fx.arrive("cust-1", "111122223333").session();
        assertEquals(first.subscriptionId(), second.subscriptionId());
        ActivationSession ready = fx.enterRegistration(second, "bob", "bob@example.com");
        Registration.Activated winner = fx.registration.activate(fx.enterRegistration(first, "ada", "ada@example.com"),
                "Production", "en", "us-oregon");

        ActivationConflictException e = assertThrows(ActivationConflictException.class,
                () -> fx.registration.activate(ready, "Other", "en", "us-oregon"));

        assertEquals("error.subscription.otherAccount", e.messageKey());
        assertEquals(Optional.empty(), fx.accounts.owner(UniqueName.CONSOLE_USERNAME, "bob"));
        assertEquals(Optional.empty(), fx.accounts.owner(UniqueName.BILLING_USERNAME, "bob"));
        assertEquals(Optional.empty(), fx.accounts.owner(UniqueName.CONSOLE_EMAIL, "bob@example.com"));
        MarketplaceSubscription subscription = fx.subscriptions.find(first.subscriptionId()).orElseThrow();
        assertEquals(winner.session().billingAccountId(), subscription.billingAccountId());
        assertEquals(1, fx.recorded.items("WS#", "META").size());
    }

    @Test
    void givenRegistrationAbandonedAfterClaimingTheSubscription_thenALaterBuyerCanStillActivateIt() {
        ActivationSession abandoned = fx.enterRegistration(fx.arrive("cust-1", "111122223333").session(), "ada",
                "ada@example.com");
        fx.crashing.crashOnWrite(4, CrashingItemStore.Crash.AFTER_WRITE);
        assertThrows(StoreUnavailableException.class,
                () -> fx.registration.activate(abandoned, "Production", "en", "us-oregon"));
        assertTrue(fx.crashing.crashedAt().orElseThrow().pk().startsWith("SUB#"), "crashed on the claim");

        ActivationSession meanwhile = fx.arrive("cust-1", "111122223333").session();
        assertFalse(meanwhile.hasBillingAccount(), "the claim of an account that does not exist links nobody");
        ActivationSession early = fx.enterRegistration(meanwhile, "bob", "bob@example.com");
        ActivationConflictException tooEarly = assertThrows(ActivationConflictException.class,
                () -> fx.registration.activate(early, "Other", "en", "us-oregon"));
        assertEquals("error.subscription.otherAccount", tooEarly.messageKey());

        fx.clock.advance(ActivationFixture.SESSION_LIFETIME.plusSeconds(1));
        ActivationSession later = fx.arrive("cust-1", "111122223333").session();
        assertFalse(later.hasBillingAccount());
        Registration.Activated activated = fx.registration.activate(
                fx.enterRegistration(later, "carol", "carol@example.com"), "Production", "en", "us-oregon");

        MarketplaceSubscription subscription = fx.subscriptions.find(later.subscriptionId()).orElseThrow();
        assertEquals(SubscriptionStatus.ACTIVE, subscription.status());
        assertEquals(activated.session().billingAccountId(), subscription.billingAccountId());
    }

    @Test
    void givenActivationTwice_thenTheSecondChangesNothing() {
        ActivationSession ready = fx.enterRegistration(fx.arrive("cust-1", "111122223333").session(), "ada",
                "ada@example.com");
        Registration.Activated first = fx.registration.activate(ready, "Production", "en", "us-oregon");
        Map<String, Item> after = fx.recorded.snapshot();

        Registration.Activated again = fx.registration.activate(ready, "Production", "en", "us-oregon");

        assertEquals(first.workspace().id(), again.workspace().id());
        assertEquals(after, fx.recorded.snapshot());
    }

    @Test
    void givenActivatedSubscription_whenTheSameAwsAccountArrivesAgain_thenItGoesStraightToItsAccount() {
        Registration.Activated done = fx.register("cust-1", "ada", "ada@example.com");

        ActivationSession again = fx.arrive("cust-1", "acct-cust-1").session();

        assertEquals(done.session().billingAccountId(), again.billingAccountId());
        assertTrue(fx.completion.isActivated(again));
    }

    @Test
    void givenLinkedAwsAccount_whenANewSubscriptionArrives_thenTheSessionStartsWithItsBillingAccount() {
        Registration.Activated done = fx.register("cust-1", "ada", "ada@example.com");

        ActivationSession second = fx.arrive("cust-9", "acct-cust-1").session();

        assertEquals(done.session().billingAccountId(), second.billingAccountId());
        List<WorkspaceBinding.Row> rows = fx.workspaceBinding.overview(second);
        assertEquals(1, rows.size());
        assertEquals(WorkspaceBinding.State.OTHER_CHANNEL, rows.get(0).state());
    }
}
