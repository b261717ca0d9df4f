package org.mpactivation.simulator.azure;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The fulfillment state of the simulated marketplace: offers, subscriptions, landing tokens and operations,
 * with the documented rules of the SaaS Fulfillment API v2. Every method holds the object's lock.
 */
final class AzureMarketplace {

    private final Clock clock;
    private final Duration tokenLifetime;
    private final boolean singleUseTokens;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, AzureOffer> offers = new LinkedHashMap<>();
    private final Map<String, AzureSubscription> subscriptions = new LinkedHashMap<>();
    private final Map<String, LandingToken> tokens = new HashMap<>();
    private final Map<String, MarketplaceOperation> operations = new LinkedHashMap<>();

    private record LandingToken(String subscriptionId, Instant expiresAt, boolean used) {
    }

    AzureMarketplace(Clock clock, Duration tokenLifetime, boolean singleUseTokens) {
        this.clock = clock;
        this.tokenLifetime = tokenLifetime;
        this.singleUseTokens = singleUseTokens;
    }

    Clock clock() {
        return clock;
    }

    // ---- seller and buyer actions ----

    synchronized void createOffer(AzureOffer offer) {
        if (offers.putIfAbsent(offer.offerId(), offer) != null) {
            throw new IllegalArgumentException("offer " + offer.offerId() + " exists");
        }
    }

    synchronized Optional<AzureOffer> offer(String offerId) {
        return Optional.ofNullable(offers.get(offerId));
    }

    synchronized Purchase subscribe(String offerId, String planId, Integer quantity, Identity buyer, String name) {
        AzureOffer offer = offerOrThrow(offerId);
        AzurePlan plan = offer.plan(planId)
                .orElseThrow(() -> new IllegalArgumentException("offer " + offerId + " has no plan " + planId));
        if (!plan.allowsQuantity(quantity)) {
            throw new IllegalArgumentException(plan.pricePerSeat()
                    ? "the per-seat plan " + planId + " allows " + plan.minSeats() + " to " + plan.maxSeats()
                    + " seats, not " + quantity : "a flat-rate plan takes no quantity");
        }
        String id = UUID.randomUUID().toString();
        subscriptions.put(id, new AzureSubscription(id, offer.publisherId(), offerId, name, planId, quantity,
                SubscriptionStatus.PendingFulfillmentStart, buyer, buyer, null, true, false, false, clock.instant()));
        return new Purchase(id, issueToken(id));
    }

    /** A new landing token for an existing subscription, as when the buyer selects "Configure account" again. */
    synchronized String issueToken(String subscriptionId) {
        subscriptionOrThrow(subscriptionId);
        // 47 bytes give standard Base64 with '=' padding (and often '+' or '/'), so every token changes when
        // URL-encoded and a landing page that forgets to decode it fails.
        byte[] bytes = new byte[47];
        random.nextBytes(bytes);
        String token = Base64.getEncoder().encodeToString(bytes);
        tokens.put(token, new LandingToken(subscriptionId, clock.instant().plus(tokenLifetime), false));
        return token;
    }

    synchronized MarketplaceOperation startOperation(String subscriptionId, OperationAction action, String planId,
            Integer quantity) {
        AzureSubscription subscription = subscriptionOrThrow(subscriptionId);
        requireStateFor(subscription, action);
        String newPlan = action == OperationAction.ChangePlan ? planId : subscription.planId();
        Integer newQuantity = action == OperationAction.ChangeQuantity ? quantity : subscription.quantity();
        if (action == OperationAction.ChangePlan) {
            AzurePlan plan = offerOrThrow(subscription.offerId()).plan(planId)
                    .orElseThrow(() -> new IllegalArgumentException("no plan " + planId));
            // a move to a flat-rate plan drops the seats; one to a per-seat plan keeps them, or takes the
            // seats given (else the plan's minimum) when coming from a flat-rate plan
            newQuantity = !plan.pricePerSeat() ? null
                    : subscription.quantity() != null ? subscription.quantity()
                    : quantity != null ? quantity : plan.minSeats();
            if (!plan.allowsQuantity(newQuantity)) {
                throw new IllegalArgumentException("plan " + planId + " does not allow " + newQuantity + " seats");
            }
        }
        if (action == OperationAction.ChangeQuantity) {
            AzurePlan plan = offerOrThrow(subscription.offerId()).plan(subscription.planId()).orElseThrow();
            if (quantity == null || !plan.pricePerSeat() || !plan.allowsQuantity(quantity)) {
                throw new IllegalArgumentException("the plan " + plan.planId() + " does not allow " + quantity
                        + " seats");
            }
        }
        OperationStatus status = action.needsAcknowledgement() ? OperationStatus.InProgress : OperationStatus.Succeeded;
        MarketplaceOperation operation = record(subscription, action, newPlan, newQuantity, status,
                MarketplaceOperation.SOURCE_AZURE);
        if (!action.needsAcknowledgement()) {
            apply(operation);
        }
        return operation;
    }

    private static void requireStateFor(AzureSubscription subscription, OperationAction action) {
        SubscriptionStatus status = subscription.status();
        boolean allowed = switch (action) {
            case ChangePlan, ChangeQuantity, Renew, Suspend -> status == SubscriptionStatus.Subscribed;
            case Reinstate -> status == SubscriptionStatus.Suspended;
            case Unsubscribe -> status == SubscriptionStatus.Subscribed || status == SubscriptionStatus.Suspended;
        };
        if (!allowed) {
            throw new IllegalStateException(action + " is not possible while the subscription is " + status);
        }
    }

    /** The buyer turns recurring billing off (or on again) in the Azure portal: no operation, no webhook. */
    synchronized AzureSubscription setAutoRenew(String subscriptionId, boolean renews) {
        AzureSubscription changed = subscriptionOrThrow(subscriptionId).withAutoRenew(renews);
        subscriptions.put(subscriptionId, changed);
        return changed;
    }

    /** Settles an operation awaiting acknowledgement as the webhook's answer would (2xx accepts, 4xx rejects). */
    synchronized MarketplaceOperation settle(String operationId, boolean accepted) {
        MarketplaceOperation operation = operations.get(operationId);
        if (operation == null) {
            throw new IllegalArgumentException("no operation " + operationId);
        }
        return updateOperation(operation.subscriptionId(), operationId, accepted);
    }

    // ---- the fulfillment API ----

    synchronized AzureSubscription resolve(String token) {
        LandingToken landing = token == null ? null : tokens.get(token);
        if (landing == null) {
            throw ApiRejected.badRequest("BadRequest", "The marketplace token is not valid");
        }
        if (!clock.instant().isBefore(landing.expiresAt())) {
            throw ApiRejected.badRequest("BadRequest", "The marketplace token has expired");
        }
        if (landing.used()) {
            throw ApiRejected.badRequest("BadRequest", "The marketplace token has been used");
        }
        if (singleUseTokens) {
            tokens.put(token, new LandingToken(landing.subscriptionId(), landing.expiresAt(), true));
        }
        return subscriptions.get(landing.subscriptionId());
    }

    synchronized AzureSubscription activate(String subscriptionId, String planId, Integer quantity) {
        AzureSubscription subscription = found(subscriptionId);
        if (planId == null || !planId.equals(subscription.planId())) {
            throw ApiRejected.badRequest("BadRequest", "The plan is not the subscription's plan");
        }
        // the purchased seats, named for a per-seat plan and absent for a flat-rate one: the API text leaves the
        // quantity optional, and the stricter reading keeps a client that forgets the seats from passing here only
        // to fail in Azure
        if (!Objects.equals(quantity, subscription.quantity())) {
            throw ApiRejected.badRequest("BadRequest", "The quantity is not the subscription's quantity");
        }
        switch (subscription.status()) {
            case Subscribed -> {
                return subscription;
            }
            case PendingFulfillmentStart, NotStarted -> {
                AzurePlan plan = offerOrThrow(subscription.offerId()).plan(planId).orElseThrow();
                AzureSubscription active = subscription.withStatus(SubscriptionStatus.Subscribed)
                        .withTerm(termFrom(today(), plan.termUnit()));
                subscriptions.put(subscriptionId, active);
                return active;
            }
            default -> throw ApiRejected.badRequest("BadRequest",
                    "A subscription that is " + subscription.status() + " cannot be activated");
        }
    }

    synchronized AzureSubscription get(String subscriptionId) {
        return found(subscriptionId);
    }

    synchronized Optional<AzureSubscription> find(String subscriptionId) {
        return Optional.ofNullable(subscriptions.get(subscriptionId));
    }

    /** The subscriptions from {@code offset}, at most {@code size}. */
    synchronized List<AzureSubscription> page(int offset, int size) {
        List<AzureSubscription> all = new ArrayList<>(subscriptions.values());
        if (offset >= all.size()) {
            return List.of();
        }
        return List.copyOf(all.subList(offset, Math.min(all.size(), offset + size)));
    }

    synchronized int subscriptionCount() {
        return subscriptions.size();
    }

    synchronized AzureOffer offerOf(String subscriptionId) {
        return offerOrThrow(found(subscriptionId).offerId());
    }

    /** A publisher-initiated plan or quantity change: applied at once, recorded as a succeeded operation. */
    synchronized MarketplaceOperation change(String subscriptionId, String planId, Integer quantity) {
        AzureSubscription subscription = found(subscriptionId);
        if ((planId == null) == (quantity == null)) {
            throw ApiRejected.badRequest("BadRequest", "Send either planId or quantity");
        }
        if (subscription.status() != SubscriptionStatus.Subscribed) {
            throw ApiRejected.badRequest("BadRequest", "Only a Subscribed subscription can be changed");
        }
        AzureOffer offer = offerOrThrow(subscription.offerId());
        if (planId != null) {
            if (offer.plan(planId).isEmpty() || planId.equals(subscription.planId())) {
                throw ApiRejected.badRequest("BadRequest", "The plan is unknown or already the subscription's");
            }
        } else {
            AzurePlan plan = offer.plan(subscription.planId()).orElseThrow();
            if (!plan.pricePerSeat() || !plan.allowsQuantity(quantity)) {
                throw ApiRejected.badRequest("BadRequest", "The quantity is not valid for this plan");
            }
        }
        OperationAction action = planId != null ? OperationAction.ChangePlan : OperationAction.ChangeQuantity;
        MarketplaceOperation operation = record(subscription, action,
                planId != null ? planId : subscription.planId(), quantity != null ? quantity : subscription.quantity(),
                OperationStatus.Succeeded, MarketplaceOperation.SOURCE_PARTNER);
        apply(operation);
        return operation;
    }

    synchronized MarketplaceOperation cancel(String subscriptionId) {
        AzureSubscription subscription = found(subscriptionId);
        if (subscription.status() == SubscriptionStatus.Unsubscribed) {
            throw ApiRejected.badRequest("BadRequest", "The subscription is already unsubscribed");
        }
        MarketplaceOperation operation = record(subscription, OperationAction.Unsubscribe, subscription.planId(),
                subscription.quantity(), OperationStatus.Succeeded, MarketplaceOperation.SOURCE_PARTNER);
        apply(operation);
        return operation;
    }

    /** The operations of the subscription still waiting for the publisher's acknowledgement. */
    synchronized List<MarketplaceOperation> pendingOperations(String subscriptionId) {
        found(subscriptionId);
        return operations.values().stream()
                .filter(op -> op.subscriptionId().equals(subscriptionId))
                .filter(op -> op.status() == OperationStatus.InProgress)
                .toList();
    }

    synchronized MarketplaceOperation operation(String subscriptionId, String operationId) {
        found(subscriptionId);
        MarketplaceOperation operation = operations.get(operationId);
        if (operation == null || !operation.subscriptionId().equals(subscriptionId)) {
            throw ApiRejected.notFound("No operation " + operationId + " on this subscription");
        }
        return operation;
    }

    synchronized Optional<MarketplaceOperation> operation(String operationId) {
        return Optional.ofNullable(operations.get(operationId));
    }

    synchronized List<MarketplaceOperation> operations() {
        return List.copyOf(operations.values());
    }

    /** PATCH of an operation: Success applies it, Failure rejects it; 409 once it is no longer in progress. */
    synchronized MarketplaceOperation updateOperation(String subscriptionId, String operationId, boolean success) {
        MarketplaceOperation operation = operation(subscriptionId, operationId);
        if (operation.status() != OperationStatus.InProgress) {
            throw ApiRejected.conflict("The operation is " + operation.status()
                    + (operation.status() == OperationStatus.Conflict ? ": a newer operation superseded it" : ""));
        }
        MarketplaceOperation settled = operation.withStatus(success ? OperationStatus.Succeeded : OperationStatus.Failed);
        operations.put(operationId, settled);
        if (success) {
            apply(settled);
        }
        return settled;
    }

    // ---- internals ----

    /** Records a new operation; older operations of the subscription still in progress are superseded. */
    private MarketplaceOperation record(AzureSubscription subscription, OperationAction action, String planId,
            Integer quantity, OperationStatus status, String source) {
        operations.replaceAll((id, op) -> op.subscriptionId().equals(subscription.id())
                && op.status() == OperationStatus.InProgress ? op.withStatus(OperationStatus.Conflict) : op);
        MarketplaceOperation operation = new MarketplaceOperation(UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), subscription.id(), subscription.publisherId(), subscription.offerId(),
                planId, quantity, action, clock.instant(), status, source);
        operations.put(operation.id(), operation);
        return operation;
    }

    private void apply(MarketplaceOperation operation) {
        AzureSubscription subscription = subscriptions.get(operation.subscriptionId());
        AzureSubscription changed = switch (operation.action()) {
            case ChangePlan -> subscription.withPlan(operation.planId()).withQuantity(operation.quantity());
            case ChangeQuantity -> subscription.withQuantity(operation.quantity());
            case Reinstate -> subscription.withStatus(SubscriptionStatus.Subscribed);
            case Suspend -> subscription.withStatus(SubscriptionStatus.Suspended);
            case Unsubscribe -> subscription.withStatus(SubscriptionStatus.Unsubscribed);
            case Renew -> subscription.withTerm(termFrom(nextTermStart(subscription), subscription.term().termUnit()));
        };
        subscriptions.put(subscription.id(), changed);
    }

    private static LocalDate nextTermStart(AzureSubscription subscription) {
        return LocalDate.ofInstant(subscription.term().endDate(), ZoneOffset.UTC).plusDays(1);
    }

    private static AzureSubscription.Term termFrom(LocalDate start, String termUnit) {
        LocalDate end = start.plus(Period.parse(termUnit)).minusDays(1);
        return new AzureSubscription.Term(start.atStartOfDay().toInstant(ZoneOffset.UTC),
                end.atStartOfDay().toInstant(ZoneOffset.UTC), termUnit);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private AzureSubscription found(String subscriptionId) {
        AzureSubscription subscription = subscriptions.get(subscriptionId);
        if (subscription == null) {
            throw ApiRejected.notFound("No subscription " + subscriptionId);
        }
        return subscription;
    }

    private AzureSubscription subscriptionOrThrow(String subscriptionId) {
        AzureSubscription subscription = subscriptions.get(subscriptionId);
        if (subscription == null) {
            throw new IllegalArgumentException("no subscription " + subscriptionId);
        }
        return subscription;
    }

    private AzureOffer offerOrThrow(String offerId) {
        AzureOffer offer = offers.get(offerId);
        if (offer == null) {
            throw new IllegalArgumentException("no offer " + offerId);
        }
        return offer;
    }
}
