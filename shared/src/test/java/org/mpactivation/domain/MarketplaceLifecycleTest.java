package org.mpactivation.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** The stage algebra that makes notices commute, and the status a subscription derives from it. */
class MarketplaceLifecycleTest {

    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    private static final AwsCustomer BUYER = new AwsCustomer("cust-1", "123456789012", "prod-x", null);

    @Property
    void stagesOnlyMoveForwardWhateverTheOrder(@ForAll @Size(max = 8) List<LifecycleAction> actions,
                                               @ForAll @Size(max = 8) List<LifecycleAction> others) {
        MarketplaceState a = MarketplaceState.initial();
        for (LifecycleAction action : actions) {
            MarketplaceState next = a.after(action);
            assertTrue(next.stage().ordinal() >= a.stage().ordinal());
            assertTrue(!a.confirmed() || next.confirmed(), "a confirmation is never lost");
            a = next;
        }
        MarketplaceState b = MarketplaceState.initial();
        for (LifecycleAction action : others) {
            b = b.after(action);
        }
        assertEquals(a.merge(b), b.merge(a), "merge commutes");
        assertEquals(a, a.merge(a), "merge is idempotent");
        MarketplaceState reversed = MarketplaceState.initial();
        for (int i = actions.size() - 1; i >= 0; i--) {
            reversed = reversed.after(actions.get(i));
        }
        assertEquals(a, reversed, "the order of actions does not matter");
    }

    @Example
    void givenFailureAndEndInEitherOrder_thenEnded() {
        assertEquals(MarketplaceStage.ENDED, MarketplaceState.initial().after(LifecycleAction.FAILED)
                .after(LifecycleAction.ENDED).stage());
        assertEquals(MarketplaceStage.ENDED, MarketplaceState.initial().after(LifecycleAction.ENDED)
                .after(LifecycleAction.FAILED).stage());
        assertTrue(MarketplaceStage.FAILED.isOver() && MarketplaceStage.ENDED.isOver());
        assertTrue(!MarketplaceStage.ENDING.isOver() && !MarketplaceStage.LIVE.isOver());
    }

    @Example
    void statusFollowsStageAndActivation() {
        MarketplaceSubscription fresh = MarketplaceSubscription.newAws(BUYER, BUYER.cloudAccount("aws"), null,
                List.of(), T0);
        assertEquals(SubscriptionStatus.PENDING_ACTIVATION, fresh.status());
        assertNull(fresh.lastChange());

        MarketplaceSubscription active = fresh.activated("session:s1", T0.plusSeconds(1));
        assertEquals(SubscriptionStatus.ACTIVE, active.status());
        assertEquals(new StatusChange(SubscriptionStatus.PENDING_ACTIVATION, SubscriptionStatus.ACTIVE, "session:s1",
                T0.plusSeconds(1)), active.lastChange());

        MarketplaceSubscription pending = active.withMarketplace(active.marketplace().after(LifecycleAction.ENDING),
                "notice:sns:m1", T0.plusSeconds(2));
        assertEquals(SubscriptionStatus.UNSUBSCRIBE_PENDING, pending.status());
        assertEquals("notice:sns:m1", pending.lastChange().cause());

        MarketplaceSubscription unchanged = pending.withMarketplace(pending.marketplace()
                .after(LifecycleAction.SUBSCRIBED), "notice:sns:m2", T0.plusSeconds(3));
        assertEquals(SubscriptionStatus.UNSUBSCRIBE_PENDING, unchanged.status());
        assertEquals("notice:sns:m1", unchanged.lastChange().cause(), "no status change, no new change record");

        MarketplaceSubscription ended = unchanged.withMarketplace(unchanged.marketplace()
                .after(LifecycleAction.ENDED), "notice:sns:m3", T0.plusSeconds(4));
        assertEquals(SubscriptionStatus.UNSUBSCRIBED, ended.status());
        assertEquals(SubscriptionStatus.UNSUBSCRIBED, ended.activated("session:late", T0.plusSeconds(5)).status(),
                "an activation after the end does not revive it");
        assertEquals(ended, ended.activated("session:late", T0.plusSeconds(5)), "and records no change");
    }

    @Example
    void givenAnEndBeforeActivation_thenActivationStillEndsUnsubscribed() {
        MarketplaceSubscription ended = MarketplaceSubscription.newAws(BUYER, BUYER.cloudAccount("aws"), null,
                List.of(), T0).withMarketplace(MarketplaceState.initial().after(LifecycleAction.ENDED), "notice", T0);
        assertEquals(SubscriptionStatus.UNSUBSCRIBED, ended.activated("session", T0.plusSeconds(1)).status());
        MarketplaceSubscription failed = MarketplaceSubscription.newAws(BUYER, BUYER.cloudAccount("aws"), null,
                List.of(), T0).withMarketplace(MarketplaceState.initial().after(LifecycleAction.FAILED), "notice", T0);
        assertEquals(SubscriptionStatus.FAILED, failed.status());
    }

    @Example
    void licenceIdsCompareWithAndWithoutTheArnPrefix() {
        assertEquals("l-0abc123", LicenseId.of("arn:aws:license-manager::123456789012:license:l-0abc123"));
        assertEquals("l-0abc123", LicenseId.of("l-0abc123"));
        assertEquals("l-0abc123", LicenseId.of("  arn:aws-cn:license-manager::1:license/l-0abc123 "));
    }

    @Example
    void aNoticeMustNameTheBuyerSomeWay() {
        assertThrows(IllegalArgumentException.class, () -> new AwsSubscriptionRef("prod-x", null, "1", null, null));
        assertThrows(IllegalArgumentException.class, () -> new AwsSubscriptionRef(null, "cust", null, null, null));
        assertEquals("agmt-1", new AwsSubscriptionRef(" ", "", null, null, " agmt-1 ").agreementId());
        assertThrows(IllegalArgumentException.class, () -> new MarketplaceNotice(" ", "sns", LifecycleAction.ENDED,
                new AwsSubscriptionRef("p", "c", null, null), T0, null));
        assertEquals("ENDED", new MarketplaceNotice("n", "sns", LifecycleAction.ENDED,
                new AwsSubscriptionRef("p", "c", null, null), T0, null).detail());
    }

    @Example
    void meteringStateAndLedgerTransitions() {
        SubscriptionId id = BUYER.subscriptionId();
        MeteringState state = new MeteringState(id, T0, T0.plusSeconds(4500), false, false, 3);
        MeteringState finalDue = state.finalReportDue(T0.plusSeconds(60));
        assertTrue(finalDue.finalReport());
        assertEquals(T0.plusSeconds(60), finalDue.dueAt());
        MeteringState stopped = finalDue.stoppedAt(T0.plusSeconds(7200));
        assertTrue(stopped.stopped() && stopped.finalReport());
        assertNull(stopped.dueAt());
        assertEquals(3, stopped.version());
        assertThrows(NullPointerException.class, () -> new MeteringState(id, T0, null, false, false, 0));

        LedgerEntry pending = new LedgerEntry(id, T0, "hosts", 4, LedgerEntry.State.PENDING, null, 1);
        LedgerEntry sent = pending.settle(LedgerEntry.State.SENT, "Success:r1");
        assertEquals(4, sent.quantity(), "settling never changes the quantity");
        assertTrue(sent.state().settled() && !pending.state().settled());
        assertTrue(LedgerEntry.State.FLAGGED.settled() && LedgerEntry.State.NOT_SUBSCRIBED.settled());
    }

    @Example
    void dimensionMapRefusesOddNamesAndMapsOnlyKnownOnes() {
        DimensionMap map = new DimensionMap(java.util.Map.of("api_calls", "requests"));
        assertEquals("requests", map.marketplaceDimension("api_calls").orElseThrow());
        assertTrue(map.marketplaceDimension("requests").isEmpty());
        assertTrue(map.marketplaceDimension(null).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> new DimensionMap(java.util.Map.of("a b", "x")));
        assertThrows(IllegalArgumentException.class, () -> new DimensionMap(java.util.Map.of("a", "")));
        assertThrows(IllegalArgumentException.class, () -> new UsageRecord("r", "w", "d", T0, -1));
    }
}
