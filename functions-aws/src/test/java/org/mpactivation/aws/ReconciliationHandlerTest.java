package org.mpactivation.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.aws.metering.StoredMeteringResults;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.MarketplaceStage;
import org.mpactivation.domain.MarketplaceState;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.port.out.RecordedUsage;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.MeteringLedger;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.SubscriptionRepository;

/**
 * The deployed reconciliation: what the stored BatchMeterUsage results can reveal, through the
 * handler as the daily schedule calls it.
 */
class ReconciliationHandlerTest {

    private static final Instant DAY = Instant.parse("2026-11-26T00:00:00Z");
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-27T04:00:00Z"), ZoneOffset.UTC);
    private final InMemoryItemStore store = new InMemoryItemStore(clock);
    private final SubscriptionRepository subscriptions = new SubscriptionRepository(store);
    private final MeteringLedger ledger = new MeteringLedger(store);
    private final AwsSettings settings = AwsSettings.fromEnvironment(Map.of("TABLE_NAME", "t",
            "MARKETPLACE_PRODUCT_CODE", "prod-recon1"));

    private MarketplaceSubscription subscription(String customer) {
        AwsCustomer aws = new AwsCustomer(customer, null, "prod-recon1", null);
        MarketplaceSubscription created = subscriptions.createOrGet(MarketplaceSubscription.newAws(aws,
                aws.cloudAccount("aws"), null, List.of(), DAY));
        new MeteringStates(store).start(created.id(), DAY, DAY.plusSeconds(4500));
        return created;
    }

    private void entry(MarketplaceSubscription s, int hour, LedgerEntry.State state, String detail) {
        ledger.createOrGet(new LedgerEntry(s.id(), DAY.plusSeconds(hour * 3600L), "requests", 5, state, detail, 0));
    }

    @Test
    void givenTheStoredResults_thenOnlyAcceptedEntriesWithARecordIdCountAsRecorded() {
        MarketplaceSubscription s = subscription("cust-a");
        entry(s, 8, LedgerEntry.State.SENT, "Success:mr-8");
        entry(s, 9, LedgerEntry.State.SENT, "DuplicateRecord");
        entry(s, 10, LedgerEntry.State.PENDING, null);
        entry(s, 11, LedgerEntry.State.FLAGGED, "outside the metering window");

        List<RecordedUsage> recorded = new StoredMeteringResults(ledger).recorded(s, DAY, DAY.plusSeconds(86400));

        assertEquals(List.of(new RecordedUsage("requests", DAY.plusSeconds(8 * 3600L), 5, "mr-8")), recorded);
    }

    @Test
    void givenTheDailySchedule_thenTheHandlerReportsWhatTheStoredResultsReveal() {
        MarketplaceSubscription s = subscription("cust-b");
        entry(s, 8, LedgerEntry.State.SENT, "Success:mr-8");
        entry(s, 9, LedgerEntry.State.SENT, "DuplicateRecord");
        entry(s, 10, LedgerEntry.State.PENDING, null);
        entry(s, 12, LedgerEntry.State.SENT, "Success:mr-12");
        MarketplaceSubscription ended = subscriptions.save(subscriptions.find(s.id()).orElseThrow().withMarketplace(
                new MarketplaceState(MarketplaceStage.ENDED, true, null, false, 0), "test", DAY.plusSeconds(11 * 3600L)));
        new AuditTrail(store).recordChangeOf(ended);
        ReconciliationHandler handler = new ReconciliationHandler(AwsFunctions.reconciliation(settings, store, clock));

        Map<String, Integer> report = handler.handleRequest(Map.of("id", "evt-1"), null);

        assertEquals(1, report.get("subscriptions"));
        assertEquals(1, report.get("MISSING"), "sent, but no record id proves it: " + report);
        assertEquals(1, report.get("STUCK_PENDING"), report::toString);
        assertEquals(1, report.get("BILLED_AFTER_END"), report::toString);
        assertEquals(0, report.get("DOUBLED") + report.get("DIFFERENT_QUANTITY") + report.get("NOT_IN_LEDGER"));
        assertEquals(0, report.get("failed"));
    }
}
