package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mpactivation.application.MeteringWorld.OTHER_PRODUCT;
import static org.mpactivation.application.MeteringWorld.PRODUCT;
import static org.mpactivation.application.MeteringWorld.at;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.FakeAwsMetering.Call;
import org.mpactivation.application.MeteringWorld.Buyer;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.port.out.MeteringLine;
import org.mpactivation.port.out.MeteringRejectedException;

/**
 * The hourly metering run on the in-memory store against a fake BatchMeterUsage: what is summed,
 * how it is sent, how each answer settles the ledger, and how the progress moves.
 */
class HourlyMeteringTest {

    @Test
    void givenUsageOfBoundWorkspaces_thenSummedPerDimensionAndHourWithTheHourAsTimestamp() {
        MeteringWorld w = new MeteringWorld();
        Buyer alpha = w.buyer("alpha", PRODUCT, false);
        Buyer other = w.buyer("other", PRODUCT, false);
        w.use(alpha.workspace(), "api_calls", at("08:00"), 5);
        w.use(alpha.workspace(), "api_calls", at("08:00"), 2);
        w.use(alpha.workspace(), "hosts", at("08:00"), 1);
        w.use(alpha.workspace(), "not_in_the_listing", at("08:00"), 8);
        w.use(other.workspace(), "api_calls", at("08:00"), 100);
        w.moveTo(at("09:30"));
        String late = w.addWorkspace(alpha);
        w.use(late, "api_calls", at("08:00"), 40);
        w.use(late, "api_calls", at("09:00"), 3);
        w.use(alpha.workspace(), "api_calls", at("09:00"), 4);
        w.use(late, "gigabytes", at("09:00"), 6);

        w.moveTo(at("10:20"));
        HourlyMetering.Report report = w.metering.run();

        assertEquals(Map.of("requests@2025-03-01T08:00:00Z", 7, "hosts@2025-03-01T08:00:00Z", 1,
                "requests@2025-03-01T09:00:00Z", 7, "storage@2025-03-01T09:00:00Z", 6), w.billed(alpha),
                "a workspace counts from the hour in which it was bound; unmapped dimensions are not billed");
        assertEquals(Map.of("requests@2025-03-01T08:00:00Z", 100), w.billed(other));
        Set<Instant> timestamps = new HashSet<>();
        w.aws.processedCalls().forEach(c -> c.lines().forEach(l -> timestamps.add(l.hour())));
        assertEquals(Set.of(at("08:00"), at("09:00")), timestamps, "the timestamp is the hour, never now");
        assertTrue(w.ledger(alpha).stream().allMatch(e -> e.state() == LedgerEntry.State.SENT));
        MeteringState state = w.state(alpha);
        assertEquals(at("10:00"), state.meteredThrough());
        assertEquals(at("11:15"), state.dueAt());
        assertEquals(5, report.recordsSent());
        assertEquals(2, report.subscriptions());

        int calls = w.aws.calls().size();
        w.metering.run();
        assertEquals(calls, w.aws.calls().size(), "nothing is due again before 11:15");
        w.moveTo(at("11:20"));
        w.metering.run();
        assertEquals(calls, w.aws.calls().size(), "an hour without usage sends nothing");
        assertEquals(at("11:00"), w.state(alpha).meteredThrough());
    }

    @Test
    void givenAnOpenHour_thenNotReportedUntilItCloses() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.buyer("open", PRODUCT, false);
        w.use(buyer.workspace(), "hosts", at("08:00"), 2);
        w.moveTo(at("09:10"));
        w.metering.run();
        assertTrue(w.aws.calls().isEmpty(), "not due before 09:15, and the 08:00 hour takes usage until then");
        w.moveTo(at("09:15"));
        w.metering.run();
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", 2), w.billed(buyer));
    }

    @Test
    void givenManySubscriptions_thenCallsOfAtMost25RecordsOfOneProductAcrossSubscriptions() {
        MeteringWorld w = new MeteringWorld();
        Map<String, String> productOf = new HashMap<>();
        List<Buyer> buyers = new ArrayList<>();
        List<String> names = new ArrayList<>(MeteringWorld.namesInOneShard("many", PRODUCT, 20));
        names.addAll(MeteringWorld.namesInOneShard("more", OTHER_PRODUCT, 20));
        for (int i = 0; i < 40; i++) {
            Buyer buyer = w.buyer(names.get(i), i < 20 ? PRODUCT : OTHER_PRODUCT, i % 2 == 0);
            buyers.add(buyer);
            productOf.put(buyer.customerKey(), buyer.customer().productCode());
            for (String hour : List.of("08:00", "09:00")) {
                w.use(buyer.workspace(), "api_calls", at(hour), 1 + i);
                w.use(buyer.workspace(), "hosts", at(hour), 2);
                w.use(buyer.workspace(), "gigabytes", at(hour), 3);
            }
        }
        w.moveTo(at("10:20"));
        HourlyMetering.Report report = w.metering.run();

        assertEquals(240, report.recordsSent());
        assertEquals(240, w.aws.billed().size());
        int largest = 0;
        boolean mixed = false;
        for (Call call : w.aws.calls()) {
            assertEquals("OK", call.outcome());
            assertTrue(call.lines().size() <= 25);
            largest = Math.max(largest, call.lines().size());
            Set<String> customers = new HashSet<>();
            for (MeteringLine line : call.lines()) {
                String customer = FakeAwsMetering.customerKey(call.productCode(), line);
                assertEquals(call.productCode(), productOf.get(customer), "one product per call: " + customer);
                customers.add(customer);
            }
            mixed |= customers.size() > 1;
        }
        assertEquals(25, largest, "records of many subscriptions fill a call");
        assertTrue(mixed, "a call carries records of several subscriptions");
        assertEquals(2 * 2 * 3, report.calls(),
                "60 records of each product and identity kind in calls of 25, 25 and 10");
        for (Buyer buyer : buyers) {
            assertEquals(6, w.billed(buyer).size());
        }
    }

    @Test
    void givenBuyersNamedEitherWay_thenEachRecordNamesThemAsAwsDid() {
        MeteringWorld w = new MeteringWorld();
        Buyer byLicense = w.buyer("lic", PRODUCT, true);
        Buyer byCustomer = w.buyer("cus", PRODUCT, false);
        w.use(byLicense.workspace(), "hosts", at("08:00"), 1);
        w.use(byCustomer.workspace(), "hosts", at("08:00"), 1);
        w.moveTo(at("09:20"));
        w.metering.run();
        List<MeteringLine> lines = w.aws.processedCalls().stream().flatMap(c -> c.lines().stream()).toList();
        MeteringLine licensed = lines.stream().filter(MeteringLine::byLicense).findFirst().orElseThrow();
        assertNull(licensed.customerIdentifier());
        assertEquals(byLicense.customer().customerAwsAccountId(), licensed.customerAwsAccountId());
        assertEquals(byLicense.customer().licenseArn(), licensed.licenseArn());
        MeteringLine classic = lines.stream().filter(l -> !l.byLicense()).findFirst().orElseThrow();
        assertEquals(byCustomer.customer().customerIdentifier(), classic.customerIdentifier());
        assertNull(classic.licenseArn());
        assertEquals(2, lines.size());
    }

    @Test
    void givenCustomerNotSubscribed_thenMeteringOfThatSubscriptionStops() {
        MeteringWorld w = new MeteringWorld();
        Buyer gone = w.buyer("gone", PRODUCT, true);
        Buyer staying = w.buyer("staying", PRODUCT, false);
        w.use(gone.workspace(), "hosts", at("08:00"), 3);
        w.use(staying.workspace(), "hosts", at("08:00"), 3);
        w.aws.unsubscribe(gone.customerKey());
        w.moveTo(at("09:20"));
        HourlyMetering.Report report = w.metering.run();
        assertEquals(1, report.notSubscribed());
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", "NOT_SUBSCRIBED 3"), w.ledgerView(gone));
        MeteringState state = w.state(gone);
        assertTrue(state.stopped());
        assertNull(state.dueAt(), "no longer in the due index");

        w.use(gone.workspace(), "hosts", at("09:00"), 5);
        w.use(staying.workspace(), "hosts", at("09:00"), 5);
        int before = w.aws.calls().size();
        w.moveTo(at("10:20"));
        w.metering.run();
        List<Call> later = w.aws.calls().subList(before, w.aws.calls().size());
        assertTrue(later.stream().flatMap(c -> c.lines().stream())
                .noneMatch(l -> l.byLicense()), "nothing more is sent for the stopped subscription");
        assertEquals(2, w.billed(staying).size());
    }

    @Test
    void givenUnprocessedRecordsOnce_thenResentAfterABackoffAndAllSent() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.buyer("unproc", PRODUCT, false);
        for (String dimension : List.of("hosts", "api_calls", "gigabytes")) {
            w.use(buyer.workspace(), dimension, at("08:00"), 4);
        }
        w.aws.leaveUnprocessedNext(2);
        w.moveTo(at("09:20"));
        HourlyMetering.Report report = w.metering.run();
        assertEquals(2, report.calls());
        assertEquals(3, report.recordsSent());
        assertEquals(List.of(3, 2), w.aws.calls().stream().map(c -> c.lines().size()).toList());
        assertEquals(1, w.pause.sleeps().size());
        assertTrue(w.pause.sleeps().get(0).compareTo(Duration.ofMillis(200)) < 0, "attempt 1 waits < base * 2");
        assertEquals(at("09:00"), w.state(buyer).meteredThrough());
    }

    @Test
    void givenRecordsLeftUnprocessed_thenBoundedRetriesLeaveThemPendingAndDueIn5Minutes() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.buyer("stuck", PRODUCT, false);
        w.use(buyer.workspace(), "hosts", at("08:00"), 4);
        w.use(buyer.workspace(), "hosts", at("09:00"), 6);
        w.aws.alwaysLeaveUnprocessed(1);
        w.moveTo(at("10:20"));
        HourlyMetering.Report report = w.metering.run();

        int attempts = MeteringWorld.BACKOFF.maxAttempts();
        assertEquals(attempts, report.calls());
        assertEquals(1, report.recordsLeftPending());
        assertEquals(attempts - 1, w.pause.sleeps().size());
        for (int attempt = 1; attempt < attempts; attempt++) {
            Duration ceiling = Duration.ofMillis(Math.min(1000, 100L << attempt));
            assertTrue(w.pause.sleeps().get(attempt - 1).compareTo(ceiling) < 0, "jittered below " + ceiling);
        }
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", "SENT 4", "hosts@2025-03-01T09:00:00Z", "PENDING 6"),
                w.ledgerView(buyer));
        MeteringState state = w.state(buyer);
        assertEquals(at("08:00"), state.meteredThrough(), "progress never moves past an unsettled hour");
        assertEquals(at("10:25"), state.dueAt());

        w.aws.alwaysLeaveUnprocessed(0);
        w.metering.run();
        assertEquals(attempts, w.aws.calls().size(), "not due again before 10:25");
        w.moveTo(at("10:25"));
        w.metering.run();
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", 4, "hosts@2025-03-01T09:00:00Z", 6), w.billed(buyer));
        assertEquals(at("10:00"), w.state(buyer).meteredThrough());
        assertTrue(w.aws.conflictingResends().isEmpty());
    }

    @Test
    void givenThrottling_thenRetriedWithBackoffUntilAccepted() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.buyer("throttled", PRODUCT, false);
        w.use(buyer.workspace(), "hosts", at("08:00"), 4);
        w.aws.throttleNext(2);
        w.moveTo(at("09:20"));
        HourlyMetering.Report report = w.metering.run();
        assertEquals(List.of("THROTTLED", "THROTTLED", "OK"), w.aws.calls().stream().map(Call::outcome).toList());
        assertEquals(3, report.calls());
        assertEquals(2, w.pause.sleeps().size());
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", 4), w.billed(buyer));
        assertEquals(3, w.limiterPause.sleeps().size() + 1, "every call, retries too, passes the rate limiter");
    }

    @Test
    void givenThrottlingThatOutlastsTheAttempts_thenPendingAndDueAgainSoon() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.buyer("throttled2", PRODUCT, false);
        w.use(buyer.workspace(), "hosts", at("08:00"), 4);
        w.aws.throttleNext(100);
        w.moveTo(at("09:20"));
        HourlyMetering.Report report = w.metering.run();
        assertEquals(MeteringWorld.BACKOFF.maxAttempts(), report.calls());
        assertEquals(1, report.recordsLeftPending());
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", "PENDING 4"), w.ledgerView(buyer));
        assertEquals(at("08:00"), w.state(buyer).meteredThrough());
        assertEquals(at("09:25"), w.state(buyer).dueAt());
    }

    @Test
    void givenARefusedBatch_thenSplitToFindTheBadRecordWhichIsFlagged() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.buyer("refused", PRODUCT, false);
        for (String dimension : List.of("api_calls", "hosts", "gigabytes")) {
            w.use(buyer.workspace(), dimension, at("08:00"), 7);
        }
        w.aws.reject(line -> line.dimension().equals("hosts"), MeteringRejectedException.Reason.INVALID_DIMENSION);
        w.moveTo(at("09:20"));
        HourlyMetering.Report report = w.metering.run();
        List<String> calls = w.aws.calls().stream().map(c -> c.outcome() + " " + c.lines().size()).toList();
        assertEquals("REJECTED 3", calls.get(0));
        assertEquals(List.of("OK 2", "REJECTED 1"), calls.subList(1, calls.size()).stream().sorted().toList(),
                "then halves, down to the record at fault: " + calls);
        assertEquals(1, report.flagged());
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", "FLAGGED 7", "requests@2025-03-01T08:00:00Z", "SENT 7",
                "storage@2025-03-01T08:00:00Z", "SENT 7"), w.ledgerView(buyer));
        LedgerEntry flagged = w.ledger(buyer).stream().filter(e -> e.dimension().equals("hosts")).findFirst()
                .orElseThrow();
        assertEquals("refused: INVALID_DIMENSION", flagged.detail());
        assertEquals(at("09:00"), w.state(buyer).meteredThrough(), "a flagged record is settled: no hour hangs");
        assertFalse(w.billed(buyer).containsKey("hosts@2025-03-01T08:00:00Z"));
    }

    @Test
    void givenHoursPastTheMarketplaceWindow_thenFlaggedAndNeverSent() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.buyer("late", PRODUCT, false);
        w.use(buyer.workspace(), "api_calls", at("08:00"), 9);
        w.use(buyer.workspace(), "api_calls", at("09:00"), 4);
        w.use(buyer.workspace(), "hosts", at("13:00"), 1);
        w.moveTo(at("14:20"));
        HourlyMetering.Report report = w.metering.run();
        assertEquals(1, report.flagged());
        assertEquals(Map.of("requests@2025-03-01T08:00:00Z", "FLAGGED 9", "requests@2025-03-01T09:00:00Z", "SENT 4",
                "hosts@2025-03-01T13:00:00Z", "SENT 1"), w.ledgerView(buyer));
        assertEquals("outside the metering window", w.ledger(buyer).stream()
                .filter(e -> e.hour().equals(at("08:00"))).findFirst().orElseThrow().detail());
        assertFalse(sentHours(w).contains(at("08:00")));
        assertEquals(at("14:00"), w.state(buyer).meteredThrough());
    }

    @Test
    void givenAPendingRecordThatAgesPastTheWindow_thenFlaggedAtTheNextRunAndNeverSent() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.buyer("aging", PRODUCT, false);
        w.use(buyer.workspace(), "api_calls", at("08:00"), 9);
        w.use(buyer.workspace(), "api_calls", at("09:00"), 4);
        w.aws.throttleNext(MeteringWorld.BACKOFF.maxAttempts());
        w.moveTo(at("10:20"));
        w.metering.run();
        assertEquals(Map.of("requests@2025-03-01T08:00:00Z", "PENDING 9", "requests@2025-03-01T09:00:00Z",
                "PENDING 4"), w.ledgerView(buyer));

        w.moveTo(at("14:30"));
        HourlyMetering.Report report = w.metering.run();
        assertEquals(1, report.flagged());
        assertEquals(Map.of("requests@2025-03-01T08:00:00Z", "FLAGGED 9", "requests@2025-03-01T09:00:00Z",
                "SENT 4"), w.ledgerView(buyer));
        assertFalse(sentHours(w).contains(at("08:00")));
        assertEquals(at("14:00"), w.state(buyer).meteredThrough());
    }

    @Test
    void givenAQuantityAboveWhatTheMarketplaceTakes_thenFlaggedNotCutDown() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.buyer("huge", PRODUCT, false);
        w.use(buyer.workspace(), "api_calls", at("08:00"), 2_000_000_000L);
        w.use(buyer.workspace(), "api_calls", at("08:00"), 2_000_000_000L);
        w.use(buyer.workspace(), "hosts", at("08:00"), 2);
        w.moveTo(at("09:20"));
        HourlyMetering.Report report = w.metering.run();
        assertEquals(1, report.flagged());
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", 2), w.billed(buyer), "nothing billed at a wrong quantity");
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", "SENT 2", "requests@2025-03-01T08:00:00Z",
                "FLAGGED 4000000000"), w.ledgerView(buyer));
    }

    @Test
    void givenNoUsageOrOnlyZeros_thenNothingIsSentAndTheHoursAreSettled() {
        MeteringWorld w = new MeteringWorld();
        Buyer idle = w.buyer("idle", PRODUCT, false);
        Buyer zero = w.buyer("zero", PRODUCT, false);
        w.use(zero.workspace(), "hosts", at("08:00"), 0);
        w.moveTo(at("10:20"));
        HourlyMetering.Report report = w.metering.run();
        assertTrue(w.aws.calls().isEmpty());
        assertEquals(0, report.calls());
        assertTrue(w.ledger(idle).isEmpty() && w.ledger(zero).isEmpty());
        assertEquals(at("10:00"), w.state(idle).meteredThrough());
        assertEquals(at("10:00"), w.state(zero).meteredThrough());
    }

    @Test
    void givenNoTimeLeft_thenNoPageIsTakenAndEverythingStaysDue() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.buyer("nobudget", PRODUCT, false);
        w.use(buyer.workspace(), "hosts", at("08:00"), 1);
        w.moveTo(at("09:20"));
        w.store.reset();
        HourlyMetering.Report report = w.metering.run(Duration.ZERO);
        assertTrue(report.deadlineReached());
        assertEquals(0, w.store.reads() + w.store.writes());
        assertTrue(w.aws.calls().isEmpty());
        assertEquals(at("08:00"), w.state(buyer).meteredThrough());
    }

    @Test
    void givenTheBudgetRunsOutMidway_thenTheRunStopsTakingPagesAndTheNextCarriesOn() {
        MeteringWorld w = new MeteringWorld();
        List<Buyer> buyers = new ArrayList<>();
        Set<Integer> shards = new HashSet<>();
        for (int i = 0; shards.size() < 4; i++) {
            Buyer buyer = w.buyer("budget" + i, PRODUCT, false);
            if (shards.add(MeteringWorld.shardOf(buyer.id()))) {
                buyers.add(buyer);
                w.use(buyer.workspace(), "hosts", at("08:00"), 1 + i);
            }
        }
        w.moveTo(at("09:20"));
        w.aws.duringCall(() -> w.clock.advance(Duration.ofMinutes(10)));
        HourlyMetering.Report first = w.metering.run(Duration.ofMinutes(5));
        assertTrue(first.deadlineReached());
        long metered = buyers.stream().filter(b -> w.state(b).meteredThrough().equals(at("09:00"))).count();
        assertTrue(metered >= 1 && metered <= 2, "the page being sent (and the one prepared meanwhile) were"
                + " finished, then the budget was gone: " + metered);

        w.aws.duringCall(() -> { });
        HourlyMetering.Report second = w.metering.run(Duration.ofMinutes(5));
        assertFalse(second.deadlineReached());
        for (Buyer buyer : buyers) {
            assertEquals(at("09:00"), w.state(buyer).meteredThrough());
            assertEquals(1, w.billed(buyer).size());
        }
    }

    @Test
    void givenUnsubscribePending_thenTheFinalReportIncludesTheCurrentHourAtOnce() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.buyer("final", PRODUCT, false);
        w.use(buyer.workspace(), "hosts", at("08:00"), 1);
        w.use(buyer.workspace(), "hosts", at("09:00"), 2);
        w.moveTo(at("10:10"));
        w.use(buyer.workspace(), "hosts", at("10:00"), 3);
        w.metering.run();
        w.moveTo(at("10:20"));
        w.metering.run();
        assertEquals(2, w.billed(buyer).size());

        w.moveTo(at("10:40"));
        w.notices.receive(w.sns(buyer, "m-pending", LifecycleAction.ENDING));
        assertTrue(w.state(buyer).finalReport());
        w.metering.run();
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", 1, "hosts@2025-03-01T09:00:00Z", 2,
                "hosts@2025-03-01T10:00:00Z", 3), w.billed(buyer), "the hour still open is reported now");
        assertEquals(at("11:00"), w.state(buyer).meteredThrough());

        w.moveTo(at("10:50"));
        w.notices.receive(w.sns(buyer, "m-ended", LifecycleAction.ENDED));
        w.moveTo(at("12:20"));
        w.metering.run();
        assertTrue(w.state(buyer).stopped(), "an ended subscription stops once its last hours are settled");
    }

    @Test
    void givenTheFinalReportIsAskedForDuringARun_thenItStaysDueNow() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.buyer("racing", PRODUCT, false);
        w.use(buyer.workspace(), "hosts", at("08:00"), 1);
        w.moveTo(at("09:20"));
        w.use(buyer.workspace(), "hosts", at("09:00"), 4);
        AtomicBoolean once = new AtomicBoolean();
        w.aws.duringCall(() -> {
            if (once.compareAndSet(false, true)) {
                w.notices.receive(w.sns(buyer, "m-pending", LifecycleAction.ENDING));
            }
        });
        w.metering.run();
        MeteringState state = w.state(buyer);
        assertEquals(at("09:00"), state.meteredThrough());
        assertTrue(state.finalReport());
        assertFalse(state.dueAt().isAfter(at("09:20")), "the final report is still due now, not in an hour: "
                + state.dueAt());

        w.moveTo(at("09:25"));
        w.metering.run();
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", 1, "hosts@2025-03-01T09:00:00Z", 4), w.billed(buyer));
    }

    @Test
    void storeCallsPerMeteredRecord() {
        MeteringWorld w = new MeteringWorld();
        for (int i = 0; i < 10; i++) {
            Buyer buyer = w.buyer("cost" + i, PRODUCT, i % 2 == 0);
            for (String hour : List.of("08:00", "09:00")) {
                w.use(buyer.workspace(), "hosts", at(hour), 1);
                w.use(buyer.workspace(), "api_calls", at(hour), 2);
            }
        }
        w.moveTo(at("10:20"));
        w.store.reset();
        HourlyMetering.Report report = w.metering.run();
        assertEquals(40, report.recordsSent());
        long reads = w.store.reads();
        long writes = w.store.writes();
        System.out.printf("metering: %d records, %d store reads, %d store writes (%.2f calls per record), %d calls%n",
                report.recordsSent(), reads, writes, (reads + writes) / 40.0, report.calls());
        assertEquals(40 * 2 + 10, writes, "a ledger write to fix each sum, one to settle it, one state per subscription");
        assertTrue(reads <= 8 + 10 * (1 + 1 + 1 + 2 * 2), "reads: " + reads);
    }

    private static Set<Instant> sentHours(MeteringWorld w) {
        Set<Instant> hours = new HashSet<>();
        w.aws.calls().stream().filter(c -> c.outcome().equals("OK"))
                .forEach(c -> c.lines().forEach(l -> hours.add(l.hour())));
        return hours;
    }
}
