package org.mpactivation.local.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.Reconciliation;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;
import org.mpactivation.adapter.aws.UrlConnectionAwsHttp;
import org.mpactivation.aws.metering.JsonAwsMetering;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.Drift;
import org.mpactivation.domain.DriftKind;
import org.mpactivation.domain.LedgerEntry;
import org.mpactivation.domain.MarketplaceStage;
import org.mpactivation.domain.MarketplaceState;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.port.out.MeteringLine;
import org.mpactivation.port.out.MeteringResult;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.DriftFindings;
import org.mpactivation.repository.MeteringLedger;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.ReconciliationSchedules;
import org.mpactivation.repository.StoredMeteringFacts;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.simulator.aws.AwsMarketplaceSimulator;
import org.mpactivation.simulator.aws.AwsOperation;
import org.mpactivation.simulator.aws.MeteringRecord;
import org.mpactivation.simulator.aws.SimulatedCustomer;

/**
 * Reconciliation as the local server runs it: usage metered to the simulated AWS Marketplace over
 * its wire protocol, the ledger beside it, and the simulator's own record of accepted usage as
 * what the marketplace recorded. Drift is planted in the ledger and in the simulator's record.
 */
class SimulatorReconciliationTest {

    private static final Instant METERED_AT = Instant.parse("2026-03-02T12:20:00Z");
    private static final Instant RECONCILED_AT = Instant.parse("2026-03-03T12:00:00Z");
    private static final String LEGACY = "prod-legacy";
    private static final String AGREEMENTS = "prod-agreements";

    /** No quota: the calls here are few, and a throttled call is not what this test is about. */
    private final AwsMarketplaceSimulator simulator = AwsMarketplaceSimulator.builder()
            .clock(Clock.fixed(METERED_AT, ZoneOffset.UTC)).callsPerSecond(AwsOperation.BATCH_METER_USAGE, 0).start();
    private final JsonAwsMetering metering = JsonAwsMetering.create("us-east-1",
            AwsCredentialSource.fixed(new AwsCredentials("local", "local", null, null)), simulator.endpoint(),
            UrlConnectionAwsHttp.standard());
    private final Clock clock = Clock.fixed(RECONCILED_AT, ZoneOffset.UTC);
    private final InMemoryItemStore store = new InMemoryItemStore(clock);
    private final SubscriptionRepository subscriptions = new SubscriptionRepository(store);
    private final MeteringLedger ledger = new MeteringLedger(store);
    private final DriftFindings findings = new DriftFindings(store);
    /** Records planted in the simulator's record, which its API never holds twice for one hour. */
    private final List<MeteringRecord> planted = new ArrayList<>();

    SimulatorReconciliationTest() {
        simulator.product(LEGACY).dimensions("requests", "seats");
        simulator.product(AGREEMENTS).dimensions("requests", "seats").withLicenseArns(true)
                .concurrentAgreements(true);
    }

    @AfterEach
    void close() {
        simulator.close();
    }

    private static Instant hour(int h) {
        return Instant.parse("2026-03-02T00:00:00Z").plus(Duration.ofHours(h));
    }

    private MarketplaceSubscription subscribe(SimulatedCustomer customer, boolean byLicense) {
        AwsCustomer aws = byLicense
                ? new AwsCustomer(null, customer.awsAccountId(), customer.productCode(), customer.licenseArn())
                : new AwsCustomer(customer.customerIdentifier(), customer.awsAccountId(), customer.productCode(), null);
        MarketplaceSubscription created = subscriptions.createOrGet(MarketplaceSubscription.newAws(aws,
                aws.cloudAccount("aws"), null, List.of(), hour(7)));
        new MeteringStates(store).start(created.id(), hour(8), hour(9));
        return created;
    }

    /** BatchMeterUsage to the simulator; returns the metering record id. */
    private String meter(MarketplaceSubscription s, String dimension, int h, int quantity) {
        AwsCustomer c = s.aws();
        MeteringLine line = c.licenseArn() != null
                ? new MeteringLine("k", null, c.customerAwsAccountId(), c.licenseArn(), dimension, hour(h), quantity)
                : new MeteringLine("k", c.customerIdentifier(), null, null, dimension, hour(h), quantity);
        MeteringResult.LineResult result = metering.batchMeterUsage(c.productCode(), List.of(line)).results().get(0);
        assertEquals(MeteringResult.Status.SUCCESS, result.status());
        return result.meteringRecordId();
    }

    private void ledger(MarketplaceSubscription s, String dimension, int h, long quantity, LedgerEntry.State state,
                        String detail) {
        ledger.createOrGet(new LedgerEntry(s.id(), hour(h), dimension, quantity, state, detail, 0));
    }

    /** Metered and entered in the ledger as sent, as a metering run leaves it. */
    private void billed(MarketplaceSubscription s, String dimension, int h, int quantity) {
        ledger(s, dimension, h, quantity, LedgerEntry.State.SENT, "Success:" + meter(s, dimension, h, quantity));
    }

    private Reconciliation.Report reconcile(String runId) {
        SimulatorUsageRecords recorded = new SimulatorUsageRecords(() -> {
            List<MeteringRecord> all = new ArrayList<>(simulator.meteringRecords());
            all.addAll(planted);
            return all;
        });
        return new Reconciliation(new StoredMeteringFacts(store), recorded, new ReconciliationSchedules(store),
                findings, clock, Duration.ofHours(7)).run(runId);
    }

    @Test
    void givenTheSimulatorAndTheLedgerAgree_thenNoDriftForEitherIdentityKind() {
        MarketplaceSubscription legacy = subscribe(simulator.registerCustomer(LEGACY), false);
        SimulatedCustomer account = simulator.registerCustomer(AGREEMENTS);
        MarketplaceSubscription first = subscribe(account, true);
        MarketplaceSubscription second = subscribe(simulator.registerCustomer(AGREEMENTS, account.awsAccountId()),
                true);
        for (int h = 8; h < 12; h++) {
            billed(legacy, "requests", h, h);
            billed(first, "requests", h, 10 + h);
            billed(second, "requests", h, 20 + h);
        }

        Reconciliation.Report report = reconcile("run-clean");

        assertEquals(3, report.subscriptions());
        assertEquals(0, report.drifts(), report::toString);
        assertEquals(12, simulator.meteringRecords().size());
    }

    @Test
    void givenEachKindOfDriftPlanted_thenEachIsFoundOnce() {
        MarketplaceSubscription clean = subscribe(simulator.registerCustomer(LEGACY), false);
        SimulatedCustomer account = simulator.registerCustomer(AGREEMENTS);
        MarketplaceSubscription drifting = subscribe(account, true);
        MarketplaceSubscription sibling = subscribe(simulator.registerCustomer(AGREEMENTS, account.awsAccountId()),
                true);
        MarketplaceSubscription ended = subscribe(simulator.registerCustomer(LEGACY), false);
        for (int h = 8; h < 12; h++) {
            billed(clean, "requests", h, 3);
            billed(sibling, "requests", h, 4);
        }
        ledger(drifting, "requests", 8, 4, LedgerEntry.State.SENT, "Success:never-reached-aws");
        billed(drifting, "requests", 9, 6);
        MeteringRecord accepted = simulator.meteringRecords().get(simulator.meteringRecords().size() - 1);
        planted.add(new MeteringRecord("mr-second", accepted.productCode(), accepted.licenseArn(),
                accepted.customerIdentifier(), accepted.customerAwsAccountId(), accepted.identifiedBy(),
                accepted.dimension(), accepted.hour(), accepted.timestamp(), accepted.quantity(), List.of(),
                accepted.acceptedAt()));
        ledger(drifting, "requests", 10, 8, LedgerEntry.State.SENT, "Success:" + meter(drifting, "requests", 10, 5));
        meter(drifting, "requests", 11, 2);
        ledger(drifting, "seats", 11, 1, LedgerEntry.State.PENDING, null);
        billed(ended, "requests", 9, 7);
        MarketplaceSubscription over = subscriptions.save(subscriptions.find(ended.id()).orElseThrow()
                .withMarketplace(new MarketplaceState(MarketplaceStage.ENDED, true, null, false, 0),
                        "sns:unsubscribe-success", hour(10).plus(Duration.ofMinutes(30))));
        new AuditTrail(store).recordChangeOf(over);
        billed(ended, "requests", 11, 7);

        Reconciliation.Report report = reconcile("run-1");

        String d = drifting.id().asText();
        String e = ended.id().asText();
        assertEquals(new TreeSet<>(Set.of(
                "MISSING " + d + " requests 08 ledger=4 marketplace=null",
                "DOUBLED " + d + " requests 09 ledger=6 marketplace=12",
                "DIFFERENT_QUANTITY " + d + " requests 10 ledger=8 marketplace=5",
                "NOT_IN_LEDGER " + d + " requests 11 ledger=null marketplace=2",
                "STUCK_PENDING " + d + " seats 11 ledger=1 marketplace=null",
                "BILLED_AFTER_END " + e + " requests 11 ledger=7 marketplace=7")), describe(found("run-1")));
        for (DriftKind kind : DriftKind.values()) {
            // the subscription kinds are the daily Azure comparison's, not the ledger's
            assertEquals(kind.aboutSubscription() ? 0 : 1, report.count(kind), kind + " in " + report);
        }
        assertEquals(4, report.subscriptions());
        assertTrue(found("run-1").stream().noneMatch(x -> x.subscriptionId().equals(clean.id())
                || x.subscriptionId().equals(sibling.id())), "the other agreement of the same account is not mixed in");
    }

    private List<Drift> found(String runId) {
        return findings.found(runId, Integer.MAX_VALUE);
    }

    private static Set<String> describe(List<Drift> drifts) {
        Set<String> lines = new TreeSet<>();
        for (Drift x : drifts) {
            lines.add(x.kind() + " " + x.subscriptionId().asText() + " " + x.dimension() + " "
                    + x.hour().toString().substring(11, 13) + " ledger=" + x.ledgerQuantity()
                    + " marketplace=" + x.marketplaceQuantity());
        }
        assertEquals(drifts.size(), lines.size(), "each finding once: " + drifts);
        return lines;
    }
}
