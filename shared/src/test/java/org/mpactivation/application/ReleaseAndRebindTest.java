package org.mpactivation.application;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mpactivation.application.RebindWorld.at;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.AwsSubscriptionRef;
import org.mpactivation.domain.Cloud;
import org.mpactivation.domain.CloudAccountRef;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.AzurePurchase;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceNotice;
import org.mpactivation.domain.MarketplaceStage;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.domain.Workspace;
import org.mpactivation.port.out.MarketplaceUsageRecords;
import org.mpactivation.port.out.RecordedUsage;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.repository.DriftFindings;
import org.mpactivation.repository.ReconciliationSchedules;
import org.mpactivation.repository.StoredMeteringFacts;

/**
 * The end of a subscription and the buyer's return: after its final report an ended subscription
 * releases its workspaces (with an audit entry), and the same AWS account buying again gets a new
 * subscription that binds the released workspace and is billed, every hour once, to the channel
 * bound in that hour.
 */
class ReleaseAndRebindTest {

    private final RebindWorld w = new RebindWorld();

    /** Activated at 08:00, used in the 08:00 and 09:00 hours, unsubscribed at 09:30 and ended at 09:40. */
    private Registration.Activated endedAfterItsFinalReport() {
        Registration.Activated first = w.firstPurchase();
        String workspace = first.workspace().id();
        w.use(workspace, at("08:00"), 5);
        w.moveTo("09:20");
        w.metering.run();
        w.use(workspace, at("09:00"), 7);
        w.moveTo("09:30");
        w.sns(LifecycleAction.ENDING);
        w.metering.run();
        w.moveTo("09:40");
        w.sns(LifecycleAction.ENDED);
        return first;
    }

    @Test
    void givenUnsubscribeSuccess_whenSameAccountSubscribesAgain_thenNewSubscriptionActivates() {
        Registration.Activated first = endedAfterItsFinalReport();
        SubscriptionId old = first.session().subscriptionId();
        String workspace = first.workspace().id();
        w.moveTo("10:05");

        ActivationSession again = w.arriveAgain();

        assertNotEquals(old, again.subscriptionId(), "a new purchase is a new subscription");
        assertEquals(SubscriptionStatus.UNSUBSCRIBED, w.subscription(old).status());
        assertEquals(SubscriptionStatus.PENDING_ACTIVATION, w.subscription(again.subscriptionId()).status());
        assertTrue(again.hasBillingAccount(), "the AWS account is linked: straight to workspace binding");
        List<WorkspaceBinding.Row> rows = w.fx.workspaceBinding.overview(again);
        assertEquals(List.of(WorkspaceBinding.State.BINDABLE), rows.stream().map(WorkspaceBinding.Row::state).toList());

        w.fx.workspaceBinding.bind(again, workspace);
        w.fx.completion.complete(w.fx.reload(again));

        assertEquals(SubscriptionStatus.ACTIVE, w.subscription(again.subscriptionId()).status());
        assertTrue(w.workspace(workspace).isBilledThrough(again.subscriptionId()));
        assertTrue(w.states.find(again.subscriptionId()).isPresent(), "metering starts for the new subscription");
        w.use(workspace, at("10:00"), 3);
        w.moveTo("11:20");
        w.metering.run();
        assertEquals(Map.of(at("08:00"), "SENT 5", at("09:00"), "SENT 7"), w.ledger(old));
        assertEquals(Map.of(at("10:00"), "SENT 3"), w.ledger(again.subscriptionId()));
        assertTrue(w.aws.conflictingResends().isEmpty(), w.aws.conflictingResends().toString());
    }

    @Test
    void givenSubscriptionEnded_whenItsFinalReportIsSettled_thenItsWorkspaceIsReleasedAndAudited() {
        Registration.Activated first = endedAfterItsFinalReport();
        SubscriptionId old = first.session().subscriptionId();
        String workspace = first.workspace().id();

        Workspace released = w.workspace(workspace);
        assertNull(released.billingChannel());
        assertTrue(released.isBindable());
        Item link = w.link(old, workspace).orElseThrow();
        assertNotNull(link.get("linkedAt"), "the link keeps its history");
        assertEquals(at("09:40").toString(), link.get("releasedAt"));
        List<Item> audit = w.releaseEntries(old);
        assertEquals(1, audit.size(), audit.toString());
        assertEquals(workspace, audit.get(0).get("workspaceId"));
        assertEquals(List.of("PENDING_ACTIVATION>ACTIVE", "ACTIVE>UNSUBSCRIBE_PENDING",
                        "UNSUBSCRIBE_PENDING>UNSUBSCRIBED"),
                w.fx.audit.history(old).stream().map(c -> c.from() + ">" + c.to()).toList(),
                "status history reads as before");
    }

    @Test
    void givenSubscriptionEndedBeforeItsFinalReport_thenTheWorkspaceIsReleasedOnlyAfterIt() {
        Registration.Activated first = w.firstPurchase();
        SubscriptionId old = first.session().subscriptionId();
        String workspace = first.workspace().id();
        w.use(workspace, at("08:00"), 4);
        w.moveTo("08:50");

        w.sns(LifecycleAction.ENDED);

        assertEquals(MarketplaceStage.ENDED, w.subscription(old).marketplace().stage());
        assertTrue(w.workspace(workspace).isBilledThrough(old), "the final report is not sent yet");
        w.metering.run();
        assertEquals(Map.of(at("08:00"), "SENT 4"), w.ledger(old));
        assertNull(w.workspace(workspace).billingChannel());
        assertEquals(1, w.releaseEntries(old).size());
    }

    @Test
    void givenUnsubscribePendingOnly_thenTheWorkspaceStaysBound() {
        Registration.Activated first = w.firstPurchase();
        w.moveTo("08:30");
        w.sns(LifecycleAction.ENDING);
        w.metering.run();

        assertTrue(w.workspace(first.workspace().id()).isBilledThrough(first.session().subscriptionId()),
                "released only once the subscription has ended");
    }

    @Test
    void givenReleasedWorkspace_whenReboundInTheHourOfTheFinalReport_thenThatHourIsBilledOnce() {
        Registration.Activated first = endedAfterItsFinalReport();
        SubscriptionId old = first.session().subscriptionId();
        String workspace = first.workspace().id();
        w.moveTo("09:50");

        ActivationSession again = w.arriveAgain();
        w.fx.workspaceBinding.bind(again, workspace);
        w.fx.completion.complete(w.fx.reload(again));
        w.use(workspace, at("10:00"), 2);
        w.moveTo("11:20");
        w.metering.run();

        assertEquals(Map.of(at("08:00"), "SENT 5", at("09:00"), "SENT 7"), w.ledger(old));
        assertEquals(Map.of(at("10:00"), "SENT 2"), w.ledger(again.subscriptionId()),
                "the 09:00 hour went out with the final report of the first subscription");
    }

    /**
     * AWS knows a buyer named by customer identifier by that identifier only: the first purchase's
     * final report and the second purchase bill the same (customer, dimension, hour) keys. The second
     * purchase's metering starts where the first one's ended, so no hour is reported twice, whichever
     * workspace the usage comes from.
     */
    @Test
    void givenTheSameCustomerBuysAgainInTheHourOfTheFinalReport_thenANewWorkspaceOfThatHourIsNotBilledTwice() {
        Registration.Activated first = endedAfterItsFinalReport();
        w.moveTo("09:50");
        ActivationSession again = w.arriveAgain();
        w.fx.workspaceCreation.sendCodeToConsoleAccount(again, "ada@example.com", java.util.Locale.ENGLISH);
        Workspace created = w.fx.workspaceCreation.createForConsoleAccount(w.fx.reload(again),
                new WorkspaceCreation.NewWorkspace("submission-again-0001", "Second", "en", true), "ada@example.com",
                w.fx.mailer.lastCodeTo("ada@example.com"));
        w.fx.completion.complete(w.fx.reload(again));
        w.use(created.id(), at("09:00"), 3);
        w.use(created.id(), at("10:00"), 4);
        w.moveTo("11:20");
        w.metering.run();

        assertEquals(Map.of(at("08:00"), "SENT 5", at("09:00"), "SENT 7"),
                w.ledger(first.session().subscriptionId()));
        assertEquals(Map.of(at("10:00"), "SENT 4"), w.ledger(again.subscriptionId()),
                "the 09:00 hour of this customer went out with the first purchase's final report");
        assertTrue(w.aws.conflictingResends().isEmpty(), "no key was sent with two quantities");
    }

    /**
     * The marketplace knows both purchases of a buyer named by customer identifier by that identifier
     * alone: the first purchase's records are no drift of the second.
     */
    @Test
    void givenAReturningBuyer_whenReconciled_thenThePreviousPurchasesRecordsAreNoDriftOfTheNewOne() {
        Registration.Activated first = endedAfterItsFinalReport();
        w.moveTo("10:00");
        ActivationSession again = w.arriveAgain();
        w.fx.workspaceBinding.bind(again, first.workspace().id());
        w.fx.completion.complete(w.fx.reload(again));
        w.use(first.workspace().id(), at("10:00"), 2);
        w.moveTo("11:20");
        w.metering.run();
        MarketplaceUsageRecords byCustomer = (subscription, from, to) -> {
            List<RecordedUsage> recorded = new ArrayList<>();
            w.aws.billed().forEach((key, quantity) -> {
                String[] parts = key.split("\\|");
                Instant hour = Instant.parse(parts[2]);
                if (parts[0].endsWith("/" + subscription.aws().customerIdentifier()) && !hour.isBefore(from)
                        && hour.isBefore(to)) {
                    recorded.add(new RecordedUsage(parts[1], hour, quantity, "mr-" + key.hashCode()));
                }
            });
            return recorded;
        };
        DriftFindings findings = new DriftFindings(w.fx.store);
        Reconciliation reconciliation = new Reconciliation(new StoredMeteringFacts(w.fx.store), byCustomer,
                new ReconciliationSchedules(w.fx.store), findings, w.fx.clock, Duration.ofHours(7));
        w.fx.clock.advance(Duration.ofDays(2));

        Reconciliation.Report report = reconciliation.run("run-1");

        assertEquals(2, report.subscriptions(), "both purchases compared: " + report);
        assertEquals(List.of(), findings.found("run-1", 100), "no drift for either purchase");
    }

    @Test
    void givenSubscribeSuccessOfTheNewPurchaseBeforeTheBuyer_thenItReachesTheNewSubscription() {
        Registration.Activated first = endedAfterItsFinalReport();
        SubscriptionId old = first.session().subscriptionId();
        w.moveTo("10:00");

        w.sns(LifecycleAction.SUBSCRIBED);
        ActivationSession again = w.arriveAgain();

        assertEquals(SubscriptionStatus.UNSUBSCRIBED, w.subscription(old).status());
        assertEquals(MarketplaceStage.LIVE, w.subscription(again.subscriptionId()).marketplace().stage());
        assertTrue(w.subscription(again.subscriptionId()).marketplace().confirmed());
    }

    @Test
    void givenNoticesAfterTheReturn_thenTheyReachTheNewSubscriptionAndLateOnesOfTheOldStayThere() {
        Registration.Activated first = endedAfterItsFinalReport();
        SubscriptionId old = first.session().subscriptionId();
        w.moveTo("10:00");
        ActivationSession again = w.arriveAgain();
        w.fx.workspaceBinding.bind(again, first.workspace().id());
        w.fx.completion.complete(w.fx.reload(again));

        w.sns(LifecycleAction.ENDED, at("09:40"));
        assertEquals(SubscriptionStatus.ACTIVE, w.subscription(again.subscriptionId()).status(),
                "a late end of the first purchase does not end the second");
        w.moveTo("10:30");
        w.sns(LifecycleAction.ENDING);
        assertEquals(SubscriptionStatus.UNSUBSCRIBE_PENDING, w.subscription(again.subscriptionId()).status());
        assertEquals(SubscriptionStatus.UNSUBSCRIBED, w.subscription(old).status());
    }

    @Test
    void givenReturningBuyer_whenArrivingTwiceOrFromSixteenThreads_thenOneNewSubscription() throws Exception {
        endedAfterItsFinalReport();
        w.moveTo("10:00");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<SubscriptionId>> arrivals = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            arrivals.add(pool.submit(() -> {
                go.await();
                return w.arriveAgain().subscriptionId();
            }));
        }
        go.countDown();
        Set<SubscriptionId> ids = new HashSet<>();
        for (Future<SubscriptionId> arrival : arrivals) {
            ids.add(arrival.get());
        }
        pool.shutdown();
        ids.add(w.arriveAgain().subscriptionId());

        assertEquals(Set.of(SubscriptionId.aws(FakeAwsMarketplace.PRODUCT_CODE, RebindWorld.CUSTOMER, 2)), ids);
        assertEquals(2, w.fx.subscriptions.purchases(new AwsCustomer(RebindWorld.CUSTOMER, null,
                FakeAwsMarketplace.PRODUCT_CODE, null)).size());
    }

    @Test
    void givenBuyerNamedByLicence_whenTheLicenceIsDeprovisionedAndTheAccountBuysAgain_thenTheNewLicenceIsANewSubscription() {
        LifecycleWorld life = new LifecycleWorld();
        String secondLicence = "arn:aws:license-manager::" + LifecycleWorld.ACCOUNT + ":license:l-9f8e7d6c5b4a";
        AwsCustomer first = new AwsCustomer(null, LifecycleWorld.ACCOUNT, LifecycleWorld.PRODUCT,
                LifecycleWorld.LICENSE_ARN);
        SubscriptionId old = life.start.arrive(life.marketplace.issueToken("token-licence-1", first), null,
                Optional.empty()).session().subscriptionId();
        life.fx.binding.activate(old, "billing-licence", "session:licence");

        life.deliver(new MarketplaceNotice("eb-deprovisioned-1", "eventbridge", LifecycleAction.ENDED,
                new AwsSubscriptionRef(LifecycleWorld.PRODUCT, null, LifecycleWorld.ACCOUNT,
                        LifecycleWorld.LICENSE_ARN, LifecycleWorld.AGREEMENT), life.fx.clock.instant(), null));
        life.tick();
        AwsCustomer second = new AwsCustomer(null, LifecycleWorld.ACCOUNT, LifecycleWorld.PRODUCT, secondLicence);
        SubscriptionId renewed = life.start.arrive(life.marketplace.issueToken("token-licence-2", second), null,
                Optional.empty()).session().subscriptionId();

        assertNotEquals(old, renewed);
        assertEquals(SubscriptionStatus.UNSUBSCRIBED, life.fx.subscriptions.find(old).orElseThrow().status());
        assertEquals(SubscriptionStatus.PENDING_ACTIVATION,
                life.fx.subscriptions.find(renewed).orElseThrow().status());
        life.fx.binding.activate(renewed, "billing-licence", "session:licence-2");
        assertEquals(SubscriptionStatus.ACTIVE, life.fx.subscriptions.find(renewed).orElseThrow().status());
    }

    @Test
    void givenFirstPurchase_thenItsIdIsTheStoredForm() {
        Registration.Activated first = w.firstPurchase();

        assertEquals(SubscriptionId.aws(FakeAwsMarketplace.PRODUCT_CODE, RebindWorld.CUSTOMER),
                first.session().subscriptionId(), "stored subscriptions keep their ids");
        assertEquals("aws:" + FakeAwsMarketplace.PRODUCT_CODE + "/" + RebindWorld.CUSTOMER,
                SubscriptionId.aws(FakeAwsMarketplace.PRODUCT_CODE, RebindWorld.CUSTOMER, 1).asText());
        assertEquals("aws:" + FakeAwsMarketplace.PRODUCT_CODE + "/" + RebindWorld.CUSTOMER + "#2",
                SubscriptionId.aws(FakeAwsMarketplace.PRODUCT_CODE, RebindWorld.CUSTOMER, 2).asText());
    }

    @Test
    void givenWorkspaceBilledThroughAnotherCloud_whenBinding_thenRefusedAndNothingChanged() {
        Registration.Activated first = endedAfterItsFinalReport();
        String workspace = first.workspace().id();
        Workspace released = w.workspace(workspace);
        w.fx.workspaces.save(released.boundTo(new SubscriptionId(Cloud.AZURE, "5f1c9a7e-0000-4000-8000-00000000abcd"),
                w.fx.clock.instant()));
        w.moveTo("10:00");
        ActivationSession again = w.arriveAgain();
        Map<String, Item> before = w.fx.recorded.snapshot();

        ActivationConflictException refused = assertThrows(ActivationConflictException.class,
                () -> w.fx.workspaceBinding.bind(again, workspace));

        assertEquals("error.workspace.billedThroughAzure", refused.messageKey(), "the buyer is told which cloud bills it");
        assertEquals(before, w.fx.recorded.snapshot(), "nothing changed");
    }

    @Test
    void givenWorkspaceBilledThroughAws_whenAnAzureSubscriptionOfTheSameAccountBindsIt_thenRefusedAndNothingChanged() {
        Registration.Activated first = w.fx.register("cust-aws-1", "ada", "ada@example.com");
        SubscriptionId azure = SubscriptionId.azure("6b7c1f0e-2a3d-4e5f-8a9b-0c1d2e3f4a5b");
        w.fx.subscriptions.createOrGet(MarketplaceSubscription.newAzure(azure.value(),
                new AzurePurchase("contoso-saas", "basic", null, null, null, null, null, false, null, null, false,
                        false, null), w.fx.clock.instant()));
        ActivationSession azureSession = w.fx.sessions.start("azure-session-1", azure,
                new CloudAccountRef("azure-tenant", "tenant-1"), first.session().billingAccountId(),
                w.fx.sites.defaultSite().id(), Optional.empty()).session();
        Map<String, Item> before = w.fx.recorded.snapshot();

        ActivationConflictException refused = assertThrows(ActivationConflictException.class,
                () -> w.fx.workspaceBinding.bind(azureSession, first.workspace().id()));

        assertEquals("error.workspace.billedThroughAws", refused.messageKey());
        assertEquals(before, w.fx.recorded.snapshot(), "nothing changed");
        assertEquals(WorkspaceBinding.State.OTHER_CHANNEL, w.fx.workspaceBinding.overview(azureSession).get(0).state());
    }
}
