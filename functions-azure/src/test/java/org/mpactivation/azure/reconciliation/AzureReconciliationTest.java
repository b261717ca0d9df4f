package org.mpactivation.azure.reconciliation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.application.AzureReconciliation;
import org.mpactivation.domain.AzurePurchase;
import org.mpactivation.domain.Drift;
import org.mpactivation.domain.DriftKind;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.simulator.azure.AzureApi;
import org.mpactivation.simulator.azure.AzureFault;

/**
 * The daily comparison against the real Azure Marketplace simulator over HTTP: drift is planted there
 * the way a missed webhook leaves it (the marketplace changed, we were never told), and the store,
 * the audit trail and the drift findings must show it was found and repaired.
 */
class AzureReconciliationTest {

    private final ReconciliationWorld world = new ReconciliationWorld();

    @AfterEach
    void stop() {
        world.close();
    }

    /** Every kind of drift at once, over four pages of two. */
    private final class Planted {
        final SubscriptionId inLine = world.activated("basic", null);
        final SubscriptionId planChanged = world.activated("basic", null);
        final SubscriptionId seatsChanged = world.activated("team", 5);
        final SubscriptionId suspended = world.activated("basic", null);
        final SubscriptionId ended = world.activated("basic", null);
        final SubscriptionId endedUnmetered = world.activated("basic", null);
        final SubscriptionId notRenewing = world.activated("basic", null);
        final String neverStored = world.boughtOnly("basic", null);
        final SubscriptionId goneFromMarketplace = storedOnly();

        Planted() {
            world.metering.start(ended, Instant.parse("2026-03-02T10:00:00Z"), Instant.parse("2026-03-02T11:15:00Z"));
            world.bindWorkspace(endedUnmetered, "ws-ended");
            // the buyer acts in Azure; the webhooks never arrive
            world.azure.settleOperation(world.azure.changePlan(id(planChanged), "premium").id(), true);
            world.azure.settleOperation(world.azure.changeQuantity(id(seatsChanged), 8).id(), true);
            world.azure.suspend(id(suspended));
            world.azure.unsubscribe(id(ended));
            world.azure.unsubscribe(id(endedUnmetered));
            world.azure.autoRenew(id(notRenewing), false);
            // three days before the term of everything bought today ends
            Instant termEnd = world.azure.subscription(id(notRenewing)).term().endDate();
            world.clock.advance(Duration.between(world.clock.instant(), termEnd.minus(Duration.ofDays(3))));
        }

        private SubscriptionId storedOnly() {
            Instant now = world.clock.instant();
            return storedOnlyInOurs(new AzurePurchase(ReconciliationWorld.OFFER, "basic", null, "Subscribed", now,
                    now.plus(Duration.ofDays(30)), "P1M", true, null, null, false, false, "lost"));
        }
    }

    private static String id(SubscriptionId id) {
        return ReconciliationWorld.saasId(id);
    }

    @Test
    void givenMissedWebhooks_thenStoreFollowsTheMarketplaceWithAuditAndDrift() {
        Planted p = new Planted();

        AzureReconciliation.Report report = world.reconciliation().run("run-1");

        assertEquals(8, report.listed());
        assertEquals(4, world.azure.callCount(AzureApi.LIST_SUBSCRIPTIONS), "four pages of two");
        assertEquals(1, report.unchanged());
        assertEquals(6, report.repaired());
        assertEquals(1, report.notStored());
        assertEquals(1, report.unlisted());
        assertEquals(0, report.failed());
        assertTrue(report.complete());
        assertEquals(1, report.count(DriftKind.SUBSCRIPTION_PLAN));
        assertEquals(1, report.count(DriftKind.SUBSCRIPTION_QUANTITY));
        assertEquals(3, report.count(DriftKind.SUBSCRIPTION_STATUS));
        assertEquals(1, report.count(DriftKind.SUBSCRIPTION_TERM));
        assertEquals(1, report.count(DriftKind.SUBSCRIPTION_NOT_STORED));
        assertEquals(1, report.count(DriftKind.SUBSCRIPTION_NOT_LISTED));

        assertEquals("premium", world.stored(p.planChanged).azure().planId());
        assertEquals(8, world.stored(p.seatsChanged).azure().quantity());
        assertEquals(SubscriptionStatus.SUSPENDED, world.stored(p.suspended).status());
        assertEquals(SubscriptionStatus.UNSUBSCRIBED, world.stored(p.ended).status());
        assertEquals(SubscriptionStatus.ACTIVE, world.stored(p.inLine).status());
        assertFalse(world.stored(p.notRenewing).azure().autoRenew());
        assertTrue(world.stored(p.notRenewing).marketplace().endingSoon());
        assertFalse(world.stored(p.inLine).marketplace().endingSoon(), "it renews itself");
        assertEquals(SubscriptionStatus.ACTIVE, world.stored(p.goneFromMarketplace).status(), "left for the operator");

        assertTrue(world.audit.purchaseChanges(p.planChanged).contains(new AuditTrail.PurchaseChange("PLAN", "basic",
                "premium", world.clock.instant(), "reconciliation:run-1")));
        assertTrue(world.audit.purchaseChanges(p.seatsChanged).stream()
                .anyMatch(c -> c.kind().equals("QUANTITY") && c.from().equals("5") && c.to().equals("8")));
        assertTrue(world.audit.purchaseChanges(p.notRenewing).stream()
                .anyMatch(c -> c.kind().equals("AUTO_RENEW") && c.to().equals("false")));
        assertTrue(world.audit.history(p.suspended).stream().anyMatch(c -> c.to() == SubscriptionStatus.SUSPENDED
                && c.cause().equals("reconciliation:run-1")));
        assertTrue(world.audit.history(p.ended).stream().anyMatch(c -> c.to() == SubscriptionStatus.UNSUBSCRIBED));

        assertTrue(world.metering.find(p.ended).orElseThrow().finalReport(), "an end makes the last report due");
        assertNull(world.workspaces.find("ws-ended").orElseThrow().billingChannel(), "released at once: never metered");
        assertEquals(List.of("ws-ended"), world.audit.releases(p.endedUnmetered).stream()
                .map(AuditTrail.WorkspaceReleased::workspaceId).toList());

        assertEquals("run-1", world.findings.latestSubscriptionRun().orElseThrow().runId());
        assertTrue(world.findings.latestRun().isEmpty(), "the metering reconciliation's latest run is its own");
        List<Drift> found = world.findings.found("run-1", 100);
        assertEquals(report.drifts(), found.size());
        assertTrue(drift(found, p.planChanged, DriftKind.SUBSCRIPTION_PLAN).detail().contains("premium"));
        assertEquals(SubscriptionId.azure(p.neverStored), only(found, DriftKind.SUBSCRIPTION_NOT_STORED));
        assertEquals(p.goneFromMarketplace, only(found, DriftKind.SUBSCRIPTION_NOT_LISTED));
        Drift seats = drift(found, p.seatsChanged, DriftKind.SUBSCRIPTION_QUANTITY);
        assertEquals(5L, seats.ledgerQuantity());
        assertEquals(8L, seats.marketplaceQuantity());
    }

    @Test
    void givenRunTwice_thenSecondRunChangesNothingAndFindsNoNewDrift() {
        Planted p = new Planted();
        world.reconciliation().run("run-1");
        Map<SubscriptionId, Long> versions = versions(p);
        Map<SubscriptionId, Integer> audits = auditCounts(p);

        AzureReconciliation.Report second = world.reconciliation().run("run-2");

        assertEquals(0, second.repaired());
        assertEquals(0, second.updated());
        assertEquals(7, second.unchanged());
        assertEquals(1, second.notStored());
        assertEquals(versions, versions(p));
        assertEquals(audits, auditCounts(p));
        // only what repairing cannot mend is found again, for the operator
        assertEquals(Set.of(DriftKind.SUBSCRIPTION_NOT_STORED, DriftKind.SUBSCRIPTION_NOT_LISTED),
                world.findings.found("run-2", 100).stream().map(Drift::kind).collect(Collectors.toSet()));
        assertEquals(2, second.drifts());
    }

    @Test
    void givenAutoRenewTurnedOnAgain_thenEndingSoonIsCleared() {
        SubscriptionId id = world.activated("basic", null);
        world.azure.autoRenew(id(id), false);
        Instant termEnd = world.azure.subscription(id(id)).term().endDate();
        world.clock.advance(Duration.between(world.clock.instant(), termEnd.minus(Duration.ofDays(3))));
        world.reconciliation().run("run-1");
        assertTrue(world.stored(id).marketplace().endingSoon());

        world.azure.autoRenew(id(id), true);
        AzureReconciliation.Report report = world.reconciliation().run("run-2");

        assertFalse(world.stored(id).marketplace().endingSoon());
        assertEquals(0, report.endingSoon());
        assertEquals(1, report.count(DriftKind.SUBSCRIPTION_TERM));
    }

    @Test
    void givenTermEndingLaterThanThePeriod_thenNotFlagged() {
        SubscriptionId id = world.activated("basic", null);
        world.azure.autoRenew(id(id), false);
        Instant termEnd = world.azure.subscription(id(id)).term().endDate();
        world.clock.advance(Duration.between(world.clock.instant(), termEnd.minus(Duration.ofDays(8))));

        AzureReconciliation.Report report = world.reconciliation().run("run-1");

        assertFalse(world.stored(id).marketplace().endingSoon());
        assertEquals(0, report.endingSoon());
    }

    @Test
    void givenOneSubscriptionFails_thenTheRunGoesOnAndCountsIt() {
        SubscriptionId planChanged = world.activated("basic", null);
        world.azure.settleOperation(world.azure.changePlan(id(planChanged), "premium").id(), true);
        AzurePurchase purchase = world.stored(planChanged).azure();
        SubscriptionId lostOne = storedOnlyInOurs(purchase);
        SubscriptionId lostTwo = storedOnlyInOurs(purchase);
        // the first of the two single reads fails on every attempt; the second is answered
        world.azure.faults().failNext(AzureApi.GET_SUBSCRIPTION, AzureFault.internalError(), 3);

        AzureReconciliation.Report report = world.reconciliation().run("run-1");

        assertEquals(1, report.failed());
        assertEquals(1, report.count(DriftKind.SUBSCRIPTION_NOT_LISTED));
        assertEquals(1, report.repaired());
        assertEquals("premium", world.stored(planChanged).azure().planId());
        assertTrue(Set.of(lostOne, lostTwo).contains(only(world.findings.found("run-1", 100),
                DriftKind.SUBSCRIPTION_NOT_LISTED)));
        assertEquals(1, world.findings.latestSubscriptionRun().orElseThrow().failed());
    }

    @Test
    void givenListingBreaksOff_thenNothingIsReportedAsUnlisted() {
        world.activated("basic", null);
        storedOnlyInOurs(world.stored(world.activated("basic", null)).azure());
        world.azure.faults().failNext(AzureApi.LIST_SUBSCRIPTIONS, AzureFault.internalError(), 10);

        AzureReconciliation.Report report = world.reconciliation().run("run-1");

        assertFalse(report.complete());
        assertEquals(0, report.drifts());
        assertFalse(world.findings.latestSubscriptionRun().orElseThrow().complete());
    }

    @Test
    void givenSubscriptionStoredBeforeItWasListedForComparison_thenItIsListedByTheRun() {
        SubscriptionId id = world.activated("basic", null);
        // as a store written before Azure subscriptions were listed: the stored subscription alone
        world.store.delete(new ItemKey("AZURESUBS#" + Math.floorMod(id.value().hashCode(),
                SubscriptionRepository.azureShards()), id.value()), 1);
        assertEquals(Set.of(), listedForComparison());

        world.reconciliation().run("run-1");

        assertEquals(Set.of(id), listedForComparison());
    }

    /** Stored and activated on our side, unknown to the marketplace. */
    private SubscriptionId storedOnlyInOurs(AzurePurchase purchase) {
        Instant now = world.clock.instant();
        MarketplaceSubscription stored = world.subscriptions.createOrGet(
                MarketplaceSubscription.newAzure(UUID.randomUUID().toString(), purchase, now));
        return world.subscriptions.save(stored.activated("session:lost", now)).id();
    }

    private Set<SubscriptionId> listedForComparison() {
        Set<SubscriptionId> ids = new java.util.HashSet<>();
        for (int shard = 0; shard < SubscriptionRepository.azureShards(); shard++) {
            ids.addAll(world.subscriptions.azureSubscriptions(shard, null, 100).items());
        }
        return ids;
    }

    private Map<SubscriptionId, Long> versions(Planted p) {
        Map<SubscriptionId, Long> versions = new HashMap<>();
        for (SubscriptionId id : List.of(p.inLine, p.planChanged, p.seatsChanged, p.suspended, p.ended,
                p.endedUnmetered, p.notRenewing, p.goneFromMarketplace)) {
            versions.put(id, world.stored(id).version());
        }
        return versions;
    }

    private Map<SubscriptionId, Integer> auditCounts(Planted p) {
        Map<SubscriptionId, Integer> counts = new HashMap<>();
        for (SubscriptionId id : versions(p).keySet()) {
            counts.put(id, world.audit.history(id).size() + world.audit.purchaseChanges(id).size()
                    + world.audit.releases(id).size());
        }
        return counts;
    }

    private static Drift drift(List<Drift> found, SubscriptionId id, DriftKind kind) {
        return found.stream().filter(d -> d.subscriptionId().equals(id) && d.kind() == kind).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " for " + id));
    }

    private static SubscriptionId only(List<Drift> found, DriftKind kind) {
        List<SubscriptionId> ids = found.stream().filter(d -> d.kind() == kind).map(Drift::subscriptionId).toList();
        assertEquals(1, ids.size(), kind + " findings");
        return ids.get(0);
    }
}
