package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceNotice;
import org.mpactivation.domain.MarketplaceStage;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.StatusChange;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.port.in.NoticeReceiver;

/**
 * Applying lifecycle notices commutes: for any set of SNS and EventBridge notices about one buyer,
 * delivered any number of times in any order, with the buyer's arrival and activation anywhere in
 * between, the subscription ends in the state of the canonical order (arrival, activation, then each
 * notice once in order of meaning). Ended never turns active, and every notice id is applied once.
 */
class LifecycleCommutativityTest {

    /** The notices AWS sends, by channel, with what they mean. */
    enum Kind {
        SNS_SUBSCRIBE_SUCCESS(Channel.SNS, LifecycleAction.SUBSCRIBED),
        AGREEMENT_CREATED(Channel.AGREEMENT, LifecycleAction.SUBSCRIBED),
        SNS_ENTITLEMENT_UPDATED(Channel.SNS, LifecycleAction.ENTITLEMENTS_CHANGED),
        AGREEMENT_AMENDED(Channel.AGREEMENT, LifecycleAction.ENTITLEMENTS_CHANGED),
        LICENSE_UPDATED(Channel.LICENSE, LifecycleAction.ENTITLEMENTS_CHANGED),
        SNS_UNSUBSCRIBE_PENDING(Channel.SNS, LifecycleAction.ENDING),
        AGREEMENT_ENDED(Channel.AGREEMENT, LifecycleAction.ENDING),
        SNS_SUBSCRIBE_FAIL(Channel.SNS, LifecycleAction.FAILED),
        SNS_UNSUBSCRIBE_SUCCESS(Channel.SNS, LifecycleAction.ENDED),
        LICENSE_DEPROVISIONED(Channel.LICENSE, LifecycleAction.ENDED);

        final Channel channel;
        final LifecycleAction action;

        Kind(Channel channel, LifecycleAction action) {
            this.channel = channel;
            this.action = action;
        }

        MarketplaceNotice notice(LifecycleWorld world) {
            String id = "n-" + name().toLowerCase();
            return switch (channel) {
                case SNS -> world.sns(id, action);
                case AGREEMENT -> world.agreementEvent(id, action);
                case LICENSE -> world.licenceEvent(id, action);
            };
        }
    }

    enum Channel { SNS, AGREEMENT, LICENSE }

    /** One thing that happens: a delivery of a notice, the arrival or the activation. */
    record Step(String what, Kind kind) {
        static final Step ARRIVE = new Step("arrive", null);
        static final Step ACTIVATE = new Step("activate", null);

        @Override
        public String toString() {
            return kind == null ? what : kind.name();
        }
    }

    record Scenario(Set<Kind> kinds, boolean activates, List<Step> steps) {
    }

    /** What a subscription's state means, without the bookkeeping of how it got there. */
    record Meaning(SubscriptionStatus status, MarketplaceStage stage, boolean confirmed, Object entitlements) {
        static Meaning of(MarketplaceSubscription s) {
            return new Meaning(s.status(), s.marketplace().stage(), s.marketplace().confirmed(), s.entitlements());
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Set<Kind>> kinds = Arbitraries.of(Kind.class).set().ofMinSize(1).ofMaxSize(Kind.values().length);
        return kinds.flatMap(set -> {
            List<Kind> listed = new ArrayList<>(EnumSet.copyOf(set));
            Arbitrary<List<Integer>> copies = Arbitraries.integers().between(1, 3).list().ofSize(listed.size());
            Arbitrary<Boolean> activates = Arbitraries.integers().between(0, 4).map(n -> n > 0);
            return Combinators.combine(copies, activates).flatAs((counts, activate) -> {
                List<Step> steps = new ArrayList<>();
                steps.add(Step.ARRIVE);
                if (activate) {
                    steps.add(Step.ACTIVATE);
                }
                for (int i = 0; i < listed.size(); i++) {
                    for (int copy = 0; copy < counts.get(i); copy++) {
                        steps.add(new Step("deliver", listed.get(i)));
                    }
                }
                return Arbitraries.shuffle(steps).map(order -> new Scenario(set, activate, arrivalFirst(order)));
            });
        });
    }

    /** The buyer cannot activate before arriving: swap the two if the shuffle put them that way round. */
    private static List<Step> arrivalFirst(List<Step> order) {
        List<Step> steps = new ArrayList<>(order);
        int arrive = steps.indexOf(Step.ARRIVE);
        int activate = steps.indexOf(Step.ACTIVATE);
        if (activate >= 0 && activate < arrive) {
            steps.set(activate, Step.ARRIVE);
            steps.set(arrive, Step.ACTIVATE);
        }
        return steps;
    }

    @Property(tries = 400)
    void givenAnyOrderAndRedeliveries_thenTheCanonicalEndState(@ForAll("scenarios") Scenario scenario) {
        Meaning canonical = canonical(scenario);
        LifecycleWorld world = new LifecycleWorld();
        Map<String, List<NoticeReceiver.Outcome>> outcomes = new HashMap<>();
        boolean ended = false;
        for (Step step : scenario.steps()) {
            world.tick();
            switch (step.what()) {
                case "arrive" -> world.arrive();
                case "activate" -> activateIfAllowed(world);
                default -> {
                    MarketplaceNotice notice = step.kind().notice(world);
                    outcomes.computeIfAbsent(notice.noticeId(), k -> new ArrayList<>()).add(world.deliver(notice));
                }
            }
            var now = world.subscription();
            if (now.isPresent()) {
                ended |= now.get().marketplace().stage() == MarketplaceStage.ENDED;
                if (ended) {
                    assertEquals(SubscriptionStatus.UNSUBSCRIBED, now.get().status(), "ended never turns back");
                }
            }
        }
        MarketplaceSubscription end = world.subscription().orElseThrow();
        assertEquals(canonical, Meaning.of(end), () -> "order " + scenario.steps());

        outcomes.forEach((id, list) -> {
            assertEquals(NoticeReceiver.Outcome.APPLIED, list.get(0), id);
            assertTrue(list.subList(1, list.size()).stream().allMatch(o -> o == NoticeReceiver.Outcome.DUPLICATE),
                    id + " applied once, then DUPLICATE: " + list);
        });
        assertAuditChain(world.history(), end);
    }

    @Property(tries = 200)
    void givenTheBuyerEnded_thenNoOrderEverMakesItActive(@ForAll("scenarios") Scenario scenario) {
        boolean ends = scenario.kinds().stream().anyMatch(k -> k.action == LifecycleAction.ENDED);
        LifecycleWorld world = new LifecycleWorld();
        for (Step step : scenario.steps()) {
            world.tick();
            switch (step.what()) {
                case "arrive" -> world.arrive();
                case "activate" -> activateIfAllowed(world);
                default -> world.deliver(step.kind().notice(world));
            }
        }
        List<StatusChange> history = world.history();
        for (int i = 0; i < history.size(); i++) {
            if (history.get(i).to() == SubscriptionStatus.UNSUBSCRIBED) {
                assertEquals(history.size() - 1, i, "nothing follows UNSUBSCRIBED: " + history);
            }
        }
        if (ends && reachesTheSubscription(scenario.kinds())) {
            assertEquals(SubscriptionStatus.UNSUBSCRIBED, world.subscription().orElseThrow().status());
        }
        if (!ends) {
            assertNotEquals(SubscriptionStatus.UNSUBSCRIBED, world.subscription().orElseThrow().status());
        }
    }

    /** The bug the first version of this property found: a licence event, then an agreement event, then the buyer. */
    @Example
    void givenLicenceEventThenAgreementEndedThenArrival_thenTheEndIsApplied() {
        Scenario scenario = new Scenario(Set.of(Kind.LICENSE_UPDATED, Kind.AGREEMENT_ENDED), false,
                List.of(new Step("deliver", Kind.LICENSE_UPDATED), new Step("deliver", Kind.AGREEMENT_ENDED),
                        Step.ARRIVE));
        givenAnyOrderAndRedeliveries_thenTheCanonicalEndState(scenario);
        assertEquals(SubscriptionStatus.UNSUBSCRIBE_PENDING, canonical(scenario).status());
    }

    // ---- helpers

    /** Agreement events reach a subscription only through a licence event of the same agreement. */
    private static boolean reachesTheSubscription(Set<Kind> kinds) {
        boolean linked = kinds.stream().anyMatch(k -> k.channel == Channel.LICENSE);
        return kinds.stream().filter(k -> k.action == LifecycleAction.ENDED)
                .anyMatch(k -> k.channel != Channel.AGREEMENT || linked);
    }

    private static Meaning canonical(Scenario scenario) {
        LifecycleWorld world = new LifecycleWorld();
        world.arrive();
        world.tick();
        if (scenario.activates()) {
            world.activate();
        }
        for (Kind kind : EnumSet.copyOf(scenario.kinds())) {
            world.tick();
            assertEquals(NoticeReceiver.Outcome.APPLIED, world.deliver(kind.notice(world)));
        }
        return Meaning.of(world.subscription().orElseThrow());
    }

    private static void activateIfAllowed(LifecycleWorld world) {
        try {
            world.activate();
        } catch (ActivationConflictException ended) {
            assertFalse(world.subscription().orElseThrow().status().isLive()
                    && world.subscription().orElseThrow().status() != SubscriptionStatus.UNSUBSCRIBE_PENDING,
                    "activation is refused only for an ended subscription");
        }
    }

    /** Each audit entry starts where the one before ended, and the last one is the current status. */
    private static void assertAuditChain(List<StatusChange> history, MarketplaceSubscription end) {
        SubscriptionStatus at = SubscriptionStatus.PENDING_ACTIVATION;
        for (StatusChange change : history) {
            assertEquals(at, change.from(), "audit chain " + history);
            assertNotEquals(change.from(), change.to());
            at = change.to();
        }
        assertEquals(end.status(), at, "the audit trail ends at the current status: " + history);
    }
}
