package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mpactivation.application.RebindWorld.at;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.Cloud;
import org.mpactivation.domain.CloudAccountRef;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceNotice;
import org.mpactivation.domain.MarketplaceState;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.domain.Workspace;
import org.mpactivation.port.out.store.Item;

/** The release saga: only after the end and the final report, once, whatever crashes in between. */
class WorkspaceReleaseTest {

    /** Activated at 08:00; unsubscribe-pending at 08:30, its final report sent; not ended yet. */
    private static Registration.Activated endingWithItsFinalReportSent(RebindWorld w) {
        Registration.Activated first = w.firstPurchase();
        w.use(first.workspace().id(), at("08:00"), 6);
        w.moveTo("08:30");
        w.sns(LifecycleAction.ENDING);
        w.metering.run();
        w.moveTo("08:40");
        return first;
    }

    @Test
    void givenACrashAtAnyWriteOfTheEnd_whenTheNoticeIsDeliveredAgain_thenTheWorkspaceIsReleasedOnce() {
        List<String> crashedAt = new ArrayList<>();
        for (CrashingItemStore.Crash how : CrashingItemStore.Crash.values()) {
            for (int write = 1; write <= 12; write++) {
                RebindWorld w = new RebindWorld();
                Registration.Activated first = endingWithItsFinalReportSent(w);
                SubscriptionId id = first.session().subscriptionId();
                MarketplaceNotice end = w.snsNotice("end-1", LifecycleAction.ENDED, w.fx.clock.instant());
                w.fx.crashing.crashOnWrite(write, how);
                try {
                    w.notices.receive(end);
                } catch (RuntimeException crash) {
                    crashedAt.add(how + "@" + write);
                    w.notices.receive(end);
                }
                w.fx.crashing.crashOnWrite(-1, how);

                String where = how + " at write " + write;
                Workspace workspace = w.workspace(first.workspace().id());
                assertNull(workspace.billingChannel(), where);
                assertEquals(at("09:00"), workspace.billedUntil(), where + ": the final report covered the 08:00 hour");
                assertEquals(1, w.releaseEntries(id).size(), where);
                assertEquals(w.link(id, workspace.id()).orElseThrow().get("releasedAt"),
                        w.releaseEntries(id).get(0).get("at"), where);
                assertEquals(SubscriptionStatus.UNSUBSCRIBED, w.subscription(id).status(), where);
            }
        }
        assertTrue(crashedAt.size() >= 12, "the crashes happened: " + crashedAt);
    }

    @Test
    void givenReleaseInterruptedAfterTheFinalReport_whenTheBuyerReturns_thenTheBindingPageFinishesIt() {
        RebindWorld w = new RebindWorld();
        Registration.Activated first = w.firstPurchase();
        SubscriptionId id = first.session().subscriptionId();
        w.use(first.workspace().id(), at("08:00"), 2);
        w.moveTo("08:30");
        w.sns(LifecycleAction.ENDED);
        w.meteringWithoutRelease.run();
        assertTrue(w.states.find(id).orElseThrow().stopped());
        assertTrue(w.workspace(first.workspace().id()).isBilledThrough(id), "the release did not happen");
        w.moveTo("09:10");

        ActivationSession again = w.arriveAgain();
        List<WorkspaceBinding.Row> rows = w.fx.workspaceBinding.overview(again);

        assertEquals(WorkspaceBinding.State.BINDABLE, rows.get(0).state());
        assertEquals(1, w.releaseEntries(id).size());
        assertEquals("binding:repair", w.releaseEntries(id).get(0).get("cause"));
        assertEquals(at("09:00"), w.workspace(first.workspace().id()).billedUntil());
    }

    @Test
    void givenReleasedAlready_whenAskedAgain_thenNothingChanges() {
        RebindWorld w = new RebindWorld();
        Registration.Activated first = endingWithItsFinalReportSent(w);
        SubscriptionId id = first.session().subscriptionId();
        w.sns(LifecycleAction.ENDED);
        Map<String, Item> before = w.fx.recorded.snapshot();

        w.moveTo("09:30");
        assertEquals(0, w.release.release(id));
        w.sns(LifecycleAction.ENDED);

        // the e-mail code allowances of the registration expire at 09:00 on their own
        Map<String, Item> after = ActivationFixture.withoutCodes(w.fx.recorded.snapshot());
        after.keySet().removeIf(key -> key.startsWith("NOTICE#"));
        ActivationFixture.withoutCodes(before).keySet().removeIf(key -> key.startsWith("NOTICE#"));
        assertEquals(before, after);
    }

    @Test
    void givenLiveSubscription_whenAskedToRelease_thenItKeepsItsWorkspace() {
        RebindWorld w = new RebindWorld();
        Registration.Activated first = endingWithItsFinalReportSent(w);

        assertEquals(0, w.release.release(first.session().subscriptionId()));

        assertTrue(w.workspace(first.workspace().id()).isBilledThrough(first.session().subscriptionId()));
    }

    @Test
    void givenMeteringStoppedWhileLive_whenTheRenewalCheckEndsTheSubscription_thenItsWorkspaceIsReleased() {
        RebindWorld w = new RebindWorld();
        Registration.Activated first = w.firstPurchase();
        SubscriptionId id = first.session().subscriptionId();
        w.fx.subscriptions.save(w.subscription(id).withEntitlements(List.of(new Entitlement("hosts", "5", null))));
        w.aws.unsubscribe("customer:" + FakeAwsMarketplace.PRODUCT_CODE + "/" + RebindWorld.CUSTOMER);
        w.use(first.workspace().id(), at("08:00"), 3);
        w.moveTo("09:20");
        w.metering.run();
        assertTrue(w.states.find(id).orElseThrow().stopped(), "AWS answered CustomerNotSubscribed");
        assertTrue(w.workspace(first.workspace().id()).isBilledThrough(id), "still live: not released");

        ScriptedAwsMarketplace marketplace = new ScriptedAwsMarketplace();
        marketplace.defaultEntitlements(List.of());
        RenewalCheck check = new RenewalCheck(w.fx.subscriptions, w.fx.audit, w.states, marketplace, w.fx.clock,
                Duration.ofDays(30), w.release);
        w.fx.clock.advance(Duration.ofHours(25));
        check.run("r1");
        w.fx.clock.advance(Duration.ofMinutes(61));
        check.run("r2");

        assertEquals(SubscriptionStatus.UNSUBSCRIBED, w.subscription(id).status());
        assertNull(w.workspace(first.workspace().id()).billingChannel());
        assertEquals("renewal:r2", w.releaseEntries(id).get(0).get("cause"));
    }

    @Test
    void givenReleasedWorkspace_whenAnAzureSubscriptionOfTheSameAccountBindsIt_thenItIsBilledThroughAzure() {
        RebindWorld w = new RebindWorld();
        Registration.Activated first = endingWithItsFinalReportSent(w);
        w.sns(LifecycleAction.ENDED);
        SubscriptionId azure = new SubscriptionId(Cloud.AZURE,
                "6b7c1f0e-2a3d-4e5f-8a9b-0c1d2e3f4a5b");
        CloudAccountRef tenant = new CloudAccountRef("azure-tenant", "9f8e7d6c-0000-4000-8000-000000000001");
        w.fx.subscriptions.createOrGet(new MarketplaceSubscription(azure, tenant, null, null, null, null, List.of(),
                SubscriptionStatus.PENDING_ACTIVATION, MarketplaceState.initial(), null, null, w.fx.clock.instant(),
                null, null, 0));
        ActivationSession session = w.fx.sessions.start("azure-session-1", azure, tenant,
                first.session().billingAccountId(), w.fx.sites.defaultSite().id(), Optional.empty()).session();

        List<WorkspaceBinding.Row> rows = w.fx.workspaceBinding.overview(session);
        assertEquals(WorkspaceBinding.State.BINDABLE, rows.get(0).state());
        w.fx.workspaceBinding.bind(session, first.workspace().id());
        w.fx.completion.complete(w.fx.reload(session));

        assertTrue(w.workspace(first.workspace().id()).isBilledThrough(azure));
        assertEquals(List.of(WorkspaceBinding.State.BOUND_HERE), w.fx.workspaceBinding.overview(w.fx.reload(session))
                .stream().map(WorkspaceBinding.Row::state).toList());
    }
}
