package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.InvalidInputException;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;

/** Steps 4 to 6: binding an existing Billing Center account, binding and creating workspaces, done. */
class WorkspaceFlowTest {

    private static final String OWNER = "ada";
    private static final String OWNER_EMAIL = "ada@example.com";
    private static final String SUBMISSION = "submission-0123456789";

    private final ActivationFixture fx = new ActivationFixture();
    private final Registration.Activated owner = fx.register("cust-1", OWNER, OWNER_EMAIL);
    private final String billingId = owner.session().billingAccountId();

    @Test
    void givenBindCode_thenTheBillingAccountIsBoundToTheNewCloudAccountAndThePageNamesTheUsernameTyped() {
        ActivationSession session = fx.arrive("cust-2", "444455556666").session();

        String masked = fx.billingAccountBinding.sendCode(session, OWNER, Locale.ENGLISH);
        ActivationSession bound = fx.billingAccountBinding.confirm(fx.reload(session),
                fx.mailer.lastCodeTo(OWNER_EMAIL));

        assertEquals(OWNER, masked, "not the masked address: that would tell that the account exists");
        assertEquals(billingId, bound.billingAccountId());
        assertEquals(Optional.of(billingId), fx.accounts.linkedBillingAccount(session.cloudAccount()));
    }

    @Test
    void givenExpiredCode_thenBindIsRefused() {
        ActivationSession session = fx.arrive("cust-2", "444455556666").session();
        fx.billingAccountBinding.sendCode(session, OWNER, Locale.ENGLISH);
        fx.clock.advance(Duration.ofMinutes(11));

        CodeRejectedException e = assertThrows(CodeRejectedException.class,
                () -> fx.billingAccountBinding.confirm(fx.reload(session), fx.mailer.lastCodeTo(OWNER_EMAIL)));

        assertEquals(CodeRejectedException.Reason.EXPIRED_OR_MISSING, e.reason());
        assertTrue(fx.accounts.linkedBillingAccount(session.cloudAccount()).isEmpty());
        assertFalse(fx.reload(session).hasBillingAccount());
    }

    @Test
    void givenUnknownUsername_thenTheAnswerIsTheSameButNoMailGoesOutAndNoCodeBinds() {
        ActivationSession session = fx.arrive("cust-2", "444455556666").session();

        String shown = fx.billingAccountBinding.sendCode(session, "nobody", Locale.ENGLISH);

        assertEquals("nobody", shown);
        assertEquals(1, fx.mailer.sent().size(), "only the owner's registration code");
        assertTrue(fx.billingAccountBinding.codePending(fx.reload(session)));
        CodeRejectedException e = assertThrows(CodeRejectedException.class,
                () -> fx.billingAccountBinding.confirm(fx.reload(session), "123456"));
        assertEquals(CodeRejectedException.Reason.WRONG, e.reason());
        assertEquals(4, e.attemptsLeft(), "counted like a wrong code for an account");
        assertFalse(fx.reload(session).hasBillingAccount());
        assertTrue(fx.accounts.linkedBillingAccount(session.cloudAccount()).isEmpty());
    }

    @Test
    void givenWorkspaceBilledThroughAnotherSubscription_thenItCannotBeBound() {
        ActivationSession session = fx.bindBillingAccount(fx.arrive("cust-2", "444455556666").session(), OWNER,
                OWNER_EMAIL);
        Workspace first = owner.workspace();

        List<WorkspaceBinding.Row> rows = fx.workspaceBinding.overview(session);
        ActivationConflictException e = assertThrows(ActivationConflictException.class,
                () -> fx.workspaceBinding.bind(session, first.id()));

        assertEquals(WorkspaceBinding.State.OTHER_CHANNEL, rows.get(0).state());
        assertEquals("error.workspace.otherChannel", e.messageKey());
        assertTrue(fx.workspaces.find(first.id()).orElseThrow().isBilledThrough(owner.session().subscriptionId()));
        assertTrue(fx.subscriptions.workspaceIds(session.subscriptionId()).isEmpty());
    }

    @Test
    void givenWorkspaceOfAnotherBillingAccount_thenItCannotBeBound() {
        Registration.Activated stranger = fx.register("cust-3", "grace", "grace@example.com");
        ActivationSession session = fx.bindBillingAccount(fx.arrive("cust-2", "444455556666").session(), OWNER,
                OWNER_EMAIL);

        ActivationConflictException e = assertThrows(ActivationConflictException.class,
                () -> fx.workspaceBinding.bind(session, stranger.workspace().id()));

        assertEquals("error.workspace.unknown", e.messageKey());
    }

    @Test
    void givenCompletionWithoutABoundWorkspace_thenItIsRefused() {
        ActivationSession session = fx.bindBillingAccount(fx.arrive("cust-2", "444455556666").session(), OWNER,
                OWNER_EMAIL);

        ActivationConflictException e = assertThrows(ActivationConflictException.class,
                () -> fx.completion.complete(session));

        assertEquals("error.workspace.noneBound", e.messageKey());
        assertEquals(SubscriptionStatus.PENDING_ACTIVATION,
                fx.subscriptions.find(session.subscriptionId()).orElseThrow().status());
    }

    @Test
    void givenNewWorkspaceForExistingConsoleAccount_thenItIsBoundAndTheSubscriptionActivates() {
        ActivationSession session = fx.bindBillingAccount(fx.arrive("cust-2", "444455556666").session(), OWNER,
                OWNER_EMAIL);
        fx.clock.advance(Duration.ofSeconds(61));
        fx.workspaceCreation.sendCodeToConsoleAccount(session, OWNER_EMAIL, Locale.ENGLISH);

        Workspace created = fx.workspaceCreation.createForConsoleAccount(session, newWorkspace("Analytics"),
                OWNER_EMAIL, fx.mailer.lastCodeTo(OWNER_EMAIL));
        ActivationSession done = fx.completion.complete(fx.reload(session));

        assertEquals(owner.workspace().ownerConsoleAccountId(), created.ownerConsoleAccountId());
        assertEquals(List.of(created.id()), fx.subscriptions.workspaceIds(session.subscriptionId()));
        assertEquals(WorkspaceBinding.State.BOUND_HERE, fx.workspaceBinding.overview(done).stream()
                .filter(r -> r.workspace().id().equals(created.id())).findFirst().orElseThrow().state());
        assertTrue(done.isCompleted());
        assertEquals(SubscriptionStatus.ACTIVE, fx.subscriptions.find(session.subscriptionId()).orElseThrow().status());
        assertEquals(1, fx.audit.history(session.subscriptionId()).size());
    }

    @Test
    void givenTheSameCreateFormSubmittedTwice_thenOneWorkspace() {
        ActivationSession session = fx.bindBillingAccount(fx.arrive("cust-2", "444455556666").session(), OWNER,
                OWNER_EMAIL);
        fx.workspaceCreation.sendCodeForNewConsoleAccount(session, "linus@example.com", Locale.ENGLISH);
        String code = fx.mailer.lastCodeTo("linus@example.com");

        Workspace first = createWithNewAccount(session, code);
        Workspace second = createWithNewAccount(session, code);

        assertEquals(first.id(), second.id());
        assertEquals(2, fx.workspaces.ofBillingAccount(billingId).size());
        assertEquals(List.of(first.id()), fx.subscriptions.workspaceIds(session.subscriptionId()));
        assertEquals(2, fx.recorded.items("CONSOLE#", "META").size(), "the owner's and linus's");
    }

    @Test
    void givenTheSameCreateFormFromSixteenThreads_thenOneWorkspaceAndOneConsoleAccount() throws Exception {
        ActivationSession session = fx.bindBillingAccount(fx.arrive("cust-2", "444455556666").session(), OWNER,
                OWNER_EMAIL);
        fx.workspaceCreation.sendCodeForNewConsoleAccount(session, "linus@example.com", Locale.ENGLISH);
        String code = fx.mailer.lastCodeTo("linus@example.com");

        List<Object> outcomes = concurrently(16, () -> createWithNewAccount(session, code));

        List<String> created = outcomes.stream().filter(o -> o instanceof Workspace)
                .map(o -> ((Workspace) o).id()).distinct().toList();
        assertEquals(1, created.size(), outcomes.toString());
        // every check of a code uses an attempt: beyond five, double-submits are told to stop
        assertTrue(outcomes.stream().filter(o -> !(o instanceof Workspace))
                .allMatch(o -> o instanceof CodeRejectedException), outcomes.toString());
        assertEquals(2, fx.workspaces.ofBillingAccount(billingId).size());
        assertEquals(created, fx.subscriptions.workspaceIds(session.subscriptionId()));
        assertEquals(2, fx.recorded.items("CONSOLE#", "META").size());
    }

    @Test
    void givenActivateFromSixteenThreads_thenOneOfEachAndOneAuditEntry() throws Exception {
        ActivationSession ready = fx.enterRegistration(fx.arrive("cust-2", "444455556666").session(), "grace",
                "grace@example.com");

        List<Object> outcomes = concurrently(16,
                () -> fx.registration.activate(ready, "Raced", "en", "us-oregon").workspace().id());

        assertEquals(1, outcomes.stream().distinct().count(), outcomes.toString());
        assertTrue(outcomes.get(0) instanceof String, outcomes.toString());
        assertEquals(2, fx.recorded.items("BILLING#", "META").size(), "ada's and grace's");
        assertEquals(2, fx.recorded.items("WS#", "META").size());
        assertEquals(1, fx.subscriptions.workspaceIds(ready.subscriptionId()).size());
        assertEquals(1, fx.audit.history(ready.subscriptionId()).size());
        assertEquals(SubscriptionStatus.ACTIVE, fx.subscriptions.find(ready.subscriptionId()).orElseThrow().status());
    }

    @Test
    void givenBindableWorkspace_whenBoundFromSixteenThreads_thenBoundOnce() throws Exception {
        Workspace spare = spareWorkspace();
        ActivationSession session = fx.bindBillingAccount(fx.arrive("cust-2", "444455556666").session(), OWNER,
                OWNER_EMAIL);

        List<Object> outcomes = concurrently(16, () -> fx.workspaceBinding.bind(session, spare.id()).version());

        assertTrue(outcomes.stream().allMatch(o -> o instanceof Long), outcomes.toString());
        Workspace bound = fx.workspaces.find(spare.id()).orElseThrow();
        assertEquals(2, bound.version(), "created, then bound once");
        assertTrue(bound.isBilledThrough(session.subscriptionId()));
        assertEquals(List.of(spare.id()), fx.subscriptions.workspaceIds(session.subscriptionId()));
    }

    @Test
    void givenLinkedAccountSession_whenAWorkspaceIsBound_thenAnotherBrowserCanNoLongerTakeItOver() {
        Workspace spare = spareWorkspace();
        ActivationSessions.Started linked = fx.arrive("cust-2", "acct-cust-1");
        assertTrue(linked.session().hasBillingAccount() && !linked.session().progressed());

        fx.workspaceBinding.bind(linked.session(), spare.id());

        assertTrue(fx.reload(linked.session()).progressed());
        assertThrows(SessionRejectedException.class,
                () -> fx.sessions.resume(linked.session().id(), Optional.empty()));
    }

    @Test
    void givenTwoSubscriptionsRacingForOneWorkspace_thenItIsBilledThroughExactlyOne() throws Exception {
        Workspace spare = spareWorkspace();
        ActivationSession a = fx.bindBillingAccount(fx.arrive("cust-2", "444455556666").session(), OWNER, OWNER_EMAIL);
        ActivationSession b = fx.bindBillingAccount(fx.arrive("cust-3", "777788889999").session(), OWNER, OWNER_EMAIL);

        AtomicInteger calls = new AtomicInteger();
        List<Object> outcomes = concurrently(16, () -> fx.workspaceBinding.bind(
                calls.getAndIncrement() % 2 == 0 ? a : b, spare.id()).billingChannel());

        Workspace bound = fx.workspaces.find(spare.id()).orElseThrow();
        SubscriptionId winner = bound.billingChannel();
        SubscriptionId loser = winner.equals(a.subscriptionId()) ? b.subscriptionId() : a.subscriptionId();
        assertTrue(outcomes.stream().allMatch(o -> o.equals(winner) || o instanceof ActivationConflictException),
                outcomes.toString());
        assertEquals(List.of(spare.id()), fx.subscriptions.workspaceIds(winner));
        assertTrue(fx.subscriptions.workspaceIds(loser).isEmpty());
    }

    @Test
    void givenSiteChosen_thenWorkspacesCreatedLaterUseIt() {
        ActivationSession session = fx.bindBillingAccount(fx.arrive("cust-2", "444455556666").session(), OWNER,
                OWNER_EMAIL);
        ActivationSession onNingxia = fx.workspaceBinding.chooseSite(session, "cn-ningxia");
        fx.workspaceCreation.sendCodeForNewConsoleAccount(onNingxia, "linus@example.com", Locale.ENGLISH);

        Workspace created = createWithNewAccount(fx.reload(session), fx.mailer.lastCodeTo("linus@example.com"));

        assertEquals("cn-ningxia", created.siteId());
        assertThrows(InvalidInputException.class, () -> fx.workspaceBinding.chooseSite(onNingxia, "mars-1"));
    }

    private Workspace createWithNewAccount(ActivationSession session, String code) {
        return fx.workspaceCreation.createWithNewConsoleAccount(session, newWorkspace("Second"),
                new WorkspaceCreation.NewConsoleAccount("linus", ActivationFixture.PASSWORD, ActivationFixture.PASSWORD,
                        "linus@example.com", ""), code);
    }

    private static WorkspaceCreation.NewWorkspace newWorkspace(String name) {
        return new WorkspaceCreation.NewWorkspace(SUBMISSION, name, "en", true);
    }

    /** A workspace of the owner's account that is billed through no channel (as after an unsubscribe). */
    private Workspace spareWorkspace() {
        Instant now = fx.clock.instant();
        Workspace spare = fx.workspaces.createOrGet(new Workspace("spare-workspace-1", "Spare", WorkspaceLanguage.EN,
                "us-oregon", owner.workspace().ownerConsoleAccountId(), billingId, null, now, null, 0));
        fx.workspaces.linkToBillingAccount(billingId, spare.id(), now);
        return spare;
    }

    /** Runs {@code task} from {@code threads} threads released at once; results or exceptions, in order. */
    static List<Object> concurrently(int threads, Callable<?> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            futures.add(pool.submit(() -> {
                go.await();
                return task.call();
            }));
        }
        go.countDown();
        List<Object> outcomes = new ArrayList<>();
        for (Future<?> future : futures) {
            try {
                outcomes.add(future.get(30, TimeUnit.SECONDS));
            } catch (ExecutionException e) {
                outcomes.add(e.getCause());
            }
        }
        pool.shutdown();
        return outcomes;
    }
}
