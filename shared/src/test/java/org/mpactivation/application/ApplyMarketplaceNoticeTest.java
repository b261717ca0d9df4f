package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.domain.StatusChange;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.port.in.NoticeReceiver.Outcome;
import org.mpactivation.port.out.MarketplaceUnavailableException;

/** Lifecycle notices, one at a time: what each does, and what it does when it comes early, twice or fails. */
class ApplyMarketplaceNoticeTest {

    @Test
    void givenSubscribeSuccessBeforeArrival_thenRememberedAndAppliedOnArrival() {
        LifecycleWorld world = new LifecycleWorld();
        assertEquals(Outcome.APPLIED, world.deliver(world.sns("m-early", LifecycleAction.SUBSCRIBED)));
        assertTrue(world.subscription().isEmpty(), "no subscription is made up by a notice");

        world.tick();
        world.arrive();
        MarketplaceSubscription arrived = world.subscription().orElseThrow();
        assertTrue(arrived.marketplace().confirmed());
        assertEquals(SubscriptionStatus.PENDING_ACTIVATION, arrived.status());

        world.tick();
        assertEquals(SubscriptionStatus.ACTIVE, world.activate().status());
        assertEquals(Outcome.DUPLICATE, world.deliver(world.sns("m-early", LifecycleAction.SUBSCRIBED)));
    }

    @Test
    void givenUnsubscribeSuccessBeforeArrival_thenTheArrivalEndsAtOnceAndActivationIsRefused() {
        LifecycleWorld world = new LifecycleWorld();
        world.deliver(world.sns("m-gone", LifecycleAction.ENDED));
        world.tick();
        world.arrive();
        assertEquals(SubscriptionStatus.UNSUBSCRIBED, world.subscription().orElseThrow().status());
        assertEquals(List.of("PENDING_ACTIVATION>UNSUBSCRIBED notice:announced"), trail(world));
        assertThrows(ActivationConflictException.class, world::activate);
        assertEquals(SubscriptionStatus.UNSUBSCRIBED, world.subscription().orElseThrow().status());
    }

    @Test
    void givenUnsubscribeSuccess_thenALaterSubscribeSuccessNeverMakesItActiveAgain() {
        LifecycleWorld world = activated();
        world.deliver(world.sns("m-end", LifecycleAction.ENDED));
        world.tick();
        world.deliver(world.sns("m-late", LifecycleAction.SUBSCRIBED));
        world.tick();
        world.deliver(world.licenceEvent("e-late", LifecycleAction.ENTITLEMENTS_CHANGED));
        assertEquals(SubscriptionStatus.UNSUBSCRIBED, world.subscription().orElseThrow().status());
        assertThrows(ActivationConflictException.class, world::activate);
        assertEquals(List.of("PENDING_ACTIVATION>ACTIVE session:life", "ACTIVE>UNSUBSCRIBED notice:sns:m-end"),
                trail(world));
    }

    /** Agreement event, licence event and arrival in all six orders (and activation last) end alike. */
    @TestFactory
    List<DynamicTest> givenAgreementLicenceAndArrivalInEveryOrder_thenTheAgreementReachesTheSubscription() {
        List<DynamicTest> tests = new ArrayList<>();
        List<String> steps = List.of("agreement", "licence", "arrival");
        for (List<String> order : permutations(steps)) {
            tests.add(DynamicTest.dynamicTest(String.join(" > ", order), () -> {
                LifecycleWorld world = new LifecycleWorld();
                for (String step : order) {
                    world.tick();
                    switch (step) {
                        case "agreement" -> world.deliver(world.agreementEvent("e-created", LifecycleAction.SUBSCRIBED));
                        case "licence" -> world.deliver(world.licenceEvent("e-updated",
                                LifecycleAction.ENTITLEMENTS_CHANGED));
                        default -> world.arrive();
                    }
                }
                assertTrue(world.subscription().orElseThrow().marketplace().confirmed(),
                        "Purchase Agreement Created reached the subscription");
                world.tick();
                world.activate();
                world.tick();
                world.deliver(world.agreementEvent("e-ended", LifecycleAction.ENDING));
                MarketplaceSubscription ending = world.subscription().orElseThrow();
                assertEquals(SubscriptionStatus.UNSUBSCRIBE_PENDING, ending.status(),
                        "an agreement event finds the subscription through the licence");
                assertEquals(LifecycleWorld.ENTITLEMENTS, ending.entitlements());
            }));
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> givenAgreementEndedLicenceAndArrivalInEveryOrder_thenUnsubscribePending() {
        List<DynamicTest> tests = new ArrayList<>();
        for (List<String> order : permutations(List.of("agreement", "licence", "arrival"))) {
            tests.add(DynamicTest.dynamicTest(String.join(" > ", order), () -> {
                LifecycleWorld world = new LifecycleWorld();
                for (String step : order) {
                    world.tick();
                    switch (step) {
                        case "agreement" -> world.deliver(world.agreementEvent("e-ended", LifecycleAction.ENDING));
                        case "licence" -> world.deliver(world.licenceEvent("e-updated",
                                LifecycleAction.ENTITLEMENTS_CHANGED));
                        default -> world.arrive();
                    }
                }
                assertEquals(SubscriptionStatus.UNSUBSCRIBE_PENDING, world.subscription().orElseThrow().status());
            }));
        }
        return tests;
    }

    @Test
    void givenAgreementEventWithoutAnyLicenceEvent_thenRememberedButNotGuessed() {
        LifecycleWorld world = activated();
        assertEquals(Outcome.APPLIED, world.deliver(world.agreementEvent("e-only", LifecycleAction.ENDING)));
        assertEquals(SubscriptionStatus.ACTIVE, world.subscription().orElseThrow().status(),
                "an agreement is matched to a buyer only through its licence events");
        world.tick();
        world.deliver(world.licenceEvent("e-lic", LifecycleAction.ENTITLEMENTS_CHANGED));
        assertEquals(SubscriptionStatus.UNSUBSCRIBE_PENDING, world.subscription().orElseThrow().status(),
                "the licence event links the agreement and brings what it announced");
    }

    @Test
    void givenUnsubscribePending_thenTheFinalReportIsDueNow() {
        LifecycleWorld world = activated();
        MeteringState before = world.meteringState().orElseThrow();
        assertFalse(before.finalReport());
        world.tick();
        Instant now = world.fx.clock.instant();
        world.deliver(world.sns("m-pending", LifecycleAction.ENDING));
        MeteringState after = world.meteringState().orElseThrow();
        assertTrue(after.finalReport());
        assertEquals(now, after.dueAt());
        assertEquals(before.meteredThrough(), after.meteredThrough());
        assertEquals(SubscriptionStatus.UNSUBSCRIBE_PENDING, world.subscription().orElseThrow().status());
    }

    @Test
    void givenAnEndWithoutUnsubscribePending_thenTheFinalReportIsDueToo() {
        LifecycleWorld world = activated();
        world.tick();
        world.deliver(world.licenceEvent("e-deprovisioned", LifecycleAction.ENDED));
        assertTrue(world.meteringState().orElseThrow().finalReport());
        assertEquals(SubscriptionStatus.UNSUBSCRIBED, world.subscription().orElseThrow().status());
    }

    @Test
    void givenStatusChanges_thenOneAuditEntryEachWithTheNoticeAsCause() {
        LifecycleWorld world = activated();
        world.tick();
        world.deliver(world.sns("m-ent", LifecycleAction.ENTITLEMENTS_CHANGED));
        world.tick();
        world.deliver(world.sns("m-pend", LifecycleAction.ENDING));
        world.tick();
        world.deliver(world.sns("m-pend", LifecycleAction.ENDING));
        world.tick();
        world.deliver(world.licenceEvent("e-dep", LifecycleAction.ENDED));
        List<StatusChange> history = world.history();
        assertEquals(List.of("PENDING_ACTIVATION>ACTIVE session:life",
                "ACTIVE>UNSUBSCRIBE_PENDING notice:sns:m-pend",
                "UNSUBSCRIBE_PENDING>UNSUBSCRIBED notice:eventbridge:e-dep"), trail(world));
        assertTrue(history.get(1).at().isBefore(history.get(2).at()));
    }

    @Test
    void givenGetEntitlementsFails_thenReceiveThrowsAndTheRedeliveryAppliesIt() {
        LifecycleWorld world = activated();
        List<Entitlement> renewed = List.of(new Entitlement("hosts", "50", Instant.parse("2027-03-01T00:00:00Z")));
        world.marketplace.defaultEntitlements(renewed);
        world.marketplace.failEntitlementsNext(1);
        world.tick();
        assertThrows(MarketplaceUnavailableException.class,
                () -> world.deliver(world.sns("m-upd", LifecycleAction.ENTITLEMENTS_CHANGED)));
        assertEquals(LifecycleWorld.ENTITLEMENTS, world.subscription().orElseThrow().entitlements());

        assertEquals(Outcome.APPLIED, world.deliver(world.sns("m-upd", LifecycleAction.ENTITLEMENTS_CHANGED)),
                "nothing was marked seen before the notice succeeded");
        assertEquals(renewed, world.subscription().orElseThrow().entitlements());
        assertEquals(Outcome.DUPLICATE, world.deliver(world.sns("m-upd", LifecycleAction.ENTITLEMENTS_CHANGED)));
    }

    @Test
    void givenAFailedEndNotice_thenTheRedeliveryStillEndsAndAuditsOnce() {
        LifecycleWorld world = activated();
        world.tick();
        world.fx.crashing.crashOnWrite(3, CrashingItemStore.Crash.AFTER_WRITE);
        try {
            world.deliver(world.sns("m-crash", LifecycleAction.ENDED));
        } catch (RuntimeException crashed) {
            // the queue delivers it again
        }
        world.tick();
        world.deliver(world.sns("m-crash", LifecycleAction.ENDED));
        assertEquals(SubscriptionStatus.UNSUBSCRIBED, world.subscription().orElseThrow().status());
        assertEquals(List.of("PENDING_ACTIVATION>ACTIVE session:life",
                "ACTIVE>UNSUBSCRIBED notice:sns:m-crash"), trail(world));
        assertTrue(world.meteringState().orElseThrow().finalReport());
    }

    /** A notice crashed at each of its writes, before or after the write, then redelivered: same end. */
    @TestFactory
    List<DynamicTest> givenACrashAtEveryWriteOfANotice_whenRedelivered_thenTheSameEndState() {
        LifecycleWorld reference = activated();
        long before = reference.fx.store.writes();
        reference.tick();
        reference.deliver(reference.sns("m-x", LifecycleAction.ENDING));
        int writes = (int) (reference.fx.store.writes() - before);
        var expected = reference.fx.recorded.snapshot();
        List<DynamicTest> tests = new ArrayList<>();
        for (int write = 1; write <= writes; write++) {
            for (CrashingItemStore.Crash crash : CrashingItemStore.Crash.values()) {
                int position = write;
                tests.add(DynamicTest.dynamicTest("write " + position + " " + crash, () -> {
                    LifecycleWorld world = activated();
                    world.tick();
                    world.fx.crashing.crashOnWrite(position, crash);
                    assertThrows(RuntimeException.class, () -> world.deliver(world.sns("m-x", LifecycleAction.ENDING)));
                    Outcome again = world.deliver(world.sns("m-x", LifecycleAction.ENDING));
                    boolean lastWriteLanded = position == writes && crash == CrashingItemStore.Crash.AFTER_WRITE;
                    assertEquals(lastWriteLanded ? Outcome.DUPLICATE : Outcome.APPLIED, again,
                            "marked seen only by its last write");
                    assertEquals(expected, world.fx.recorded.snapshot());
                }));
            }
        }
        return tests;
    }

    @Test
    void storeCallsPerNotice() {
        LifecycleWorld world = activated();
        world.tick();
        world.fx.store.reset();
        world.deliver(world.sns("m-budget", LifecycleAction.ENDING));
        long reads = world.fx.store.reads();
        long writes = world.fx.store.writes();
        world.fx.store.reset();
        world.deliver(world.sns("m-budget", LifecycleAction.ENDING));
        assertEquals(1, world.fx.store.reads() + world.fx.store.writes(), "a redelivery costs one read");
        assertTrue(reads <= 6 && writes <= 5, "reads " + reads + ", writes " + writes);
        System.out.printf("store calls per notice (unsubscribe-pending, known buyer): %d reads, %d writes%n",
                reads, writes);
    }

    // ---- helpers

    private static LifecycleWorld activated() {
        LifecycleWorld world = new LifecycleWorld();
        world.arrive();
        world.tick();
        world.activate();
        return world;
    }

    private static List<String> trail(LifecycleWorld world) {
        return world.history().stream().map(c -> c.from() + ">" + c.to() + " " + c.cause()).toList();
    }

    private static <T> List<List<T>> permutations(List<T> items) {
        List<List<T>> result = new ArrayList<>();
        permute(new ArrayList<>(), new ArrayList<>(items), result::add);
        return result;
    }

    private static <T> void permute(List<T> prefix, List<T> rest, Consumer<List<T>> out) {
        if (rest.isEmpty()) {
            out.accept(List.copyOf(prefix));
            return;
        }
        for (int i = 0; i < rest.size(); i++) {
            List<T> nextRest = new ArrayList<>(rest);
            prefix.add(nextRest.remove(i));
            permute(prefix, nextRest, out);
            prefix.remove(prefix.size() - 1);
        }
    }
}
