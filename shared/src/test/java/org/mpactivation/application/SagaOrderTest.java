package org.mpactivation.application;

import static org.mpactivation.application.ActivationFixture.withoutCodes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.StoreUnavailableException;
import org.mpactivation.repository.UniqueName;

/**
 * The order of the binding sagas: the hourly metering finds a workspace only through its
 * subscription's link, so a workspace's channel may name a subscription only once that subscription
 * lists it; a step that is refused writes nothing; a lost first-link-wins race reports no success.
 */
class SagaOrderTest {

    private static final String OWNER = "ada";
    private static final String OWNER_EMAIL = "ada@example.com";
    private static final String SUBMISSION = "submission-0123456789";

    @Test
    void givenCrashBetweenChannelAndLink_whenBindingAWorkspace_thenItIsListedBeforeTheReplay() {
        crashRightAfterTheWriteOfTheWorkspace(fx -> {
            Workspace spare = fx.spareWorkspace(OWNER, OWNER_EMAIL);
            ActivationSession session = boundSession(fx);
            return () -> fx.workspaceBinding.bind(session, spare.id());
        });
    }

    @Test
    void givenCrashBetweenWorkspaceAndLink_whenRegistering_thenTheWorkspaceIsListedBeforeTheReplay() {
        crashRightAfterTheWriteOfTheWorkspace(fx -> {
            ActivationSession ready = fx.enterRegistration(fx.arrive("cust-2", "444455556666").session(), "grace",
                    "grace@example.com");
            return () -> fx.registration.activate(ready, "Second", "en", "us-oregon");
        });
    }

    @Test
    void givenRegistering_thenTheSubscriptionListsTheWorkspaceWithTheAccountsBatchAndTheWorkspaceIsTheNextWrite() {
        for (int write = 1; write <= 30; write++) {
            ActivationFixture fx = new ActivationFixture();
            fx.register("cust-1", OWNER, OWNER_EMAIL);
            ActivationSession ready = fx.enterRegistration(fx.arrive("cust-2", "444455556666").session(), "grace",
                    "grace@example.com");
            fx.crashing.crashOnWrite(write, CrashingItemStore.Crash.AFTER_WRITE);
            assertThrows(StoreUnavailableException.class, () -> fx.registration.activate(ready, "Second", "en",
                    "us-oregon"));
            if (!fx.crashing.crashedAt().orElseThrow().pk().startsWith("CONSOLE#")) {
                continue;
            }
            String workspaceId = fx.context.sagaIds().id(ready.id(), "register-workspace");
            assertEquals(java.util.List.of(workspaceId), fx.subscriptions.workspaceIds(ready.subscriptionId()),
                    "the batch of write-once facts carries the subscription's link to the workspace");
            assertTrue(fx.workspaces.find(workspaceId).isEmpty(), "the link comes before the workspace");
            Instant claimedAt = fx.subscriptions.find(ready.subscriptionId()).orElseThrow().billingAccountBoundAt();
            assertEquals(claimedAt, fx.subscriptions.workspaceLinks(ready.subscriptionId()).get(0).linkedAt(),
                    "stamped with the claim's time, so that every attempt writes it alike");
            fx.clock.advance(java.time.Duration.ofSeconds(5));
            Workspace workspace = fx.registration.activate(ready, "Second", "en", "us-oregon").workspace();
            assertEquals(claimedAt, fx.subscriptions.workspaceLinks(ready.subscriptionId()).get(0).linkedAt(),
                    "the replay writes the same link");
            assertFalse(workspace.boundAt().isBefore(claimedAt), "linked no later than bound");

            ActivationFixture next = new ActivationFixture();
            next.register("cust-1", OWNER, OWNER_EMAIL);
            ActivationSession again = next.enterRegistration(next.arrive("cust-2", "444455556666").session(),
                    "grace", "grace@example.com");
            next.crashing.crashOnWrite(write + 1, CrashingItemStore.Crash.BEFORE_WRITE);
            assertThrows(StoreUnavailableException.class, () -> next.registration.activate(again, "Second", "en",
                    "us-oregon"));
            assertEquals("WS#" + workspaceId, next.crashing.crashedAt().orElseThrow().pk(),
                    "the write after the batch is the workspace: the link is not written twice");
            return;
        }
        fail("no crash hit the batch of write-once facts");
    }

    /**
     * The batch writes the subscription's link without condition, which is sound only while the
     * workspace does not exist (nothing can have released it). A retry that finds the workspace made
     * writes the link only if absent, so a release recorded on it meanwhile is kept.
     */
    @Test
    void givenARetryAfterTheWorkspaceWasMade_whenRegistering_thenTheSubscriptionsLinkIsNotOverwritten() {
        for (int write = 1; write <= 30; write++) {
            ActivationFixture fx = new ActivationFixture();
            ActivationSession ready = fx.enterRegistration(fx.arrive("cust-2", "444455556666").session(), "grace",
                    "grace@example.com");
            String workspaceId = fx.context.sagaIds().id(ready.id(), "register-workspace");
            fx.crashing.crashOnWrite(write, CrashingItemStore.Crash.AFTER_WRITE);
            assertThrows(StoreUnavailableException.class, () -> fx.registration.activate(ready, "Second", "en",
                    "us-oregon"));
            if (!fx.crashing.crashedAt().orElseThrow().pk().equals("WS#" + workspaceId)) {
                continue;
            }
            Instant releasedAt = fx.clock.instant();
            fx.subscriptions.markReleased(ready.subscriptionId(), workspaceId, releasedAt);

            fx.registration.activate(ready, "Second", "en", "us-oregon");

            assertEquals(releasedAt, fx.subscriptions.workspaceLinks(ready.subscriptionId()).get(0).releasedAt(),
                    "the retry kept the release recorded on the link");
            return;
        }
        fail("no crash hit the workspace's write");
    }

    @Test
    void givenCrashBetweenWorkspaceAndLink_whenCreatingAWorkspace_thenItIsListedBeforeTheReplay() {
        crashRightAfterTheWriteOfTheWorkspace(fx -> {
            ActivationSession session = boundSession(fx);
            fx.workspaceCreation.sendCodeForNewConsoleAccount(session, "linus@example.com", Locale.ENGLISH);
            String code = fx.mailer.lastCodeTo("linus@example.com");
            ActivationSession current = fx.reload(session);
            return () -> fx.workspaceCreation.createWithNewConsoleAccount(current, newWorkspace(),
                    new WorkspaceCreation.NewConsoleAccount("linus", ActivationFixture.PASSWORD,
                            ActivationFixture.PASSWORD, "linus@example.com", ""), code);
        });
    }

    @Test
    void givenWorkspaceBilledElsewhere_whenBindIsRefused_thenNothingIsWritten() {
        ActivationFixture fx = new ActivationFixture();
        Registration.Activated owner = fx.register("cust-1", OWNER, OWNER_EMAIL);
        ActivationSession session = boundSession(fx);
        Map<String, Item> before = fx.recorded.snapshot();
        long writes = fx.store.writes();

        ActivationConflictException e = assertThrows(ActivationConflictException.class,
                () -> fx.workspaceBinding.bind(session, owner.workspace().id()));

        assertEquals("error.workspace.otherChannel", e.messageKey());
        assertEquals(before, fx.recorded.snapshot());
        assertEquals(writes, fx.store.writes(), "a refused bind makes no write at all");
        assertEquals(null, fx.subscriptions.find(session.subscriptionId()).orElseThrow().billingAccountId());
    }

    @Test
    void givenTwoRegistrationsFromOneCloudAccount_whenTheSecondActivates_thenItIsRefusedAndLeavesNothing() {
        ActivationFixture fx = new ActivationFixture();
        // both arrive before either has registered: neither session knows a Billing Center account
        ActivationSession first = fx.arrive("cust-1", "111122223333").session();
        ActivationSession second = fx.arrive("cust-2", "111122223333").session();
        assertEquals(first.cloudAccount(), second.cloudAccount());
        ActivationSession readyFirst = fx.enterRegistration(first, "ada", "ada@example.com");
        ActivationSession readySecond = fx.enterRegistration(second, "bob", "bob@example.com");
        Registration.Activated winner = fx.registration.activate(readyFirst, "Production", "en", "us-oregon");
        Map<String, Item> before = withoutCodes(fx.recorded.snapshot());

        ActivationConflictException e = assertThrows(ActivationConflictException.class,
                () -> fx.registration.activate(readySecond, "Other", "en", "us-oregon"));

        assertEquals("error.cloudAccount.otherAccount", e.messageKey());
        assertEquals(Optional.of(winner.session().billingAccountId()),
                fx.accounts.linkedBillingAccount(second.cloudAccount()));
        assertEquals(Optional.empty(), fx.accounts.owner(UniqueName.CONSOLE_USERNAME, "bob"));
        assertEquals(Optional.empty(), fx.accounts.owner(UniqueName.BILLING_USERNAME, "bob"));
        assertEquals(Optional.empty(), fx.accounts.owner(UniqueName.CONSOLE_EMAIL, "bob@example.com"));
        assertEquals(null, fx.subscriptions.find(second.subscriptionId()).orElseThrow().billingAccountId());
        assertTrue(fx.subscriptions.workspaceIds(second.subscriptionId()).isEmpty());
        assertEquals(1, fx.recorded.items("BILLING#", "META").size());
        assertEquals(1, fx.recorded.items("WS#", "META").size());
        Map<String, Item> after = withoutCodes(fx.recorded.snapshot());
        after.keySet().removeIf(key -> key.startsWith("UNIQUE#"));
        before.keySet().removeIf(key -> key.startsWith("UNIQUE#"));
        assertEquals(before.keySet(), after.keySet(), "nothing of the refused registration is left");

        ActivationSession again = fx.arrive("cust-2", "111122223333").session();
        assertEquals(winner.session().billingAccountId(), again.billingAccountId(),
                "arriving again, the buyer goes on with the account that won");
    }

    @Test
    void givenRegistrationAbandonedAfterLinkingTheCloudAccount_thenTheLinkCountsForNoOneAndExpires() {
        ActivationFixture fx = new ActivationFixture();
        ActivationSession abandoned = fx.enterRegistration(fx.arrive("cust-1", "111122223333").session(), "ada",
                "ada@example.com");
        fx.crashing.crashOnWrite(5, CrashingItemStore.Crash.AFTER_WRITE);
        assertThrows(StoreUnavailableException.class,
                () -> fx.registration.activate(abandoned, "Production", "en", "us-oregon"));
        assertTrue(fx.crashing.crashedAt().orElseThrow().pk().startsWith("CLOUDACCOUNT#"), "crashed on the link");

        ActivationSession meanwhile = fx.arrive("cust-2", "111122223333").session();
        assertFalse(meanwhile.hasBillingAccount(), "a link to an account that does not exist links nobody");
        ActivationSession early = fx.enterRegistration(meanwhile, "bob", "bob@example.com");
        ActivationConflictException tooEarly = assertThrows(ActivationConflictException.class,
                () -> fx.registration.activate(early, "Other", "en", "us-oregon"));
        assertEquals("error.cloudAccount.otherAccount", tooEarly.messageKey());
        assertEquals(null, fx.subscriptions.find(early.subscriptionId()).orElseThrow().billingAccountId(),
                "the refused registration gave its claim back");
        assertEquals(Optional.empty(), fx.accounts.owner(UniqueName.CONSOLE_USERNAME, "bob"));

        fx.clock.advance(ActivationFixture.SESSION_LIFETIME.plusSeconds(1));
        ActivationSession later = fx.arrive("cust-2", "111122223333").session();
        Registration.Activated activated = fx.registration.activate(
                fx.enterRegistration(later, "carol", "carol@example.com"), "Production", "en", "us-oregon");

        assertEquals(Optional.of(activated.session().billingAccountId()),
                fx.accounts.linkedBillingAccount(later.cloudAccount()));
    }

    @Test
    void givenTheRegistrationWorkspaceBilledElsewhere_whenActivating_thenRefusedAndNotListed() {
        ActivationFixture fx = new ActivationFixture();
        Registration.Activated owner = fx.register("cust-1", OWNER, OWNER_EMAIL);
        SubscriptionId elsewhere = owner.session().subscriptionId();
        ActivationSession ready = fx.enterRegistration(fx.arrive("cust-2", "444455556666").session(), "grace",
                "grace@example.com");
        // what an earlier, interrupted attempt created, bound since (after a release) to another channel
        String workspaceId = fx.context.sagaIds().id(ready.id(), "register-workspace");
        Instant now = fx.clock.instant();
        fx.workspaces.createOrGet(new Workspace(workspaceId, "Second", WorkspaceLanguage.EN, "us-oregon",
                owner.workspace().ownerConsoleAccountId(), owner.session().billingAccountId(), elsewhere, now, now, 0));
        fx.subscriptions.linkWorkspace(elsewhere, workspaceId, now);

        ActivationConflictException e = assertThrows(ActivationConflictException.class,
                () -> fx.registration.activate(ready, "Second", "en", "us-oregon"));

        assertEquals("error.workspace.otherChannel", e.messageKey());
        assertTrue(fx.subscriptions.workspaceIds(ready.subscriptionId()).isEmpty());
        assertTrue(fx.workspaces.find(workspaceId).orElseThrow().isBilledThrough(elsewhere));
        assertFalse(fx.reload(ready).isCompleted());
    }

    /**
     * Runs the step once per write, crashing right after that write; after the crash at the write
     * of a workspace item, the workspace must already be listed by the subscription its channel
     * names, and the replay must finish the job.
     */
    private static void crashRightAfterTheWriteOfTheWorkspace(Function<ActivationFixture, Runnable> prepare) {
        for (int write = 1; write <= 30; write++) {
            ActivationFixture fx = new ActivationFixture();
            fx.register("cust-1", OWNER, OWNER_EMAIL);
            Runnable step = prepare.apply(fx);
            fx.crashing.crashOnWrite(write, CrashingItemStore.Crash.AFTER_WRITE);
            try {
                step.run();
            } catch (StoreUnavailableException crashed) {
                // the process is gone; the metering runs before anyone retries
            }
            if (fx.crashing.crashedAt().isEmpty()) {
                break;
            }
            String crashedAt = fx.crashing.crashedAt().get().pk();
            if (crashedAt.startsWith("WS#")) {
                everyChannelIsListed(fx, "right after the write of " + crashedAt);
                step.run();
                everyChannelIsListed(fx, "after the replay");
                return;
            }
        }
        fail("no crash hit the workspace item");
    }

    private static void everyChannelIsListed(ActivationFixture fx, String when) {
        for (Item item : fx.recorded.items("WS#", "META").values()) {
            Workspace workspace = fx.workspaces.find(item.get("id")).orElseThrow();
            SubscriptionId channel = workspace.billingChannel();
            if (channel != null) {
                assertTrue(fx.subscriptions.workspaceIds(channel).contains(workspace.id()),
                        when + ": workspace " + workspace.id() + " is billed through " + channel.asText()
                                + ", which does not list it, so the metering never counts its usage");
            }
        }
    }

    /** A session of a second subscription, bound to the owner's Billing Center account. */
    private static ActivationSession boundSession(ActivationFixture fx) {
        return fx.bindBillingAccount(fx.arrive("cust-2", "444455556666").session(), OWNER, OWNER_EMAIL);
    }


    private static WorkspaceCreation.NewWorkspace newWorkspace() {
        return new WorkspaceCreation.NewWorkspace(SUBMISSION, "Second", "en", true);
    }

}
