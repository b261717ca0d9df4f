package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mpactivation.application.MeteringWorld.PRODUCT;
import static org.mpactivation.application.MeteringWorld.at;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.MeteringWorld.Buyer;
import org.mpactivation.domain.Drift;
import org.mpactivation.domain.DriftKind;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.MarketplaceUsageRecords;
import org.mpactivation.port.out.RecordedUsage;
import org.mpactivation.repository.DriftFindings;
import org.mpactivation.repository.ReconciliationSchedules;
import org.mpactivation.repository.StoredMeteringFacts;

class ReconciliationTest {

    private static final Duration SETTLED = MeteringWorld.WINDOW.plusHours(1);
    private static final Instant NEXT_DAY = Instant.parse("2025-03-02T09:00:00Z");

    private final MeteringWorld w = new MeteringWorld();
    private final PlantedUsageRecords marketplace = new PlantedUsageRecords();
    private final DriftFindings findings = new DriftFindings(w.store);

    private Reconciliation reconciliation(MarketplaceUsageRecords records) {
        return new Reconciliation(new StoredMeteringFacts(w.store), records, new ReconciliationSchedules(w.store),
                findings, w.clock, SETTLED);
    }

    /** Usage of three hours (08:00 to 10:00) on the "requests" dimension, metered at 11:20. */
    private void useAndMeter(Buyer... buyers) {
        for (Buyer buyer : buyers) {
            w.use(buyer.workspace(), "api_calls", at("08:00"), 5);
            w.use(buyer.workspace(), "api_calls", at("09:00"), 6);
            w.use(buyer.workspace(), "api_calls", at("10:00"), 7);
        }
        w.moveTo(at("11:20"));
        w.metering.run();
        for (Buyer buyer : buyers) {
            marketplace.copyBilled(w, buyer);
        }
    }

    /** A buyer whose subscription ends at 10:40 and whose final report {@link #useAndMeter} sends. */
    private Buyer endedAndMetered(String name) {
        Buyer ended = w.buyer(name, PRODUCT, false);
        w.moveTo(at("10:40"));
        w.notices.receive(w.sns(ended, "end-1", LifecycleAction.ENDED));
        useAndMeter(ended);
        assertTrue(w.state(ended).stopped(), "the final report went out");
        return ended;
    }

    @Test
    void givenLedgerAndMarketplaceAgree_thenNoDriftIsReported() {
        Buyer one = w.buyer("calm", PRODUCT, false);
        Buyer two = w.buyer("quiet", PRODUCT, true);
        useAndMeter(one, two);
        assertEquals(3, w.billed(one).size());
        w.moveTo(NEXT_DAY);

        Reconciliation.Report report = reconciliation(marketplace).run("run-clean");

        assertEquals(0, report.drifts(), report::toString);
        assertEquals(2, report.subscriptions());
        assertEquals(2, report.enrolled(), "still metered: the run enrolled them");
        assertEquals(0, report.failed());
        assertEquals(0, findings.latestRun().orElseThrow().drifts());
        assertTrue(found("run-clean").isEmpty());
    }

    @Test
    void givenEachKindOfDriftPlanted_thenEachIsFoundOnceWhereItWasPlanted() {
        Buyer clean = w.buyer("clean", PRODUCT, false);
        Buyer drifting = w.buyer("drifting", PRODUCT, true);
        Buyer ended = w.buyer("ended", PRODUCT, false);
        w.moveTo(at("10:40"));
        w.notices.receive(w.sns(ended, "end-1", LifecycleAction.ENDED));
        useAndMeter(clean, drifting, ended);
        assertTrue(w.state(ended).stopped(), "the final report went out");

        RecordedUsage missing = marketplace.remove(drifting.id(), "requests", at("08:00"));
        marketplace.add(drifting.id(), new RecordedUsage("requests", at("09:00"), 6, "mr-again"));
        RecordedUsage changed = marketplace.remove(drifting.id(), "requests", at("10:00"));
        marketplace.add(drifting.id(), new RecordedUsage("requests", at("10:00"), changed.quantity() + 3, "mr-10"));
        marketplace.add(drifting.id(), new RecordedUsage("storage", at("10:00"), 4, "mr-unknown"));
        w.ledger.createOrGet(new LedgerEntry(drifting.id(), at("09:00"), "storage", 2, LedgerEntry.State.PENDING,
                null, 0));
        w.ledger.createOrGet(new LedgerEntry(ended.id(), at("11:00"), "requests", 3, LedgerEntry.State.SENT,
                "Success:mr-late", 0));
        marketplace.add(ended.id(), new RecordedUsage("requests", at("11:00"), 3, "mr-late"));
        w.moveTo(NEXT_DAY);

        Reconciliation.Report report = reconciliation(marketplace).run("run-1");

        Set<String> expected = new TreeSet<>(List.of(
                "MISSING drifting requests 08:00 ledger=" + missing.quantity() + " marketplace=null",
                "DOUBLED drifting requests 09:00 ledger=6 marketplace=12",
                "DIFFERENT_QUANTITY drifting requests 10:00 ledger=7 marketplace=10",
                "NOT_IN_LEDGER drifting storage 10:00 ledger=null marketplace=4",
                "STUCK_PENDING drifting storage 09:00 ledger=2 marketplace=null",
                "BILLED_AFTER_END ended requests 11:00 ledger=3 marketplace=3"));
        assertEquals(expected, describe(found("run-1")));
        for (DriftKind kind : DriftKind.values()) {
            // the subscription kinds are the daily Azure comparison's, not the ledger's
            assertEquals(kind.aboutSubscription() ? 0 : 1, report.count(kind), kind + " in " + report);
        }
        assertEquals(3, report.subscriptions());
        assertEquals(0, report.failed());
        assertEquals(6, findings.latestRun().orElseThrow().drifts());
    }

    @Test
    void givenTheSameDriftFoundAgain_thenItIsStoredOnceAndListedUnderTheLatestRun() {
        Buyer drifting = w.buyer("again", PRODUCT, false);
        useAndMeter(drifting);
        marketplace.remove(drifting.id(), "requests", at("09:00"));
        w.moveTo(NEXT_DAY);
        reconciliation(marketplace).run("run-1");
        w.moveTo(NEXT_DAY.plus(Reconciliation.INTERVAL));

        Reconciliation.Report second = reconciliation(marketplace).run("run-2");

        assertEquals(1, second.count(DriftKind.MISSING), "still inside the look-back");
        assertEquals(1, found("run-2").size());
        assertTrue(found("run-1").isEmpty(), "the finding moved to the latest run");
        assertEquals(1, w.recorded.snapshot().keySet().stream().filter(k -> k.startsWith("DRIFT#")).count());
        assertEquals("run-2", findings.latestRun().orElseThrow().runId());
    }

    @Test
    void givenASubscriptionBeingMetered_thenItIsNotEnrolledAtActivationButByTheRunThatComparesIt() {
        Buyer metered = w.buyer("metered", PRODUCT, false);
        assertFalse(schedule().isEnrolled(metered.id()), "activation writes no schedule entry");
        useAndMeter(metered);
        marketplace.remove(metered.id(), "requests", at("10:00"));
        w.moveTo(NEXT_DAY);

        Reconciliation.Report report = reconciliation(marketplace).run("run-1");

        assertEquals(1, report.enrolled());
        assertEquals(1, report.subscriptions());
        assertEquals(1, report.count(DriftKind.MISSING));
    }

    @Test
    void givenASubscriptionActivatedAndEndedBeforeAnyRun_thenTheNextRunStillComparesIt() {
        Buyer brief = endedAndMetered("brief");
        marketplace.remove(brief.id(), "requests", at("08:00"));
        w.moveTo(NEXT_DAY);

        Reconciliation.Report report = reconciliation(marketplace).run("run-1");

        assertEquals(0, report.enrolled(), "enrolled when its metering stopped");
        assertEquals(1, report.subscriptions());
        assertEquals(1, report.count(DriftKind.MISSING), "its first metered hour is compared too");
    }

    /**
     * The ledger is compared with what AWS recorded; Azure's subscriptions are compared with the
     * SaaS Fulfillment API by {@link AzureReconciliation}, and no usage source here reads Azure's
     * metering back, so the ledger comparison must not take them up: with nothing recorded, each
     * hour sent would be reported missing.
     */
    @Test
    void givenAzureSubscriptionsMeteredAndEnded_thenTheLedgerComparisonLeavesThemAlone() {
        Buyer metered = w.azureBuyer("fabrikam", "6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b", MeteringWorld.AZURE_PLAN);
        Buyer ended = w.azureBuyer("tailspin", "7a2e3d4c-5b6f-4071-9b8c-0d1e2f3a4b5c", MeteringWorld.AZURE_PLAN);
        Buyer enrolledEarlier = w.azureBuyer("litware", "8b3f4e5d-6c70-4182-8c9d-1e2f3a4b5c6d", MeteringWorld.AZURE_PLAN);
        for (Buyer buyer : List.of(metered, ended, enrolledEarlier)) {
            w.use(buyer.workspace(), "api_calls", at("08:00"), 5);
        }
        // an earlier version enrolled every subscription at its activation
        schedule().enroll(enrolledEarlier.id(), at("08:00"), at("08:00").plus(Reconciliation.INTERVAL));
        w.moveTo(at("10:40"));
        w.states.finalReportDue(ended.id(), w.clock.instant());
        w.azureMetering.run();
        assertTrue(w.state(ended).stopped(), "the final report went out");
        assertFalse(schedule().isEnrolled(ended.id()), "not enrolled when its metering stopped");
        w.moveTo(NEXT_DAY);

        Reconciliation.Report report = reconciliation((subscription, from, to) -> List.of()).run("run-1");

        assertEquals(0, report.drifts(), report::toString);
        assertEquals(0, report.enrolled(), "the one still metered is not enrolled either");
        assertFalse(schedule().isEnrolled(metered.id()));
        w.moveTo(NEXT_DAY.plus(Reconciliation.INTERVAL));
        assertEquals(0, reconciliation((subscription, from, to) -> List.of()).run("run-2").subscriptions(),
                "the entry enrolled earlier left the schedule");
    }

    @Test
    void givenTheMarketplaceCannotBeReadForOneSubscription_thenTheOthersAreReconciledAndItStaysDue() {
        Buyer unreadable = w.buyer("unreadable", PRODUCT, false);
        Buyer fine = w.buyer("fine", PRODUCT, false);
        useAndMeter(unreadable, fine);
        marketplace.remove(fine.id(), "requests", at("08:00"));
        w.moveTo(NEXT_DAY);
        MarketplaceUsageRecords failing = (subscription, from, to) -> {
            if (subscription.id().equals(unreadable.id())) {
                throw new MarketplaceUnavailableException("down", null);
            }
            return marketplace.recorded(subscription, from, to);
        };

        Reconciliation.Report first = reconciliation(failing).run("run-1");
        Reconciliation.Report retry = reconciliation(marketplace).run("run-2");

        assertEquals(1, first.failed());
        assertEquals(1, first.count(DriftKind.MISSING));
        assertEquals(1, retry.subscriptions(), "only the one that failed was still due");
    }

    @Test
    void givenAnEndedSubscriptionComparedPastItsLastHour_thenItLeavesTheSchedule() {
        Buyer ended = endedAndMetered("gone");
        w.moveTo(NEXT_DAY.plus(Reconciliation.LOOKBACK));
        assertEquals(1, reconciliation(marketplace).run("run-1").subscriptions());
        w.moveTo(NEXT_DAY.plus(Reconciliation.LOOKBACK).plus(Reconciliation.INTERVAL));

        assertEquals(0, reconciliation(marketplace).run("run-2").subscriptions());
    }

    private ReconciliationSchedules schedule() {
        return new ReconciliationSchedules(w.store);
    }

    private List<Drift> found(String runId) {
        return findings.found(runId, Integer.MAX_VALUE);
    }

    private static Set<String> describe(List<Drift> drifts) {
        Set<String> lines = new TreeSet<>();
        for (Drift d : drifts) {
            String buyer = d.subscriptionId().value().replaceAll(".*/cust-", "");
            lines.add(d.kind() + " " + buyer + " " + d.dimension() + " " + d.hour().toString().substring(11, 16)
                    + " ledger=" + d.ledgerQuantity() + " marketplace=" + d.marketplaceQuantity());
        }
        assertEquals(drifts.size(), lines.size(), "each finding once: " + drifts);
        return lines;
    }
}
