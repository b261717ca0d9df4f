package org.mpactivation.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.port.out.AzureFulfillmentWorld.Outage;
import org.mpactivation.port.out.AzureFulfillmentWorld.Plan;
import org.mpactivation.port.out.AzureFulfillmentWorld.Purchase;
import org.mpactivation.port.out.azure.AvailablePlan;
import org.mpactivation.port.out.azure.AzureFulfillment;
import org.mpactivation.port.out.azure.AzureRequestRejectedException;
import org.mpactivation.port.out.azure.AzureResourceNotFoundException;
import org.mpactivation.port.out.azure.MarketplaceOperation;
import org.mpactivation.port.out.azure.OperationOutcome;
import org.mpactivation.port.out.azure.OperationSupersededException;
import org.mpactivation.port.out.azure.ResolvedPurchase;
import org.mpactivation.port.out.azure.SaasSubscription;
import org.mpactivation.port.out.azure.SaasSubscriptionStatus;
import org.mpactivation.port.out.azure.SubscriptionTerm;

/**
 * What the SaaS Fulfillment API v2 does behind the {@link AzureFulfillment} port, as one suite that every stand-in
 * must pass: the in-memory fake the use-case tests run on, and the HTTP adapter spoken to the Azure simulator. It is
 * the fulfillment counterpart of {@link AzureMeteringContract}; a case that passes for one and fails for the other is
 * a drift to mend, in the stand-in or in the adapter.
 *
 * <p>Facts (the port's Javadoc; CONTRACTS.md, Azure; {@code saasapi.v2.json}): resolve takes the URL-decoded
 * landing token and answers 400 to a bad or expired one, which the port reports as rejected (the API cannot tell
 * which); activate names the subscription's plan (400 otherwise, and for a subscription no longer pending or
 * Subscribed); unknown subscriptions and operations are 404; the listing follows
 * {@code @nextLink}; ChangePlan, ChangeQuantity and Reinstate wait InProgress for the publisher, Suspend, Renew and
 * Unsubscribe are applied at once; answering an operation that is no longer in progress is a 409 (a newer one
 * superseded it, or it was answered). Where the documents are silent the stand-ins agree on: a token resolves again
 * until it expires; activating an active subscription again changes nothing; activation takes exactly the seats of
 * the purchase, named for a per-seat plan and absent for a flat-rate one (the API text leaves the quantity optional:
 * the stricter reading can only make a client send what Azure accepts).
 */
public abstract class AzureFulfillmentContract {

    /** The marketplace's time when each case starts. */
    protected static final Instant NOW = Instant.parse("2026-03-02T10:20:30Z");
    protected static final String OFFER = "contoso-saas";
    protected static final String BASIC = "basic";
    protected static final String PREMIUM = "premium";
    protected static final String TEAM = "team";
    protected static final int TEAM_MIN_SEATS = 1;
    protected static final int TEAM_MAX_SEATS = 50;
    /** Whom every world's buyer is. */
    public static final String BUYER_EMAIL = "buyer@example.com";

    // ---- what a runner provides

    /**
     * A fresh world whose clock reads {@code now}, with the documented 24-hour landing-token lifetime, a listing
     * page of at most 2 subscriptions, and no offer yet.
     */
    protected abstract AzureFulfillmentWorld start(Instant now);

    // ---- the cases

    protected AzureFulfillmentWorld world;
    protected AzureFulfillment fulfillment;

    @BeforeEach
    void startTheMarketplace() {
        world = start(NOW);
        fulfillment = world.fulfillment();
        world.createOffer(OFFER, Plan.flatRate(BASIC), Plan.flatRate(PREMIUM),
                Plan.perSeat(TEAM, TEAM_MIN_SEATS, TEAM_MAX_SEATS));
    }

    @AfterEach
    void stopTheMarketplace() {
        world.close();
    }

    private String activeBasic() {
        String id = world.subscribe(OFFER, BASIC, null).subscriptionId();
        fulfillment.activate(id, BASIC, null);
        return id;
    }

    private String activeTeam(int seats) {
        String id = world.subscribe(OFFER, TEAM, seats).subscriptionId();
        fulfillment.activate(id, TEAM, seats);
        return id;
    }

    private SaasSubscriptionStatus status(String subscriptionId) {
        return fulfillment.subscription(subscriptionId).status();
    }

    private static Instant midnight(Instant instant) {
        return instant.truncatedTo(ChronoUnit.DAYS);
    }

    // resolve

    @Test
    void givenTheTokenAsTheLandingPageDecodesIt_thenThePurchaseIsResolved() {
        Purchase purchase = world.subscribe(OFFER, TEAM, 3);
        String inTheUrl = URLEncoder.encode(purchase.landingToken(), StandardCharsets.UTF_8);
        assertNotEquals(purchase.landingToken(), inTheUrl, "tokens hold characters that URL-encoding changes");

        ResolvedPurchase resolved = fulfillment.resolve(URLDecoder.decode(inTheUrl, StandardCharsets.UTF_8));

        assertEquals(purchase.subscriptionId(), resolved.subscriptionId());
        assertEquals(OFFER, resolved.offerId());
        assertEquals(TEAM, resolved.planId());
        assertEquals(3, resolved.quantity());
        assertNotNull(resolved.subscriptionName());
        assertEquals(purchase.subscriptionId(), resolved.subscription().id());
        assertEquals(SaasSubscriptionStatus.PENDING_FULFILLMENT_START, resolved.subscription().status());
        assertEquals(BUYER_EMAIL, resolved.subscription().purchaser().emailId());
    }

    @Test
    void givenTheTokenStillUrlEncoded_thenItIsRejected() {
        Purchase purchase = world.subscribe(OFFER, BASIC, null);

        assertThrows(MarketplaceTokenRejectedException.class,
                () -> fulfillment.resolve(URLEncoder.encode(purchase.landingToken(), StandardCharsets.UTF_8)));
    }

    @Test
    void givenAnUnknownToken_thenItIsRejectedAsTheApiAnswersABadOrExpiredOne() {
        world.subscribe(OFFER, BASIC, null);

        MarketplaceTokenRejectedException rejected = assertThrows(MarketplaceTokenRejectedException.class,
                () -> fulfillment.resolve("bm90LWEtdG9rZW4="));

        assertEquals(MarketplaceTokenRejectedException.Reason.EXPIRED, rejected.reason());
    }

    @Test
    void givenABlankToken_thenItIsRejectedAsInvalid() {
        MarketplaceTokenRejectedException rejected = assertThrows(MarketplaceTokenRejectedException.class,
                () -> fulfillment.resolve(" "));

        assertEquals(MarketplaceTokenRejectedException.Reason.INVALID, rejected.reason());
        assertThrows(MarketplaceTokenRejectedException.class, () -> fulfillment.resolve(null));
    }

    @Test
    void givenATokenJustInsideItsLifetime_thenItResolves() {
        Purchase purchase = world.subscribe(OFFER, BASIC, null);
        world.advanceClock(world.tokenLifetime().minusSeconds(1));

        assertEquals(purchase.subscriptionId(), fulfillment.resolve(purchase.landingToken()).subscriptionId());
    }

    @Test
    void givenATokenAtTheEndOfItsLifetime_thenItIsRejectedAsExpired() {
        Purchase purchase = world.subscribe(OFFER, BASIC, null);
        world.advanceClock(world.tokenLifetime());

        MarketplaceTokenRejectedException rejected = assertThrows(MarketplaceTokenRejectedException.class,
                () -> fulfillment.resolve(purchase.landingToken()));

        assertEquals(MarketplaceTokenRejectedException.Reason.EXPIRED, rejected.reason());
    }

    @Test
    void givenAnExpiredToken_whenTheBuyerOpensTheLinkAgain_thenTheNewTokenResolves() {
        Purchase purchase = world.subscribe(OFFER, BASIC, null);
        world.advanceClock(world.tokenLifetime().plusHours(1));

        String fresh = world.newLandingToken(purchase.subscriptionId());

        assertNotEquals(purchase.landingToken(), fresh);
        assertEquals(purchase.subscriptionId(), fulfillment.resolve(fresh).subscriptionId());
    }

    @Test
    void givenATokenResolvedOnce_thenItResolvesAgain_andShowsTheSubscriptionAsItIsNow() {
        Purchase purchase = world.subscribe(OFFER, BASIC, null);
        fulfillment.resolve(purchase.landingToken());
        fulfillment.activate(purchase.subscriptionId(), BASIC, null);

        ResolvedPurchase again = fulfillment.resolve(purchase.landingToken());

        assertEquals(SaasSubscriptionStatus.SUBSCRIBED, again.subscription().status());
    }

    // activate

    @Test
    void givenThePurchasedFlatRatePlan_whenActivated_thenSubscribedWithAMonthlyTermFromToday() {
        String id = world.subscribe(OFFER, BASIC, null).subscriptionId();

        fulfillment.activate(id, BASIC, null);

        SaasSubscription subscription = fulfillment.subscription(id);
        assertEquals(SaasSubscriptionStatus.SUBSCRIBED, subscription.status());
        assertEquals(BASIC, subscription.planId());
        assertNull(subscription.quantity());
        assertEquals("P1M", subscription.term().termUnit());
        assertEquals(midnight(NOW), subscription.term().startDate());
        assertEquals(Instant.parse("2026-04-01T00:00:00Z"), subscription.term().endDate());
    }

    @Test
    void givenThePurchasedSeats_whenActivated_thenSubscribedWithThoseSeats() {
        String id = world.subscribe(OFFER, TEAM, 7).subscriptionId();

        fulfillment.activate(id, TEAM, 7);

        SaasSubscription subscription = fulfillment.subscription(id);
        assertEquals(SaasSubscriptionStatus.SUBSCRIBED, subscription.status());
        assertEquals(TEAM, subscription.planId());
        assertEquals(7, subscription.quantity());
    }

    @Test
    void givenAnActiveSubscription_whenActivatedAgainWithItsPlan_thenNothingChanges() {
        String id = activeTeam(4);
        SaasSubscription before = fulfillment.subscription(id);
        world.advanceClock(Duration.ofDays(3));

        fulfillment.activate(id, TEAM, 4);

        assertEquals(before, fulfillment.subscription(id));
    }

    @Test
    void givenAPlanNotInTheOffer_thenActivationIsRejected_andTheSubscriptionStaysPending() {
        String id = world.subscribe(OFFER, BASIC, null).subscriptionId();

        assertThrows(AzureRequestRejectedException.class, () -> fulfillment.activate(id, "gold", null));

        assertEquals(SaasSubscriptionStatus.PENDING_FULFILLMENT_START, status(id));
    }

    @Test
    void givenAnotherPlanOfTheOffer_thenActivationIsRejected() {
        String id = world.subscribe(OFFER, BASIC, null).subscriptionId();

        assertThrows(AzureRequestRejectedException.class, () -> fulfillment.activate(id, PREMIUM, null));

        assertEquals(SaasSubscriptionStatus.PENDING_FULFILLMENT_START, status(id));
    }

    @Test
    void givenSeatsForAFlatRatePlan_thenActivationIsRejected() {
        String id = world.subscribe(OFFER, BASIC, null).subscriptionId();

        assertThrows(AzureRequestRejectedException.class, () -> fulfillment.activate(id, BASIC, 1));

        assertEquals(SaasSubscriptionStatus.PENDING_FULFILLMENT_START, status(id));
    }

    @Test
    void givenNoSeatsForAPerSeatPlan_thenActivationIsRejected() {
        String id = world.subscribe(OFFER, TEAM, 3).subscriptionId();

        assertThrows(AzureRequestRejectedException.class, () -> fulfillment.activate(id, TEAM, null));

        assertEquals(SaasSubscriptionStatus.PENDING_FULFILLMENT_START, status(id));
    }

    @Test
    void givenOtherSeatsThanPurchased_thenActivationIsRejected() {
        String id = world.subscribe(OFFER, TEAM, 3).subscriptionId();

        assertThrows(AzureRequestRejectedException.class, () -> fulfillment.activate(id, TEAM, 4));

        assertEquals(SaasSubscriptionStatus.PENDING_FULFILLMENT_START, status(id));
    }

    @Test
    void givenSeatsOutsideThePlansRange_thenActivationIsRejected() {
        String id = world.subscribe(OFFER, TEAM, TEAM_MAX_SEATS).subscriptionId();

        assertThrows(AzureRequestRejectedException.class,
                () -> fulfillment.activate(id, TEAM, TEAM_MAX_SEATS + 1));
        assertThrows(AzureRequestRejectedException.class, () -> fulfillment.activate(id, TEAM, 0));

        assertEquals(SaasSubscriptionStatus.PENDING_FULFILLMENT_START, status(id));
    }

    @Test
    void givenAnUnsubscribedSubscription_thenActivationIsRejected() {
        String id = activeBasic();
        world.unsubscribe(id);

        assertThrows(AzureRequestRejectedException.class, () -> fulfillment.activate(id, BASIC, null));

        assertEquals(SaasSubscriptionStatus.UNSUBSCRIBED, status(id));
    }

    @Test
    void givenASuspendedSubscription_thenActivationIsRejected() {
        String id = activeBasic();
        world.suspend(id);

        assertThrows(AzureRequestRejectedException.class, () -> fulfillment.activate(id, BASIC, null));

        assertEquals(SaasSubscriptionStatus.SUSPENDED, status(id));
    }

    @Test
    void givenAnUnknownSubscription_thenActivationIsNotFound() {
        assertThrows(AzureResourceNotFoundException.class,
                () -> fulfillment.activate("00000000-0000-0000-0000-000000000001", BASIC, null));
    }

    @Test
    void givenNoPlan_thenActivationIsRefusedBeforeItIsSent() {
        String id = world.subscribe(OFFER, BASIC, null).subscriptionId();

        assertThrows(IllegalArgumentException.class, () -> fulfillment.activate(id, null, null));
        assertThrows(IllegalArgumentException.class, () -> fulfillment.activate(id, " ", null));
    }

    // get, list, plans

    @Test
    void givenAPurchase_thenTheSubscriptionCarriesItsPlanBuyerAndCreation_andNoTermYet() {
        String id = world.subscribe(OFFER, TEAM, 2).subscriptionId();

        SaasSubscription subscription = fulfillment.subscription(id);

        assertEquals(id, subscription.id());
        assertNotNull(subscription.name());
        assertEquals(OFFER, subscription.offerId());
        assertEquals(TEAM, subscription.planId());
        assertEquals(2, subscription.quantity());
        assertEquals(SaasSubscriptionStatus.PENDING_FULFILLMENT_START, subscription.status());
        assertEquals(BUYER_EMAIL, subscription.purchaser().emailId());
        assertEquals(BUYER_EMAIL, subscription.beneficiary().emailId());
        assertNotNull(subscription.purchaser().tenantId());
        assertNull(subscription.term().startDate());
        assertNull(subscription.term().endDate());
        assertEquals(NOW, subscription.created());
    }

    @Test
    void givenAnUnknownSubscription_thenItIsNotFound() {
        assertThrows(AzureResourceNotFoundException.class,
                () -> fulfillment.subscription("00000000-0000-0000-0000-000000000001"));
    }

    @Test
    void givenMoreSubscriptionsThanTwoPages_thenTheListingHoldsEachOnce() {
        Set<String> bought = new HashSet<>();
        for (int i = 0; i < world.pageSize() * 2 + 1; i++) {
            bought.add(world.subscribe(OFFER, BASIC, null).subscriptionId());
        }
        fulfillment.activate(bought.iterator().next(), BASIC, null);

        List<String> listed;
        try (Stream<SaasSubscription> all = fulfillment.subscriptions()) {
            listed = all.map(SaasSubscription::id).toList();
        }

        assertEquals(bought.size(), listed.size());
        assertEquals(bought, Set.copyOf(listed));
    }

    @Test
    void givenNoSubscriptions_thenTheListingIsEmpty() {
        try (Stream<SaasSubscription> all = fulfillment.subscriptions()) {
            assertEquals(0, all.count());
        }
    }

    @Test
    void givenAnOutageAfterTheFirstPage_thenTheListingFailsWhenItNeedsTheNextPage() {
        for (int i = 0; i < world.pageSize() + 1; i++) {
            world.subscribe(OFFER, BASIC, null);
        }
        List<String> read = new ArrayList<>();
        try (Stream<SaasSubscription> all = fulfillment.subscriptions()) {
            Iterator<SaasSubscription> listing = all.iterator();
            for (int i = 0; i < world.pageSize(); i++) {
                read.add(listing.next().id());
            }
            world.startOutage(Outage.UNAVAILABLE);

            assertThrows(MarketplaceUnavailableException.class, listing::hasNext);
        }
        assertEquals(world.pageSize(), read.size());
    }

    @Test
    void givenASubscription_thenItsOffersPlansAreListed_perSeatOnesMarked() {
        String id = world.subscribe(OFFER, BASIC, null).subscriptionId();

        List<AvailablePlan> plans = fulfillment.availablePlans(id);

        assertEquals(List.of(BASIC, PREMIUM, TEAM), plans.stream().map(AvailablePlan::planId).sorted().toList());
        for (AvailablePlan plan : plans) {
            assertEquals(plan.planId().equals(TEAM), plan.pricePerSeat(), plan.planId());
        }
    }

    @Test
    void givenAnUnknownSubscription_thenItsPlansAreNotFound() {
        assertThrows(AzureResourceNotFoundException.class,
                () -> fulfillment.availablePlans("00000000-0000-0000-0000-000000000001"));
    }

    // operations

    @Test
    void givenAPlanChangeInProgress_thenTheOperationShowsIt_andThePlanIsUnchanged() {
        String id = activeBasic();
        world.advanceClock(Duration.ofMinutes(5));
        String operationId = world.changePlan(id, PREMIUM);

        MarketplaceOperation operation = fulfillment.operation(id, operationId);

        assertEquals(operationId, operation.id());
        assertEquals(id, operation.subscriptionId());
        assertEquals(OFFER, operation.offerId());
        assertEquals("ChangePlan", operation.action());
        assertEquals(PREMIUM, operation.planId());
        assertTrue(operation.inProgress());
        assertEquals(world.now(), operation.timeStamp());
        assertEquals(BASIC, fulfillment.subscription(id).planId());
    }

    @Test
    void givenAPlanChangeAnsweredWithSuccess_thenThePlanChanges_andTheOperationSucceeded() {
        String id = activeBasic();
        String operationId = world.changePlan(id, PREMIUM);

        fulfillment.updateOperation(id, operationId, PREMIUM, null, OperationOutcome.SUCCESS);

        assertEquals(PREMIUM, fulfillment.subscription(id).planId());
        assertEquals("Succeeded", fulfillment.operation(id, operationId).status());
    }

    @Test
    void givenAPlanChangeAnsweredWithFailure_thenThePlanStays_andTheOperationFailed() {
        String id = activeBasic();
        String operationId = world.changePlan(id, PREMIUM);

        fulfillment.updateOperation(id, operationId, PREMIUM, null, OperationOutcome.FAILURE);

        assertEquals(BASIC, fulfillment.subscription(id).planId());
        assertEquals("Failed", fulfillment.operation(id, operationId).status());
    }

    @Test
    void givenAQuantityChangeAnsweredWithSuccess_thenTheSeatsChange() {
        String id = activeTeam(3);
        String operationId = world.changeQuantity(id, 9);
        MarketplaceOperation operation = fulfillment.operation(id, operationId);
        assertEquals("ChangeQuantity", operation.action());
        assertEquals(9, operation.quantity());
        assertEquals(TEAM, operation.planId());
        assertEquals(3, fulfillment.subscription(id).quantity());

        fulfillment.updateOperation(id, operationId, null, 9, OperationOutcome.SUCCESS);

        assertEquals(9, fulfillment.subscription(id).quantity());
    }

    @Test
    void givenAQuantityChangeAnsweredWithFailure_thenTheSeatsStay() {
        String id = activeTeam(3);
        String operationId = world.changeQuantity(id, 9);

        fulfillment.updateOperation(id, operationId, null, 9, OperationOutcome.FAILURE);

        assertEquals(3, fulfillment.subscription(id).quantity());
        assertEquals("Failed", fulfillment.operation(id, operationId).status());
    }

    @Test
    void givenAnOperationAnsweredOnce_thenASecondAnswerIsSuperseded_andChangesNothing() {
        String id = activeBasic();
        String operationId = world.changePlan(id, PREMIUM);
        fulfillment.updateOperation(id, operationId, PREMIUM, null, OperationOutcome.SUCCESS);

        assertThrows(OperationSupersededException.class,
                () -> fulfillment.updateOperation(id, operationId, PREMIUM, null, OperationOutcome.FAILURE));

        assertEquals(PREMIUM, fulfillment.subscription(id).planId());
        assertEquals("Succeeded", fulfillment.operation(id, operationId).status());
    }

    @Test
    void givenANewerOperation_thenTheOlderIsInConflict_andItsAnswerIsSuperseded() {
        String id = activeBasic();
        String older = world.changePlan(id, PREMIUM);
        String newer = world.suspend(id);

        assertEquals("Conflict", fulfillment.operation(id, older).status());
        assertThrows(OperationSupersededException.class,
                () -> fulfillment.updateOperation(id, older, PREMIUM, null, OperationOutcome.SUCCESS));

        assertEquals(BASIC, fulfillment.subscription(id).planId());
        assertEquals("Succeeded", fulfillment.operation(id, newer).status());
    }

    @Test
    void givenAnOperationTheWebhookAnswerAccepted_thenTheLaterAnswerIsSuperseded_andTheChangeStays() {
        String id = activeBasic();
        String operationId = world.changePlan(id, PREMIUM);
        world.settleByWebhook(operationId, true);

        assertThrows(OperationSupersededException.class,
                () -> fulfillment.updateOperation(id, operationId, PREMIUM, null, OperationOutcome.FAILURE));

        assertEquals(PREMIUM, fulfillment.subscription(id).planId());
    }

    @Test
    void givenASuspension_thenSuspendedAtOnce_andTheNoticeCannotBeAnswered() {
        String id = activeBasic();

        String operationId = world.suspend(id);

        MarketplaceOperation operation = fulfillment.operation(id, operationId);
        assertEquals("Suspend", operation.action());
        assertEquals("Succeeded", operation.status());
        assertEquals(SaasSubscriptionStatus.SUSPENDED, status(id));
        assertThrows(OperationSupersededException.class,
                () -> fulfillment.updateOperation(id, operationId, null, null, OperationOutcome.SUCCESS));
    }

    @Test
    void givenAReinstatementAnsweredWithSuccess_thenSubscribedAgain() {
        String id = activeBasic();
        world.suspend(id);
        String operationId = world.reinstate(id);
        assertTrue(fulfillment.operation(id, operationId).inProgress());
        assertEquals("Reinstate", fulfillment.operation(id, operationId).action());
        assertEquals(SaasSubscriptionStatus.SUSPENDED, status(id));

        fulfillment.updateOperation(id, operationId, null, null, OperationOutcome.SUCCESS);

        assertEquals(SaasSubscriptionStatus.SUBSCRIBED, status(id));
    }

    @Test
    void givenAReinstatementAnsweredWithFailure_thenStillSuspended() {
        String id = activeBasic();
        world.suspend(id);
        String operationId = world.reinstate(id);

        fulfillment.updateOperation(id, operationId, null, null, OperationOutcome.FAILURE);

        assertEquals(SaasSubscriptionStatus.SUSPENDED, status(id));
    }

    @Test
    void givenARenewal_thenTheNextTermStartsTheDayAfterTheCurrentEnds() {
        String id = activeBasic();
        SubscriptionTerm first = fulfillment.subscription(id).term();

        String operationId = world.renew(id);

        MarketplaceOperation operation = fulfillment.operation(id, operationId);
        assertEquals("Renew", operation.action());
        assertEquals("Succeeded", operation.status());
        SubscriptionTerm next = fulfillment.subscription(id).term();
        assertEquals(first.endDate().plus(1, ChronoUnit.DAYS), next.startDate());
        assertEquals(Instant.parse("2026-05-01T00:00:00Z"), next.endDate());
        assertEquals(first.termUnit(), next.termUnit());
        assertEquals(SaasSubscriptionStatus.SUBSCRIBED, status(id));
    }

    @Test
    void givenAnUnsubscription_thenUnsubscribedAtOnce_andTheSubscriptionStaysReadable() {
        String id = activeTeam(2);

        String operationId = world.unsubscribe(id);

        assertEquals("Unsubscribe", fulfillment.operation(id, operationId).action());
        assertEquals("Succeeded", fulfillment.operation(id, operationId).status());
        SaasSubscription subscription = fulfillment.subscription(id);
        assertEquals(SaasSubscriptionStatus.UNSUBSCRIBED, subscription.status());
        assertEquals(TEAM, subscription.planId());
        assertEquals(2, subscription.quantity());
    }

    @Test
    void givenAnUnsubscriptionWhileSuspended_thenUnsubscribed_andTheReinstatementInProgressIsSuperseded() {
        String id = activeBasic();
        world.suspend(id);
        String reinstatement = world.reinstate(id);

        world.unsubscribe(id);

        assertEquals(SaasSubscriptionStatus.UNSUBSCRIBED, status(id));
        assertThrows(OperationSupersededException.class, () -> fulfillment.updateOperation(id, reinstatement, null,
                null, OperationOutcome.SUCCESS));
        assertEquals(SaasSubscriptionStatus.UNSUBSCRIBED, status(id));
    }

    @Test
    void givenAnUnknownOperation_thenReadingAndAnsweringItAreNotFound() {
        String id = activeBasic();
        String unknown = "00000000-0000-0000-0000-000000000002";

        assertThrows(AzureResourceNotFoundException.class, () -> fulfillment.operation(id, unknown));
        assertThrows(AzureResourceNotFoundException.class,
                () -> fulfillment.updateOperation(id, unknown, null, null, OperationOutcome.SUCCESS));
    }

    @Test
    void givenTheOperationOfAnotherSubscription_thenItIsNotFound_andNothingChanges() {
        String alice = activeBasic();
        String bob = activeBasic();
        String operationId = world.changePlan(alice, PREMIUM);

        assertThrows(AzureResourceNotFoundException.class, () -> fulfillment.operation(bob, operationId));
        assertThrows(AzureResourceNotFoundException.class,
                () -> fulfillment.updateOperation(bob, operationId, PREMIUM, null, OperationOutcome.SUCCESS));

        assertTrue(fulfillment.operation(alice, operationId).inProgress());
        assertEquals(BASIC, fulfillment.subscription(bob).planId());
    }

    @Test
    void givenAnUnknownSubscription_thenItsOperationsAreNotFound() {
        String id = activeBasic();
        String operationId = world.changePlan(id, PREMIUM);

        assertThrows(AzureResourceNotFoundException.class,
                () -> fulfillment.operation("00000000-0000-0000-0000-000000000001", operationId));
    }

    // outages

    @Test
    void givenTheMarketplaceKeepsThrottling_thenCallsFailAsThrottled_andNothingChanges() {
        String id = world.subscribe(OFFER, BASIC, null).subscriptionId();
        world.startOutage(Outage.THROTTLED);

        assertThrows(MarketplaceThrottledException.class, () -> fulfillment.activate(id, BASIC, null));
        assertThrows(MarketplaceThrottledException.class, () -> fulfillment.subscription(id));

        world.endOutage();
        assertEquals(SaasSubscriptionStatus.PENDING_FULFILLMENT_START, status(id));
        fulfillment.activate(id, BASIC, null);
        assertEquals(SaasSubscriptionStatus.SUBSCRIBED, status(id));
    }

    @Test
    void givenAnOutage_thenCallsFailAsUnavailable_andTheOperationStaysInProgress() {
        String id = activeBasic();
        String operationId = world.changePlan(id, PREMIUM);
        world.startOutage(Outage.UNAVAILABLE);

        MarketplaceUnavailableException failed = assertThrows(MarketplaceUnavailableException.class,
                () -> fulfillment.updateOperation(id, operationId, PREMIUM, null, OperationOutcome.SUCCESS));
        assertEquals(MarketplaceUnavailableException.class, failed.getClass());
        assertThrows(MarketplaceUnavailableException.class, () -> fulfillment.availablePlans(id));

        world.endOutage();
        assertTrue(fulfillment.operation(id, operationId).inProgress());
        assertEquals(BASIC, fulfillment.subscription(id).planId());
    }

    @Test
    void givenOurAccessIsRefused_thenCallsFailAsAccessFailures_notAsVerdictsOnTheRequest() {
        Purchase purchase = world.subscribe(OFFER, BASIC, null);
        world.startOutage(Outage.ACCESS_REFUSED);

        assertThrows(MarketplaceAccessException.class, () -> fulfillment.resolve(purchase.landingToken()));
        assertThrows(MarketplaceAccessException.class, () -> fulfillment.operation(purchase.subscriptionId(),
                "00000000-0000-0000-0000-000000000002"));
        assertThrows(MarketplaceAccessException.class, () -> {
            try (Stream<SaasSubscription> all = fulfillment.subscriptions()) {
                all.count();
            }
        });

        world.endOutage();
        assertEquals(purchase.subscriptionId(), fulfillment.resolve(purchase.landingToken()).subscriptionId());
    }
}
