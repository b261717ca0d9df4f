package org.mpactivation.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.MutableClock;
import org.mpactivation.domain.Drift;
import org.mpactivation.domain.DriftKind;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.ReconciliationProgress;
import org.mpactivation.domain.ReconciliationRun;
import org.mpactivation.domain.SubscriptionId;

/** The reconciliation's stored items: schedule, findings, latest run, and the ledger read by hour range. */
class ReconciliationRepositoriesTest {

    private static final Instant NOW = Instant.parse("2025-03-01T08:00:00Z");
    private static final SubscriptionId ID = SubscriptionId.aws("prod-1", "cust-1");

    private final MutableClock clock = new MutableClock(NOW);
    private final InMemoryItemStore store = new InMemoryItemStore(clock);
    private final ReconciliationSchedules schedule = new ReconciliationSchedules(store);
    private final DriftFindings findings = new DriftFindings(store);

    private List<ReconciliationProgress> dueNow() {
        return schedule.due(ReconciliationSchedules.shardOf(ID), clock.instant(), null, 100).items();
    }

    @Test
    void givenEnrollTwice_thenTheFirstProgressStandsAndItIsDueFromItsTime() {
        schedule.enroll(ID, NOW, NOW.plus(Duration.ofDays(1)));
        schedule.enroll(ID, NOW.minus(Duration.ofDays(9)), NOW);

        assertTrue(schedule.isEnrolled(ID));
        assertEquals(List.of(), dueNow(), "the second enrolment changed nothing");
        clock.advance(Duration.ofDays(1));
        assertEquals(List.of(new ReconciliationProgress(ID, NOW, NOW.plus(Duration.ofDays(1)), 1)), dueNow());
    }

    @Test
    void givenARetiredEntry_thenItIsNeverDueAgainAndExpires() {
        schedule.enroll(ID, NOW, NOW);
        ReconciliationProgress due = dueNow().get(0);

        schedule.save(due.checked(NOW.plus(Duration.ofHours(5)), null));

        clock.advance(Duration.ofDays(30));
        assertEquals(List.of(), dueNow());
        assertTrue(schedule.isEnrolled(ID), "kept, so that it is not enrolled again");
        clock.advance(ReconciliationSchedules.RETIRED_KEPT);
        assertFalse(schedule.isEnrolled(ID));
    }

    @Test
    void givenTheSameDriftTwice_thenOneItemListedUnderTheLaterRunUntilItExpires() {
        Drift first = new Drift(ID, NOW, "requests", DriftKind.MISSING, 5L, null, "", "run-1", NOW);
        Drift again = new Drift(ID, NOW, "requests", DriftKind.MISSING, 5L, null, "ledger SENT", "run-2",
                NOW.plus(Duration.ofDays(1)));

        findings.record(first);
        findings.record(again);

        int shard = Math.floorMod(ID.asText().hashCode(), findings.shards());
        assertEquals(List.of(), findings.found("run-1", shard, null, 10).items());
        assertEquals(List.of(again), findings.found("run-2", shard, null, 10).items());
        clock.advance(Duration.ofDays(1).plus(DriftFindings.KEPT));
        assertEquals(List.of(), findings.found("run-2", shard, null, 10).items(), "expired");
    }

    @Test
    void givenRuns_thenTheLatestIsTheOneLastFinished() {
        assertTrue(findings.latestRun().isEmpty());
        findings.runFinished(new ReconciliationRun("run-1", NOW, NOW, 3, 1, 0, true));
        ReconciliationRun second = new ReconciliationRun("run-2", NOW, NOW.plusSeconds(5), 4, 0, 1, false);
        findings.runFinished(second);
        assertEquals(second, findings.latestRun().orElseThrow());
    }

    @Test
    void givenLedgerEntriesOverSeveralDays_thenARangeReadsExactlyItsHours() {
        MeteringLedger ledger = new MeteringLedger(store);
        for (int h = 0; h < 72; h += 5) {
            ledger.createOrGet(new LedgerEntry(ID, NOW.plus(Duration.ofHours(h)), "requests", h,
                    LedgerEntry.State.SENT, "Success:mr-" + h, 0));
        }

        List<LedgerEntry> range = ledger.entries(ID, NOW.plus(Duration.ofHours(15)), NOW.plus(Duration.ofHours(50)));

        assertEquals(List.of(15L, 20L, 25L, 30L, 35L, 40L, 45L), range.stream().map(LedgerEntry::quantity).toList());
        assertEquals(List.of(), ledger.entries(ID, NOW, NOW));
    }
}
