package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mpactivation.application.MeteringWorld.OTHER_PRODUCT;
import static org.mpactivation.application.MeteringWorld.PRODUCT;
import static org.mpactivation.application.MeteringWorld.START;
import static org.mpactivation.application.MeteringWorld.at;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.FakeAwsMetering.Call;
import org.mpactivation.application.MeteringWorld.Buyer;
import org.mpactivation.application.UsageIntake.Submitted;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.port.out.AwsMetering;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.repository.UsageRepository;

/**
 * The faults a review of the metering found, each as the test that failed before its fix: mixed
 * identity kinds in one call, one subscription's error stopping the run, usage lost at an hour's
 * close, outages flagged for good, a backlog's final report skipping hours, DuplicateRecord counted
 * as billed, and retry loops without end.
 */
class HourlyMeteringFaultTest {

    @Test
    void givenOneProductWithBothIdentityKinds_thenEachCallNamesEveryBuyerTheSameWay() {
        MeteringWorld w = new MeteringWorld();
        List<Buyer> buyers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Buyer buyer = w.buyer("kind" + i, i < 6 ? PRODUCT : OTHER_PRODUCT, i % 2 == 0);
            buyers.add(buyer);
            w.use(buyer.workspace(), "hosts", at("08:00"), 1 + i);
        }
        w.moveTo(at("09:20"));
        HourlyMetering.Report report = w.metering.run();

        for (Call call : w.aws.calls()) {
            Set<Boolean> kinds = new java.util.HashSet<>();
            call.lines().forEach(line -> kinds.add(line.byLicense()));
            assertEquals(1, kinds.size(), "AWS refuses a request naming buyers in two ways: " + call.lines());
        }
        assertEquals(12, report.recordsSent());
        for (Buyer buyer : buyers) {
            assertEquals(1, w.billed(buyer).size(), buyer.name());
        }
    }

    @Test
    void givenAnUnexpectedErrorForOneSubscription_thenTheOthersAreBilledAndItIsRetriedNextRun() {
        MeteringWorld w = new MeteringWorld();
        Buyer bad = w.buyer("bad", PRODUCT, false);
        Buyer good = w.buyer("good", PRODUCT, false);
        Buyer other = w.buyer("other", PRODUCT, false);
        for (Buyer buyer : List.of(bad, good, other)) {
            w.use(buyer.workspace(), "hosts", at("08:00"), 2);
        }
        AtomicBoolean broken = new AtomicBoolean(true);
        AwsMetering failingForOne = (productCode, lines) -> {
            if (broken.get() && lines.stream().anyMatch(l -> bad.customer().customerIdentifier()
                    .equals(l.customerIdentifier()))) {
                throw new IllegalStateException("an adapter bug for one record");
            }
            return w.aws.batchMeterUsage(productCode, lines);
        };
        HourlyMetering metering = w.meteringWith(failingForOne);
        w.moveTo(at("09:20"));

        HourlyMetering.Report report = metering.run();

        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", 2), w.billed(good));
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", 2), w.billed(other));
        assertEquals(Map.of(), w.billed(bad));
        LedgerEntry entry = w.ledger(bad).get(0);
        assertEquals(LedgerEntry.State.PENDING, entry.state(), "an unexpected error is no verdict on the usage");
        assertNotNull(entry.detail());
        assertTrue(entry.detail().contains("IllegalStateException"), "recorded for the operator: " + entry.detail());
        assertEquals(1, report.failed());
        assertEquals(at("08:00"), w.state(bad).meteredThrough());

        broken.set(false);
        w.moveTo(at("09:30"));
        metering.run();
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", 2), w.billed(bad), "retried on the next run");
        assertEquals(LedgerEntry.State.SENT, w.ledger(bad).get(0).state());
    }

    @Test
    void givenUsageWrittenJustBeforeTheCutoff_whenTheIndexLags_thenTheMeteredSumStillHoldsIt() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.buyer("late", PRODUCT, false);
        w.use(buyer.workspace(), "hosts", at("09:00"), 4);
        w.moveTo(at("10:09"));
        w.lagging.lag(Duration.ofMinutes(10));
        assertEquals(1, w.intake.accept(List.of(new Submitted("last-minute", buyer.workspace(), "hosts",
                "2025-03-01T09:00:00Z", 3L))).accepted());

        w.moveTo(at("10:16"));
        w.metering.run();

        assertEquals(7, w.billed(buyer).get("hosts@2025-03-01T09:00:00Z"),
                "a sum is sent only once every accepted record of the hour is in it");
    }

    @Test
    void givenUsageCheckedBeforeTheCutoffButWrittenAfterTheHourWasMetered_thenItIsNeverAcceptedAndLost() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.buyer("slow", PRODUCT, false);
        w.use(buyer.workspace(), "hosts", at("09:00"), 4);
        w.moveTo(at("10:09"));
        // the intake stalls between its checks and its writes; meanwhile the hour is metered
        w.intercepting.beforeFirstRead(key -> key.pk().contains("slow-write"), () -> {
            w.moveTo(at("10:16"));
            w.metering.run();
        });
        UsageIntake intake = new UsageIntake(new UsageRepository(w.store), w.workspaces, w.states, w.dimensions,
                w.clock);
        boolean accepted;
        try {
            accepted = intake.accept(List.of(new Submitted("slow-write", buyer.workspace(), "hosts",
                    "2025-03-01T09:00:00Z", 3L))).accepted() == 1;
        } catch (RuntimeException refused) {
            accepted = false;
        }

        int billed = w.billed(buyer).getOrDefault("hosts@2025-03-01T09:00:00Z", 0);
        assertTrue(accepted ? billed == 7 : billed == 4,
                "accepted usage is billed; usage not billed is not accepted (accepted=" + accepted + ", billed="
                        + billed + ")");
        if (!accepted) {
            assertTrue(w.usage.find("slow-write").isEmpty(), "a refused record is not kept");
        }
    }

    @Test
    void givenAccessDenied_thenTheRunStopsCallingLeavesEverythingPendingAndAlerts() {
        MeteringWorld w = new MeteringWorld();
        List<Buyer> buyers = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            Buyer buyer = w.buyer("denied" + i, i < 30 ? PRODUCT : OTHER_PRODUCT, false);
            buyers.add(buyer);
            w.use(buyer.workspace(), "hosts", at("08:00"), 1);
        }
        AtomicBoolean denied = new AtomicBoolean(true);
        AtomicInteger refusedCalls = new AtomicInteger();
        AwsMetering accessDenied = (productCode, lines) -> {
            if (denied.get()) {
                refusedCalls.incrementAndGet();
                throw new MarketplaceAccessException("AccessDeniedException", null);
            }
            return w.aws.batchMeterUsage(productCode, lines);
        };
        HourlyMetering metering = w.meteringWith(accessDenied);
        w.moveTo(at("09:20"));

        HourlyMetering.Report report = metering.run();

        assertTrue(report.outage() != null && report.outage().contains("AccessDenied"), "alerted: " + report);
        assertTrue(refusedCalls.get() <= MeteringWorld.BACKOFF.maxAttempts(),
                "no more calls once our access is refused: " + refusedCalls.get());
        assertTrue(report.subscriptions() < 60, "no more pages prepared either: " + report.subscriptions());
        for (Buyer buyer : buyers) {
            assertTrue(w.ledger(buyer).stream().allMatch(e -> e.state() == LedgerEntry.State.PENDING),
                    "never flagged for an outage: " + w.ledgerView(buyer));
        }

        denied.set(false);
        w.moveTo(at("09:30"));
        HourlyMetering.Report after = metering.run();
        assertEquals(60, after.recordsSent(), "sent once access is back");
    }

    @Test
    void givenABacklogLongerThanOneRunEndingInAFinalReport_thenEveryHourIsSettledAndRecentHoursBilled() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.buyer("backlog", PRODUCT, false);
        int hours = 60;
        for (int h = 0; h < hours; h++) {
            w.use(buyer.workspace(), "hosts", START.plus(h, ChronoUnit.HOURS), 1 + h);
        }
        Instant end = START.plus(hours - 1, ChronoUnit.HOURS).plus(Duration.ofMinutes(40));
        w.moveTo(end);
        w.notices.receive(w.sns(buyer, "m-pending", LifecycleAction.ENDING));
        for (int run = 0; run < 5 && !w.state(buyer).stopped(); run++) {
            w.moveTo(w.clock.instant().plus(Duration.ofMinutes(1)));
            w.metering.run();
        }

        Map<String, String> ledger = w.ledgerView(buyer);
        for (int h = 0; h < hours; h++) {
            Instant hour = START.plus(h, ChronoUnit.HOURS);
            String state = ledger.get("hosts@" + hour);
            assertNotNull(state, "hour " + hour + " has no ledger entry: skipped");
            if (hour.plus(MeteringWorld.WINDOW).isAfter(end.plus(Duration.ofMinutes(5)))) {
                assertEquals("SENT " + (1 + h), state, "a recent hour is billed: " + hour);
            }
        }
        assertTrue(w.state(buyer).stopped(), "the final report ends once every hour is settled");
    }

    @Test
    void givenDuplicateRecord_thenFlaggedWithBothQuantitiesAndNotCountedAsSent() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.buyer("dup", PRODUCT, false);
        w.use(buyer.workspace(), "hosts", at("08:00"), 3);
        w.use(buyer.workspace(), "api_calls", at("08:00"), 9);
        w.aws.billedBefore(buyer.customerKey(), "hosts", at("08:00"), 2);
        w.moveTo(at("09:20"));

        HourlyMetering.Report report = w.metering.run();

        assertEquals(1, report.recordsSent());
        assertEquals(1, report.duplicates());
        assertEquals(1, report.flagged());
        LedgerEntry hosts = w.ledger(buyer).stream().filter(e -> e.dimension().equals("hosts")).findFirst()
                .orElseThrow();
        assertEquals(LedgerEntry.State.FLAGGED, hosts.state());
        assertTrue(hosts.detail().startsWith("DuplicateRecord"), hosts.detail());
        assertTrue(hosts.detail().contains("ours 3, billed 2"), hosts.detail());
        assertEquals(at("09:00"), w.state(buyer).meteredThrough(), "a flagged hour is settled: no resend");
    }

    @Test
    void givenAMeteringStateThatAlwaysConflicts_thenSettlingGivesUpAfterBoundedAttemptsAndSaysSo() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.buyer("stuck", PRODUCT, false);
        Buyer fine = w.buyer("fine", OTHER_PRODUCT, false);
        w.use(buyer.workspace(), "hosts", at("08:00"), 2);
        w.use(fine.workspace(), "hosts", at("08:00"), 2);
        w.moveTo(at("09:20"));
        String stuckState = "METER#" + buyer.id().asText();
        w.intercepting.conflictOnReplace(key -> key.pk().equals(stuckState));

        HourlyMetering.Report report = w.metering.run();

        assertTrue(w.intercepting.conflicts() <= 10, "bounded: " + w.intercepting.conflicts() + " attempts");
        assertEquals(1, report.failed(), "giving up is recorded");
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", 2), w.billed(fine));
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", 2), w.billed(buyer));
    }

    @Test
    void givenAWorkspaceWithoutABillingChannel_thenItsUsageIsRefusedWithAReason() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.buyer("nochannel", PRODUCT, false);
        w.workspaces.createOrGet(new org.mpactivation.domain.Workspace("ws-unbound", "Unbound",
                org.mpactivation.domain.WorkspaceLanguage.fromCode("en"), "us-oregon", "console-nochannel",
                "ba-nochannel", null, w.clock.instant(), null, 0));
        UsageIntake.BatchRejectedException refused = assertThrows(UsageIntake.BatchRejectedException.class,
                () -> w.intake.accept(List.of(new Submitted("unbound-1", "ws-unbound", "hosts",
                        "2025-03-01T08:00:00Z", 1L))));
        assertTrue(refused.rejections().get(0).reason().contains("not billed through"),
                refused.rejections().get(0).reason());
        assertTrue(w.usage.find("unbound-1").isEmpty());
        assertEquals(1, w.intake.accept(List.of(new Submitted("bound-1", buyer.workspace(), "hosts",
                "2025-03-01T08:00:00Z", 1L))).accepted());
    }
}
