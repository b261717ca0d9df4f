package org.mpactivation.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.MutableClock;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.AwsSubscriptionRef;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceStage;
import org.mpactivation.domain.MarketplaceState;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.domain.UsageRecord;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.Page;

/** The repositories behind notices, metering and renewal, on the in-memory store. */
class LifecycleRepositoriesTest {

    private static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    private static final String ACCOUNT = "123456789012";
    private static final String LICENSE = "arn:aws:license-manager::" + ACCOUNT + ":license:l-0feed01";
    private static final AwsCustomer BUYER = new AwsCustomer("cust-r1", ACCOUNT, "prod-r", LICENSE);

    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryItemStore store = new InMemoryItemStore(clock);
    private final NoticeLog notices = new NoticeLog(store);
    private final MeteringStates states = new MeteringStates(store);
    private final MeteringLedger ledger = new MeteringLedger(store);
    private final UsageRepository usage = new UsageRepository(store);
    private final SubscriptionRepository subscriptions = new SubscriptionRepository(store);
    private final AuditTrail audit = new AuditTrail(store);

    private static AwsSubscriptionRef sns() {
        return new AwsSubscriptionRef("prod-r", "cust-r1", null, null);
    }

    private static AwsSubscriptionRef agreement() {
        return new AwsSubscriptionRef(null, null, ACCOUNT, null, "agmt-r1");
    }

    private static AwsSubscriptionRef licence() {
        return new AwsSubscriptionRef("prod-r", null, ACCOUNT, LICENSE, "agmt-r1");
    }

    @Test
    void noticeIdsAreRememberedPerSourceForTheRetentionTime() {
        assertFalse(notices.seen("sns", "m-1"));
        notices.markSeen("sns", "m-1", T0);
        notices.markSeen("sns", "m-1", T0);
        assertTrue(notices.seen("sns", "m-1"));
        assertFalse(notices.seen("eventbridge", "m-1"), "ids are per source");
        clock.advance(NoticeLog.DEDUP_RETENTION.plusMinutes(1));
        assertFalse(notices.seen("sns", "m-1"), "an expired dedup record counts as absent even before TTL deletes it");
    }

    @Test
    void givenNoticeMarkedWithOutcome_thenRedeliveryReadsTheFirstOutcome() {
        assertTrue(notices.outcome("azure-webhook", "op-1").isEmpty());
        notices.markSeen("azure-webhook", "op-1", T0, "DECLINED");
        notices.markSeen("azure-webhook", "op-1", T0, "APPLIED");
        notices.markSeen("azure-webhook", "op-2", T0);

        assertEquals(Optional.of("DECLINED"), notices.outcome("azure-webhook", "op-1"), "the first stays");
        assertEquals(Optional.of(""), notices.outcome("azure-webhook", "op-2"));
        assertTrue(notices.seen("azure-webhook", "op-1"));
        clock.advance(NoticeLog.DEDUP_RETENTION.plusMinutes(1));
        assertTrue(notices.outcome("azure-webhook", "op-1").isEmpty(), "forgotten with the dedup record");
    }

    @Test
    void announcementsMergeUnderEveryNameOfTheBuyer() {
        notices.remember(sns(), LifecycleAction.SUBSCRIBED);
        notices.remember(licence(), LifecycleAction.ENDING);
        MarketplaceState remembered = notices.remembered(BUYER).orElseThrow();
        assertTrue(remembered.confirmed());
        assertEquals(MarketplaceStage.ENDING, remembered.stage());
        notices.remember(sns(), LifecycleAction.ENTITLEMENTS_CHANGED);
        assertEquals(remembered, notices.remembered(BUYER).orElseThrow(), "a later, lesser notice lowers nothing");
        assertTrue(notices.remembered(new AwsCustomer("cust-other", null, "prod-r", null)).isEmpty());
    }

    @Test
    void anAgreementReachesTheLicenceWhicheverComesFirst() {
        notices.remember(agreement(), LifecycleAction.SUBSCRIBED);
        assertTrue(notices.remembered(BUYER).isEmpty(), "an agreement alone names no buyer");
        notices.linkAgreement("agmt-r1", LICENSE);
        assertTrue(notices.remembered(BUYER).orElseThrow().confirmed(), "the link carries it to the licence");

        notices.remember(agreement(), LifecycleAction.ENDING);
        assertEquals(MarketplaceStage.ENDING, notices.remembered(BUYER).orElseThrow().stage(),
                "an agreement event after the link reaches the licence too");
        assertEquals(LICENSE, notices.licenseOfAgreement("agmt-r1").orElseThrow());
        assertEquals(MarketplaceStage.ENDING, notices.remembered(agreement()).orElseThrow().stage());

        notices.linkAgreement("agmt-r1", "arn:aws:license-manager::1:license:l-other");
        assertEquals(LICENSE, notices.licenseOfAgreement("agmt-r1").orElseThrow(), "the first link stands");
    }

    @Test
    void meteringStatesAreListedWhileDueAndNotOnceStopped() {
        SubscriptionId id = BUYER.subscriptionId();
        states.start(id, T0, T0.plus(Duration.ofMinutes(75)));
        states.start(id, T0.plus(Duration.ofHours(5)), T0);
        MeteringState state = states.find(id).orElseThrow();
        assertEquals(T0, state.meteredThrough(), "starting again keeps the state");
        assertTrue(dueNow(T0.plus(Duration.ofMinutes(74))).isEmpty());
        assertEquals(List.of(state), dueNow(T0.plus(Duration.ofMinutes(75))));

        MeteringState saved = states.save(state.settledThrough(T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2))));
        assertThrows(ConditionFailedException.class, () -> states.save(state.finalReportDue(T0)));
        assertThrows(IllegalArgumentException.class, () -> states.save(saved.stoppedAt(T0)),
                "a stop always goes through stop()");
        ReconciliationSchedules schedule = new ReconciliationSchedules(store);
        assertFalse(schedule.isEnrolled(id), "starting does not enroll");
        states.stop(saved.stoppedAt(T0.plus(Duration.ofHours(1))), T0, T0.plus(Duration.ofHours(2)));
        assertTrue(dueNow(T0.plus(Duration.ofDays(30))).isEmpty());
        assertTrue(states.find(id).orElseThrow().stopped());
        assertTrue(schedule.isEnrolled(id), "stopping enrolls for reconciliation");
    }

    private List<MeteringState> dueNow(Instant now) {
        List<MeteringState> due = new ArrayList<>();
        for (int shard = 0; shard < MeteringStates.shards(); shard++) {
            Page page = states.due(shard, now, null, 100);
            page.items().forEach(item -> due.add(MeteringStates.fromStored(item)));
        }
        return due;
    }

    @Test
    void aLedgerEntryKeepsTheQuantityItWasFirstWrittenWith() {
        SubscriptionId id = BUYER.subscriptionId();
        LedgerEntry first = ledger.createOrGet(new LedgerEntry(id, T0, "hosts", 4, LedgerEntry.State.PENDING, null, 0));
        LedgerEntry again = ledger.createOrGet(new LedgerEntry(id, T0, "hosts", 9, LedgerEntry.State.PENDING, null, 0));
        assertEquals(first, again);
        assertEquals(4, again.quantity());
        LedgerEntry sent = ledger.save(first.settle(LedgerEntry.State.SENT, "Success:r"));
        assertThrows(ConditionFailedException.class, () -> ledger.save(first.settle(LedgerEntry.State.FLAGGED, "x")));
        ledger.createOrGet(new LedgerEntry(id, T0.minus(Duration.ofHours(1)), "storage", 1, LedgerEntry.State.FLAGGED,
                "outside the metering window", 0));
        List<LedgerEntry> entries = ledger.entries(id);
        assertEquals(List.of(T0.minus(Duration.ofHours(1)), T0), entries.stream().map(LedgerEntry::hour).toList(),
                "oldest hour first");
        assertEquals(sent, entries.get(1));
    }

    @Test
    void usageIsStoredOncePerRecordIdAndSummedPerWorkspaceAndHour() {
        UsageRecord record = new UsageRecord("u-1", "ws-1", "hosts", T0, 3);
        assertEquals(record, usage.putIfAbsent(record));
        assertEquals(record, usage.putIfAbsent(new UsageRecord("u-1", "ws-1", "hosts", T0, 8)),
                "the stored record stands");
        usage.putIfAbsent(new UsageRecord("u-2", "ws-1", "hosts", T0, 4));
        usage.putIfAbsent(new UsageRecord("u-3", "ws-1", "api_calls", T0, 1));
        usage.putIfAbsent(new UsageRecord("u-4", "ws-1", "hosts", T0.plus(Duration.ofHours(1)), 100));
        usage.putIfAbsent(new UsageRecord("u-5", "ws-2", "hosts", T0, 100));
        assertEquals(Map.of("hosts", 7L, "api_calls", 1L), usage.sumByDimension("ws-1", T0));
        for (int i = 0; i < 1200; i++) {
            usage.putIfAbsent(new UsageRecord("bulk-" + i, "ws-3", "hosts", T0, 1));
        }
        assertEquals(Map.of("hosts", 1200L), usage.sumByDimension("ws-3", T0), "all pages are summed");
    }

    @Test
    void subscriptionsAreFoundByLicenceWithOrWithoutTheArnPrefix() {
        MarketplaceSubscription created = subscriptions.createOrGet(MarketplaceSubscription.newAws(BUYER,
                BUYER.cloudAccount("aws"), null, List.of(), T0));
        subscriptions.linkLicense(LICENSE, created.id());
        subscriptions.linkLicense(LICENSE, created.id());
        assertEquals(created.id(), subscriptions.findByLicense("l-0feed01").orElseThrow());
        assertEquals(created.id(), subscriptions.findByLicense(LICENSE).orElseThrow());
        assertTrue(subscriptions.findByLicense("l-0other").isEmpty());
    }

    @Test
    void theRenewalIndexHoldsLiveSubscriptionsByTheirNextCheck() {
        MarketplaceSubscription fresh = MarketplaceSubscription.newAws(BUYER, BUYER.cloudAccount("aws"), null,
                List.of(), T0);
        MarketplaceSubscription stored = subscriptions.createOrGet(fresh.withMarketplace(
                fresh.marketplace().withNextCheck(T0.plus(Duration.ofDays(1))), "arrival", T0));
        assertEquals(0, dueForCheck(T0.plus(Duration.ofHours(23))));
        assertEquals(1, dueForCheck(T0.plus(Duration.ofDays(1))));
        MarketplaceSubscription ended = subscriptions.save(stored.withMarketplace(new MarketplaceState(
                MarketplaceStage.ENDED, false, null, false), "renewal:r", T0.plusSeconds(1)));
        assertEquals(SubscriptionStatus.UNSUBSCRIBED, ended.status());
        assertEquals(0, dueForCheck(T0.plus(Duration.ofDays(9))), "an ended subscription leaves the index");
    }

    private int dueForCheck(Instant now) {
        int count = 0;
        for (int shard = 0; shard < SubscriptionRepository.renewalShards(); shard++) {
            count += subscriptions.dueForCheck(shard, now, null, 100).items().size();
        }
        return count;
    }

    @Test
    void anAuditEntryIsWrittenOncePerChangeHoweverOftenItIsRecorded() {
        MarketplaceSubscription fresh = subscriptions.createOrGet(MarketplaceSubscription.newAws(BUYER,
                BUYER.cloudAccount("aws"), null, List.of(), T0));
        audit.recordChangeOf(fresh);
        assertTrue(audit.history(fresh.id()).isEmpty(), "no change, no entry");
        MarketplaceSubscription active = subscriptions.save(fresh.activated("session:a", T0.plusSeconds(1)));
        audit.recordChangeOf(active);
        audit.recordChangeOf(active);
        MarketplaceSubscription ended = subscriptions.save(active.withMarketplace(
                active.marketplace().after(LifecycleAction.ENDED), "notice:sns:m9", T0.plusSeconds(2)));
        audit.recordChangeOf(ended);
        audit.recordChangeOf(active);
        assertEquals(List.of("PENDING_ACTIVATION>ACTIVE session:a", "ACTIVE>UNSUBSCRIBED notice:sns:m9"),
                audit.history(fresh.id()).stream().map(c -> c.from() + ">" + c.to() + " " + c.cause()).toList());
    }
}
