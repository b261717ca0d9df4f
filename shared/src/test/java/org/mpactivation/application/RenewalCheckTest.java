package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.CountingItemStore;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.domain.MarketplaceStage;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.StatusChange;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.repository.SubscriptionRepository;

/** The daily renewal check: reads only what is due, repairs missed ends, flags ends ahead. */
class RenewalCheckTest {

    private static final Duration ENDING_SOON = Duration.ofDays(30);

    private final MeteringWorld w = new MeteringWorld();
    private final RenewalCheck check = new RenewalCheck(w.subscriptions, w.audit, w.states, w.marketplace,
            w.clock, ENDING_SOON);

    /**
     * A subscription recorded now whose next check is at {@code nextCheck}, activated if asked; the
     * marketplace says the same about its entitlements until the test changes that.
     */
    private AwsCustomer subscription(String name, Instant nextCheck, List<Entitlement> entitlements, boolean active) {
        AwsCustomer customer = new AwsCustomer("cust-" + name, null, MeteringWorld.PRODUCT, null);
        Instant now = w.clock.instant();
        MarketplaceSubscription fresh = MarketplaceSubscription.newAws(customer, customer.cloudAccount("aws"), null,
                entitlements, now);
        w.subscriptions.createOrGet(fresh.withMarketplace(fresh.marketplace().withNextCheck(nextCheck), "arrival",
                now));
        w.marketplace.entitlements(customer, entitlements);
        if (active) {
            w.binding.activate(customer.subscriptionId(), "ba-" + name, "session:" + name);
        }
        return customer;
    }

    private MarketplaceSubscription stored(AwsCustomer customer) {
        return w.subscriptions.find(customer.subscriptionId()).orElseThrow();
    }

    private Instant now() {
        return w.clock.instant();
    }

    private static List<Entitlement> hosts(Instant expiresAt) {
        return List.of(new Entitlement("hosts", "3", expiresAt));
    }

    @Test
    void givenAThousandSubscriptionsOfWhichTenAreDue_thenOnlyTheTenAreRead() {
        for (int i = 0; i < 1000; i++) {
            boolean due = i % 100 == 7;
            subscription("many" + i, due ? now().minus(Duration.ofMinutes(1)) : now().plus(Duration.ofHours(12)),
                    List.of(), false);
        }
        w.store.reset();
        RenewalCheck.Report report = check.run("run-many");
        assertEquals(10, report.checked());
        assertEquals(10, w.marketplace.entitlementCalls());
        long reads = w.store.reads();
        long writes = w.store.writes();
        System.out.printf("renewal: 1000 subscriptions, 10 due: %d reads (%d index queries), %d writes%n", reads,
                w.store.count(CountingItemStore.Operation.QUERY_INDEX), writes);
        assertTrue(reads <= SubscriptionRepository.renewalShards() + 10, "reads: " + reads);
        assertTrue(writes <= 2 * 10, "writes: " + writes);
    }

    @Test
    void givenEntitlementsThatLapsed_thenTheSubscriptionEndsWithAnAuditEntryCausedByTheRun() {
        AwsCustomer gone = subscription("gone", now().plus(Duration.ofDays(1)),
                hosts(now().plus(Duration.ofDays(300))), true);
        AwsCustomer expired = subscription("expired", now().plus(Duration.ofDays(1)),
                hosts(now().plus(Duration.ofDays(300))), true);
        w.marketplace.entitlements(gone, List.of());
        w.marketplace.entitlements(expired, hosts(now().plus(Duration.ofHours(2))));
        w.clock.advance(Duration.ofDays(1).plusHours(3));

        RenewalCheck.Report first = check.run("run-6");
        assertEquals(1, first.repaired(), "expired entitlements end it at once");
        w.states.find(expired.subscriptionId()).ifPresent(state -> assertTrue(state.finalReport(),
                "an end found by the check asks for the final report, as the notice would have"));
        MarketplaceSubscription missing = stored(gone);
        assertEquals(SubscriptionStatus.ACTIVE, missing.status(), "one empty answer may be transient");
        assertEquals(1, missing.marketplace().missedChecks());
        assertEquals(hosts(now().minus(Duration.ofDays(1)).minus(Duration.ofHours(3)).plus(Duration.ofDays(300))),
                missing.entitlements(), "the entitlements it had are kept meanwhile");
        assertEquals(now().plus(RenewalCheck.RECHECK_AFTER_MISS), missing.marketplace().nextCheckAt());

        w.clock.advance(RenewalCheck.RECHECK_AFTER_MISS);
        RenewalCheck.Report report = check.run("run-7");
        assertEquals(1, report.repaired(), "the second empty answer in a row ends it");
        assertEquals("renewal:run-6", lastChange(expired).cause());
        for (AwsCustomer customer : List.of(gone, expired)) {
            MarketplaceSubscription ended = stored(customer);
            assertEquals(SubscriptionStatus.UNSUBSCRIBED, ended.status());
            assertEquals(MarketplaceStage.ENDED, ended.marketplace().stage());
            assertNull(ended.marketplace().nextCheckAt(), "an ended subscription leaves the index");
            List<StatusChange> history = w.audit.history(customer.subscriptionId());
            StatusChange last = history.get(history.size() - 1);
            assertEquals(SubscriptionStatus.ACTIVE, last.from());
            assertEquals(SubscriptionStatus.UNSUBSCRIBED, last.to());
            assertEquals(customer == gone ? "renewal:run-7" : "renewal:run-6", last.cause());
        }

        int calls = w.marketplace.entitlementCalls();
        w.clock.advance(Duration.ofDays(3));
        assertEquals(0, check.run("run-8").checked());
        assertEquals(calls, w.marketplace.entitlementCalls(), "ended subscriptions are not read again");
    }

    private StatusChange lastChange(AwsCustomer customer) {
        List<StatusChange> history = w.audit.history(customer.subscriptionId());
        return history.get(history.size() - 1);
    }

    @Test
    void givenOneEmptyAnswerThenTheEntitlementsAgain_thenNothingEndsAndTheCountResets() {
        AwsCustomer flaky = subscription("flaky", now(), hosts(now().plus(Duration.ofDays(300))), true);
        w.marketplace.entitlements(flaky, List.of());
        w.clock.advance(Duration.ofMinutes(1));
        check.run("run-a");
        assertEquals(1, stored(flaky).marketplace().missedChecks());
        w.marketplace.entitlements(flaky, hosts(now().plus(Duration.ofDays(300))));
        w.clock.advance(RenewalCheck.RECHECK_AFTER_MISS);
        check.run("run-b");
        assertEquals(SubscriptionStatus.ACTIVE, stored(flaky).status());
        assertEquals(0, stored(flaky).marketplace().missedChecks());
        assertEquals(now().plus(RenewalCheck.INTERVAL), stored(flaky).marketplace().nextCheckAt());
    }

    @Test
    void givenASubscriptionThatNeverHadEntitlements_thenNotEndedForLackOfThem() {
        AwsCustomer saas = subscription("saas", now(), List.of(), true);
        check.run("run-1");
        assertEquals(SubscriptionStatus.ACTIVE, stored(saas).status());
    }

    @Test
    void givenEntitlementsEndingSoon_thenFlaggedAndStillActive() {
        AwsCustomer ending = subscription("ending", now(), hosts(now().plus(Duration.ofDays(300))), true);
        AwsCustomer fine = subscription("fine", now(), hosts(now().plus(Duration.ofDays(300))), true);
        w.marketplace.entitlements(ending, hosts(now().plus(Duration.ofDays(12))));
        RenewalCheck.Report report = check.run("run-1");
        assertEquals(1, report.endingSoon());
        assertTrue(stored(ending).marketplace().endingSoon());
        assertEquals(SubscriptionStatus.ACTIVE, stored(ending).status());
        assertEquals(hosts(now().plus(Duration.ofDays(12))), stored(ending).entitlements(), "entitlements refreshed");
        assertFalse(stored(fine).marketplace().endingSoon());
        assertEquals(SubscriptionStatus.ACTIVE, stored(fine).status());
    }

    @Test
    void givenACheck_thenTheNextIsADayLater() {
        AwsCustomer customer = subscription("daily", now(), hosts(now().plus(Duration.ofDays(300))), true);
        Instant at = now();
        check.run("run-1");
        assertEquals(at.plus(RenewalCheck.INTERVAL), stored(customer).marketplace().nextCheckAt());
        int calls = w.marketplace.entitlementCalls();

        w.clock.advance(Duration.ofHours(23));
        assertEquals(0, check.run("run-2").checked());
        assertEquals(calls, w.marketplace.entitlementCalls());
        w.clock.advance(Duration.ofHours(1));
        assertEquals(1, check.run("run-3").checked());
        assertEquals(at.plus(Duration.ofDays(2)), stored(customer).marketplace().nextCheckAt());
    }

    @Test
    void givenTheMarketplaceFailsForOneSubscription_thenOnlyThatOneIsPostponed() {
        AwsCustomer failing = subscription("failing", now(), hosts(now().plus(Duration.ofDays(300))), true);
        AwsCustomer healthy = subscription("healthy", now(), hosts(now().plus(Duration.ofDays(300))), true);
        w.marketplace.failAlways(failing);
        Instant at = now();
        RenewalCheck.Report report = check.run("run-1");
        assertEquals(1, report.failed());
        assertEquals(1, report.checked());
        assertEquals(at, stored(failing).marketplace().nextCheckAt(), "still due: the next run tries again");
        assertEquals(SubscriptionStatus.ACTIVE, stored(failing).status());
        assertEquals(at.plus(RenewalCheck.INTERVAL), stored(healthy).marketplace().nextCheckAt());

        int calls = w.marketplace.entitlementCalls();
        w.clock.advance(Duration.ofMinutes(10));
        RenewalCheck.Report again = check.run("run-2");
        assertEquals(1, again.failed());
        assertEquals(calls + 1, w.marketplace.entitlementCalls(), "only the postponed one is read again");
    }
}
