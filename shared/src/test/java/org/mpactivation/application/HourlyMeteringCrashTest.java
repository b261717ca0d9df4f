package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mpactivation.application.MeteringWorld.OTHER_PRODUCT;
import static org.mpactivation.application.MeteringWorld.PRODUCT;
import static org.mpactivation.application.MeteringWorld.at;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.mpactivation.application.MeteringWorld.Buyer;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.repository.ReconciliationSchedules;

/**
 * Each hour is billed exactly once, whatever dies when. A metering run is interrupted at every one
 * of its store writes (the write lost or applied; as a store error the run carries on from, or as
 * the death of the process) and right after each metering call AWS accepted; then clean runs
 * follow. AWS must end up with exactly the records, and quantities, of a run never interrupted, and
 * must never have seen two quantities for one key.
 */
class HourlyMeteringCrashTest {

    private static Outcome uninterrupted;
    private static int runWrites;
    private static int runCalls;

    /** What AWS billed and where the ledger and the progress stand at the end. */
    record Outcome(Map<String, Integer> billed, Map<String, String> ledger, Map<String, String> progress) {
    }

    /** Five buyers: both ways of naming them, two products, a late workspace, a final report, a retry. */
    private static List<Buyer> scenario(MeteringWorld w) {
        Buyer a = w.buyer("crash-a", PRODUCT, false);
        Buyer b = w.buyer("crash-b", PRODUCT, true);
        Buyer c = w.buyer("crash-c", OTHER_PRODUCT, false);
        Buyer d = w.buyer("crash-d", OTHER_PRODUCT, true);
        Buyer e = w.buyer("crash-e", PRODUCT, false);
        w.use(a.workspace(), "api_calls", at("08:00"), 11);
        w.use(a.workspace(), "hosts", at("08:00"), 2);
        w.use(b.workspace(), "api_calls", at("08:00"), 5);
        w.use(c.workspace(), "gigabytes", at("08:00"), 40);
        w.moveTo(at("09:10"));
        String second = w.addWorkspace(a);
        w.use(second, "api_calls", at("09:00"), 6);
        w.use(a.workspace(), "api_calls", at("09:00"), 1);
        w.use(b.workspace(), "gigabytes", at("09:00"), 8);
        w.use(d.workspace(), "hosts", at("09:00"), 3);
        w.use(e.workspace(), "hosts", at("09:00"), 9);
        w.moveTo(at("10:05"));
        w.use(d.workspace(), "hosts", at("10:00"), 4);
        w.notices.receive(w.sns(d, "m-d-pending", org.mpactivation.domain.LifecycleAction.ENDING));
        w.moveTo(at("10:20"));
        // one record is left unprocessed once, so the run has a retry in it too
        w.aws.leaveUnprocessedNext(1);
        return List.of(a, b, c, d, e);
    }

    /** Clean runs after the interrupted one: now, and after the retry delay. */
    private static Outcome finish(MeteringWorld w, List<Buyer> buyers) {
        w.metering.run();
        w.moveTo(at("10:26"));
        w.metering.run();
        Map<String, Integer> billed = new TreeMap<>();
        Map<String, String> ledger = new TreeMap<>();
        Map<String, String> progress = new TreeMap<>();
        ReconciliationSchedules schedule = new ReconciliationSchedules(w.store);
        for (Buyer buyer : buyers) {
            w.billed(buyer).forEach((key, quantity) -> billed.put(buyer.name() + " " + key, quantity));
            w.ledgerView(buyer).forEach((key, state) -> ledger.put(buyer.name() + " " + key, state));
            MeteringState state = w.state(buyer);
            progress.put(buyer.name(), state.meteredThrough() + " final=" + state.finalReport()
                    + " stopped=" + state.stopped() + " reconciled=" + schedule.isEnrolled(buyer.id()));
        }
        assertTrue(w.aws.conflictingResends().isEmpty(), "never two quantities for one key: "
                + w.aws.processedQuantities());
        return new Outcome(billed, ledger, progress);
    }

    @BeforeAll
    static void runWithoutInterruption() {
        MeteringWorld w = new MeteringWorld();
        List<Buyer> buyers = scenario(w);
        long writes = w.store.writes();
        w.metering.run();
        runWrites = (int) (w.store.writes() - writes);
        runCalls = w.aws.processedCalls().size();
        uninterrupted = finish(w, buyers);
    }

    @Test
    void givenNoInterruption_thenEveryHourWithUsageIsBilledAndSettled() {
        assertEquals(9, uninterrupted.billed().size(), uninterrupted.billed().toString());
        assertEquals("2025-03-01T11:00:00Z final=true stopped=true reconciled=true",
                uninterrupted.progress().get("crash-d"), "the final report stops it and puts it on the schedule");
        assertTrue(uninterrupted.progress().get("crash-a").endsWith("stopped=false reconciled=false"),
                "one still metered waits for the daily run: " + uninterrupted.progress());
        assertEquals(11, uninterrupted.billed().get("crash-a requests@2025-03-01T08:00:00Z"));
        assertEquals(7, uninterrupted.billed().get("crash-a requests@2025-03-01T09:00:00Z"));
        assertEquals(4, uninterrupted.billed().get("crash-d hosts@2025-03-01T10:00:00Z"), "the final report");
        assertTrue(uninterrupted.ledger().values().stream().allMatch(s -> s.startsWith("SENT")));
        assertEquals(2 * 9 + 5 + 1, runWrites, "fix and settle each record, one progress write per subscription,"
                + " and the reconciliation enrolment of the one that stops");
        assertTrue(runCalls >= 3, "calls of one run: " + runCalls);
    }

    @TestFactory
    List<DynamicTest> givenAStoreErrorAtEveryWrite_thenTheNextRunsBillEachHourOnce() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int write = 1; write <= runWrites; write++) {
            for (CrashingItemStore.Crash crash : CrashingItemStore.Crash.values()) {
                int position = write;
                tests.add(DynamicTest.dynamicTest("store error at write " + position + " " + crash, () -> {
                    MeteringWorld w = new MeteringWorld();
                    List<Buyer> buyers = scenario(w);
                    w.crashing.crashOnWrite(position, crash);
                    HourlyMetering.Report report = w.metering.run();
                    assertTrue(w.crashing.crashedAt().isPresent());
                    assertTrue(report.failed() >= 1, "the failure is counted, the other subscriptions go on");
                    assertEquals(uninterrupted, finish(w, buyers));
                }));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> givenTheProcessDiesAtEveryWrite_thenTheNextRunsBillEachHourOnce() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int write = 1; write <= runWrites; write++) {
            for (CrashingItemStore.Crash crash : CrashingItemStore.Crash.values()) {
                int position = write;
                tests.add(DynamicTest.dynamicTest("process death at write " + position + " " + crash, () -> {
                    MeteringWorld w = new MeteringWorld();
                    List<Buyer> buyers = scenario(w);
                    w.dying.dieOnWrite(position, crash);
                    try {
                        w.metering.run();
                        throw new AssertionError("the process should have died");
                    } catch (DyingItemStore.ProcessDied expected) {
                        // the next scheduled run starts from what the store holds
                    }
                    assertEquals(uninterrupted, finish(w, buyers));
                }));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> givenTheProcessDiesAfterEveryMeteringCall_thenTheResendIsIdentical() {
        List<DynamicTest> tests = new ArrayList<>();
        for (int call = 1; call <= runCalls; call++) {
            int position = call;
            tests.add(DynamicTest.dynamicTest("death after call " + position, () -> {
                MeteringWorld w = new MeteringWorld();
                List<Buyer> buyers = scenario(w);
                w.aws.dieAfterCall(position);
                try {
                    w.metering.run();
                    throw new AssertionError("the process should have died");
                } catch (FakeAwsMetering.DiedAfterCall expected) {
                    // AWS billed the call; the ledger does not know yet
                }
                assertTrue(buyers.stream().anyMatch(b -> w.ledger(b).stream()
                        .anyMatch(e -> e.state() == LedgerEntry.State.PENDING)), "the ledger still says PENDING");
                assertEquals(uninterrupted, finish(w, buyers));
            }));
        }
        return tests;
    }

    @Test
    void givenTwoInterruptionsInARow_thenStillEachHourOnce() {
        MeteringWorld w = new MeteringWorld();
        List<Buyer> buyers = scenario(w);
        w.aws.dieAfterCall(1);
        try {
            w.metering.run();
        } catch (FakeAwsMetering.DiedAfterCall expected) {
            // first death
        }
        w.clock.advance(Duration.ofSeconds(30));
        w.dying.dieOnWrite(3, CrashingItemStore.Crash.AFTER_WRITE);
        try {
            w.metering.run();
        } catch (DyingItemStore.ProcessDied expected) {
            // second death
        }
        assertEquals(uninterrupted, finish(w, buyers));
    }
}
