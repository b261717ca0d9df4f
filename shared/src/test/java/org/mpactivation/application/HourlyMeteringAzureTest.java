package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mpactivation.application.MeteringWorld.AZURE_PLAN;
import static org.mpactivation.application.MeteringWorld.PRODUCT;
import static org.mpactivation.application.MeteringWorld.at;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.MeteringWorld.Buyer;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.port.out.MeteringRejectedException;
import org.mpactivation.port.out.azure.AzureMetering;
import org.mpactivation.port.out.azure.UsageEvent;
import org.mpactivation.port.out.azure.UsageEventResult;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;

/**
 * Azure subscriptions through the same planner, ledger and settler as AWS's, sent with batchUsageEvent to a
 * fake as strict as the Azure simulator: what is sent, how each answer settles the ledger, and that each
 * cloud's run meters its own subscriptions only.
 */
class HourlyMeteringAzureTest {

    private static final String SAAS_ID = "6b7c1f0e-2a3d-4e5f-8a9b-0c1d2e3f4a5b";

    @Test
    void givenUsageOfAnAzureSubscription_thenOneAcceptedEventPerDimensionAndHourOnItsPlan() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.azureBuyer("contoso", SAAS_ID, AZURE_PLAN);
        w.use(buyer.workspace(), "api_calls", at("08:00"), 5);
        w.use(buyer.workspace(), "api_calls", at("08:00"), 2);
        w.use(buyer.workspace(), "gigabytes", at("08:00"), 3);
        w.use(buyer.workspace(), "api_calls", at("09:00"), 4);
        w.moveTo(at("10:20"));

        HourlyMetering.Report report = w.azureMetering.run();

        assertEquals(Map.of("requests@2025-03-01T08:00:00Z", new BigDecimal(7),
                "storage@2025-03-01T08:00:00Z", new BigDecimal(3),
                "requests@2025-03-01T09:00:00Z", new BigDecimal(4)), w.azureBilled(buyer));
        for (FakeAzureMetering.Accepted accepted : w.azure.accepted()) {
            UsageEvent event = accepted.event();
            assertEquals(SAAS_ID, event.resourceId(), "the resource is the SaaS subscription");
            assertEquals(AZURE_PLAN, event.planId());
            LedgerEntry entry = w.ledger.find(buyer.id(), event.effectiveStartTime(), event.dimension())
                    .orElseThrow();
            assertEquals(LedgerEntry.State.SENT, entry.state());
            assertEquals("Accepted:" + accepted.usageEventId(), entry.detail(), "the event id is kept");
        }
        assertEquals(3, report.recordsSent());
        assertEquals(1, report.calls());
        assertEquals(at("10:00"), w.state(buyer).meteredThrough());
        assertEquals(at("11:15"), w.state(buyer).dueAt());
        assertTrue(w.aws.calls().isEmpty());
    }

    @Test
    void givenTheProcessDiedAfterAzureAcceptedTheCall_thenTheResendIsADuplicateOfOursAndSentOnce() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.azureBuyer("crash", SAAS_ID, AZURE_PLAN);
        w.use(buyer.workspace(), "api_calls", at("08:00"), 5);
        w.use(buyer.workspace(), "hosts", at("08:00"), 2);
        AtomicBoolean die = new AtomicBoolean(true);
        AzureMetering dyingAfterTheCall = events -> {
            List<UsageEventResult> results = w.azure.batchUsageEvent(events);
            if (die.getAndSet(false)) {
                throw new ProcessDied();
            }
            return results;
        };
        w.moveTo(at("09:20"));
        assertThrows(ProcessDied.class, () -> w.azureMeteringWith(dyingAfterTheCall).run());
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", "PENDING 2", "requests@2025-03-01T08:00:00Z", "PENDING 5"),
                w.ledgerView(buyer), "the sums were fixed before the call");

        w.moveTo(at("09:30"));
        HourlyMetering.Report report = w.azureMetering.run();

        assertEquals(2, report.duplicates());
        assertEquals(2, report.recordsSent(), "our own resend: billed as we meant it");
        assertEquals(0, report.flagged());
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", "SENT 2", "requests@2025-03-01T08:00:00Z", "SENT 5"),
                w.ledgerView(buyer));
        assertEquals(2, w.azure.accepted().size(), "each hour accepted once");
        for (LedgerEntry entry : w.ledger(buyer)) {
            assertTrue(entry.detail().startsWith("Duplicate: accepted before as "), entry.detail());
        }
        assertEquals(at("09:00"), w.state(buyer).meteredThrough());
    }

    @Test
    void givenAnHourAcceptedBeforeWithAnotherQuantity_thenFlaggedWithBothQuantities() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.azureBuyer("other", SAAS_ID, AZURE_PLAN);
        w.use(buyer.workspace(), "api_calls", at("08:00"), 5);
        w.moveTo(at("08:30"));
        w.azure.batchUsageEvent(List.of(new UsageEvent("elsewhere", SAAS_ID, AZURE_PLAN, "requests", at("08:00"),
                new BigDecimal(3))));
        w.moveTo(at("09:20"));

        HourlyMetering.Report report = w.azureMetering.run();

        LedgerEntry entry = w.ledger(buyer).get(0);
        assertEquals(LedgerEntry.State.FLAGGED, entry.state());
        assertTrue(entry.detail().contains("ours 5, billed 3"), entry.detail());
        assertEquals(1, report.flagged());
        assertEquals(1, report.duplicates());
        assertEquals(0, report.recordsSent());
        assertEquals(at("09:00"), w.state(buyer).meteredThrough(), "a flagged hour is settled: none hangs");
    }

    @Test
    void givenADuplicateWhoseAnswerDoesNotSayTheQuantity_thenFlaggedAsBilledUnknown() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.azureBuyer("unknown", SAAS_ID, AZURE_PLAN);
        w.use(buyer.workspace(), "hosts", at("08:00"), 4);
        AzureMetering silentDuplicates = events -> events.stream()
                .map(event -> UsageEventResult.duplicate(event, null, null)).toList();
        w.moveTo(at("09:20"));

        w.azureMeteringWith(silentDuplicates).run();

        LedgerEntry entry = w.ledger(buyer).get(0);
        assertEquals(LedgerEntry.State.FLAGGED, entry.state(), "not known to be ours: an operator looks");
        assertTrue(entry.detail().contains("ours 4, billed unknown"), entry.detail());
    }

    @Test
    void givenASuspendedSubscription_thenTheHourIsRecordedNotActiveAndMeteringGoesOnAfterReinstatement() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.azureBuyer("suspended", SAAS_ID, AZURE_PLAN);
        w.use(buyer.workspace(), "hosts", at("08:00"), 3);
        w.azure.deactivate(SAAS_ID);
        w.moveTo(at("09:20"));

        HourlyMetering.Report report = w.azureMetering.run();

        assertEquals(1, report.notSubscribed());
        LedgerEntry entry = w.ledger(buyer).get(0);
        assertEquals(LedgerEntry.State.NOT_SUBSCRIBED, entry.state());
        assertTrue(entry.detail().startsWith("ResourceNotActive"), entry.detail());
        MeteringState state = w.state(buyer);
        assertFalse(state.stopped(), "a suspension may end: the answer alone never stops the metering");
        assertEquals(at("09:00"), state.meteredThrough());

        w.azure.subscription(SAAS_ID, AZURE_PLAN, "requests", "hosts", "storage");
        w.use(buyer.workspace(), "hosts", at("09:00"), 6);
        w.moveTo(at("10:20"));
        w.azureMetering.run();
        assertEquals(Map.of("hosts@2025-03-01T09:00:00Z", new BigDecimal(6)), w.azureBilled(buyer),
                "billed again once reinstated; the suspended hour never");
    }

    @Test
    void givenManyAzureSubscriptions_thenBatchesOfAtMost25WithOneEventPerResourceDimensionAndHour() {
        MeteringWorld w = new MeteringWorld();
        List<String> ids = MeteringWorld.azureIdsInOneShard("batch", 10);
        List<Buyer> buyers = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Buyer buyer = w.azureBuyer("batch" + i, ids.get(i), AZURE_PLAN);
            buyers.add(buyer);
            for (String hour : List.of("08:00", "09:00")) {
                w.use(buyer.workspace(), "api_calls", at(hour), 1 + i);
                w.use(buyer.workspace(), "hosts", at(hour), 2);
                w.use(buyer.workspace(), "gigabytes", at(hour), 3);
            }
        }
        List<List<UsageEvent>> batches = new ArrayList<>();
        AzureMetering recording = events -> {
            synchronized (batches) {
                batches.add(List.copyOf(events));
            }
            return w.azure.batchUsageEvent(events);
        };
        w.moveTo(at("10:20"));

        HourlyMetering.Report report = w.azureMeteringWith(recording).run();

        assertEquals(60, report.recordsSent());
        assertEquals(List.of(25, 25, 10), batches.stream().map(List::size).toList());
        Set<String> seen = new HashSet<>();
        boolean mixed = false;
        for (List<UsageEvent> batch : batches) {
            for (UsageEvent event : batch) {
                assertTrue(seen.add(event.resourceId() + "|" + event.dimension() + "|" + event.effectiveStartTime()),
                        "one event per resource, dimension and hour: " + event);
            }
            mixed |= batch.stream().map(UsageEvent::resourceId).distinct().count() > 1;
        }
        assertTrue(mixed, "a batch carries events of several subscriptions");
        for (Buyer buyer : buyers) {
            assertEquals(6, w.azureBilled(buyer).size(), buyer.name());
        }
    }

    @Test
    void givenBothClouds_thenEachRunMetersItsOwnSubscriptionsAndNeverTouchesTheOthers() {
        MeteringWorld w = new MeteringWorld();
        Buyer onAws = w.buyer("aws-side", PRODUCT, false);
        Buyer onAzure = w.azureBuyer("azure-side", SAAS_ID, AZURE_PLAN);
        w.use(onAws.workspace(), "hosts", at("08:00"), 2);
        w.use(onAzure.workspace(), "hosts", at("08:00"), 7);
        assertEquals("METERDUE#azure#" + MeteringWorld.shardOf(onAzure.id()), stateItem(w, onAzure).index().pk(),
                "started in its cloud's own due index");
        assertEquals("METERDUE#" + MeteringWorld.shardOf(onAws.id()), stateItem(w, onAws).index().pk(),
                "AWS keeps the partitions it always had");
        w.moveTo(at("09:20"));

        Item azureBefore = stateItem(w, onAzure);
        HourlyMetering.Report awsRun = w.metering.run();
        assertEquals(1, awsRun.subscriptions());
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", 2), w.billed(onAws));
        assertEquals(azureBefore, stateItem(w, onAzure), "the AWS run leaves the Azure subscription as it was");
        assertTrue(w.ledger(onAzure).isEmpty());
        assertEquals(0, w.azure.calls());

        Item awsBefore = stateItem(w, onAws);
        int awsCalls = w.aws.calls().size();
        w.moveTo(at("09:25"));
        HourlyMetering.Report azureRun = w.azureMetering.run();
        assertEquals(1, azureRun.subscriptions());
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", new BigDecimal(7)), w.azureBilled(onAzure));
        assertEquals(awsBefore, stateItem(w, onAws), "the Azure run leaves the AWS subscription as it was");
        assertEquals(awsCalls, w.aws.calls().size());
    }

    @Test
    void givenAnAzureStateLeftInAnAwsPartition_thenTheAwsRunMovesItToItsOwnAndTheAzureRunMetersIt() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.azureBuyer("legacy", SAAS_ID, AZURE_PLAN);
        w.use(buyer.workspace(), "hosts", at("08:00"), 7);
        Item stored = stateItem(w, buyer);
        String awsPartition = "METERDUE#" + MeteringWorld.shardOf(buyer.id());
        w.store.replace(stored.withIndex(new IndexKey(awsPartition, stored.index().sk())));
        w.moveTo(at("09:20"));

        HourlyMetering.Report awsRun = w.metering.run();

        assertEquals(0, awsRun.subscriptions());
        assertEquals(0, w.azure.calls());
        assertTrue(w.ledger(buyer).isEmpty());
        MeteringState moved = w.state(buyer);
        assertFalse(moved.stopped(), "never stopped by another cloud's run");
        assertEquals("METERDUE#azure#" + MeteringWorld.shardOf(buyer.id()), stateItem(w, buyer).index().pk());
        w.azureMetering.run();
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", new BigDecimal(7)), w.azureBilled(buyer));
    }

    @Test
    void givenUsageOlderThanAwsWindowButWithinAzures_thenAzureStillBillsIt() {
        MeteringWorld w = new MeteringWorld();
        Buyer onAws = w.buyer("aws-late", PRODUCT, false);
        Buyer onAzure = w.azureBuyer("azure-late", SAAS_ID, AZURE_PLAN);
        w.use(onAws.workspace(), "hosts", at("08:00"), 2);
        w.use(onAzure.workspace(), "hosts", at("08:00"), 2);
        w.moveTo(at("16:20"));

        w.metering.run();
        w.azureMetering.run();

        assertEquals("FLAGGED 2", w.ledgerView(onAws).get("hosts@2025-03-01T08:00:00Z"), "AWS takes 6 hours here");
        assertEquals("SENT 2", w.ledgerView(onAzure).get("hosts@2025-03-01T08:00:00Z"), "Azure takes 24 hours");
    }

    @Test
    void givenEventsAzureRefuses_thenEachFlaggedWithItsStatusAndTheOthersBilled() {
        MeteringWorld w = new MeteringWorld();
        Buyer narrow = w.azureBuyer("narrow", SAAS_ID, AZURE_PLAN);
        w.azure.subscription(SAAS_ID, AZURE_PLAN, "requests", "hosts");
        Buyer replanned = w.azureBuyer("replanned", UUID.randomUUID().toString(), AZURE_PLAN);
        w.azure.subscription(replanned.id().value(), "another-plan", "requests", "hosts", "storage");
        w.use(narrow.workspace(), "api_calls", at("08:00"), 4);
        w.use(narrow.workspace(), "gigabytes", at("08:00"), 9);
        w.use(replanned.workspace(), "hosts", at("08:00"), 1);
        w.moveTo(at("09:20"));

        HourlyMetering.Report report = w.azureMetering.run();

        assertEquals(Map.of("requests@2025-03-01T08:00:00Z", "SENT 4", "storage@2025-03-01T08:00:00Z", "FLAGGED 9"),
                w.ledgerView(narrow));
        assertTrue(detail(w, narrow, "storage").startsWith("InvalidDimension"), detail(w, narrow, "storage"));
        assertTrue(detail(w, replanned, "hosts").startsWith("BadArgument"), "the plan is not the marketplace's");
        assertEquals(2, report.flagged());
        assertEquals(at("09:00"), w.state(narrow).meteredThrough());
    }

    @Test
    void givenABatchRefusedAsAWhole_thenHalvedDownToTheEventAtFault() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.azureBuyer("refused", SAAS_ID, AZURE_PLAN);
        for (String dimension : List.of("api_calls", "hosts", "gigabytes")) {
            w.use(buyer.workspace(), dimension, at("08:00"), 7);
        }
        List<Integer> sizes = new ArrayList<>();
        AzureMetering refusingHosts = events -> {
            sizes.add(events.size());
            if (events.stream().anyMatch(e -> e.dimension().equals("hosts"))) {
                throw new MeteringRejectedException(MeteringRejectedException.Reason.VALIDATION, "400", null);
            }
            return w.azure.batchUsageEvent(events);
        };
        w.moveTo(at("09:20"));

        w.azureMeteringWith(refusingHosts).run();

        assertEquals(3, sizes.get(0));
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", "FLAGGED 7", "requests@2025-03-01T08:00:00Z", "SENT 7",
                "storage@2025-03-01T08:00:00Z", "SENT 7"), w.ledgerView(buyer));
        assertEquals("refused: VALIDATION", detail(w, buyer, "hosts"));
    }

    @Test
    void givenOurAccessRefused_thenTheOutageAlertAndEverythingStaysPendingUntilAccessIsBack() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.azureBuyer("denied", SAAS_ID, AZURE_PLAN);
        w.use(buyer.workspace(), "hosts", at("08:00"), 5);
        w.azure.denyAccessNext(1000);
        w.moveTo(at("09:20"));

        HourlyMetering.Report report = w.azureMetering.run();

        assertNotNull(report.outage(), "alerted: " + report);
        assertEquals(MeteringWorld.BACKOFF.maxAttempts(), w.azure.calls(), "bounded");
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", "PENDING 5"), w.ledgerView(buyer), "never a verdict");
        assertEquals(at("08:00"), w.state(buyer).meteredThrough());

        w.azure.denyAccessNext(0);
        w.moveTo(at("09:30"));
        assertEquals(1, w.azureMetering.run().recordsSent(), "sent once access is back");
    }

    @Test
    void givenThrottlingThatOutlastsTheAttempts_thenPendingAndDueAgainSoon() {
        MeteringWorld w = new MeteringWorld();
        Buyer buyer = w.azureBuyer("throttled", SAAS_ID, AZURE_PLAN);
        w.use(buyer.workspace(), "hosts", at("08:00"), 4);
        w.azure.throttleNext(100);
        w.moveTo(at("09:20"));

        HourlyMetering.Report report = w.azureMetering.run();

        assertEquals(MeteringWorld.BACKOFF.maxAttempts(), report.calls());
        assertEquals(1, report.recordsLeftPending());
        assertEquals(Map.of("hosts@2025-03-01T08:00:00Z", "PENDING 4"), w.ledgerView(buyer));
        assertEquals(at("09:25"), w.state(buyer).dueAt());
    }

    private static String detail(MeteringWorld w, Buyer buyer, String dimension) {
        return w.ledger(buyer).stream().filter(e -> e.dimension().equals(dimension)).findFirst().orElseThrow()
                .detail();
    }

    private static Item stateItem(MeteringWorld w, Buyer buyer) {
        return w.store.get(new ItemKey("METER#" + buyer.id().asText(), "STATE")).orElseThrow();
    }

    /** The process ending right after a call the marketplace accepted. */
    private static final class ProcessDied extends Error {
        ProcessDied() {
            super("the process died");
        }
    }
}
