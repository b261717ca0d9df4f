package org.mpactivation.application;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.port.out.MarketplaceThrottledException;
import org.mpactivation.port.out.MarketplaceTokenRejectedException;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.azure.AvailablePlan;
import org.mpactivation.port.out.azure.AzureFulfillment;
import org.mpactivation.port.out.azure.AzureParty;
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
 * An in-memory SaaS Fulfillment API v2 as strict as the Azure simulator, so that a use case tested on it behaves
 * the same against Azure: a lax fake hides the very bugs it is there to find. Every rule it enforces is one the
 * contract suite ({@code AzureFulfillmentContract}) also checks against the HTTP adapter and the simulator.
 *
 * <p>Rules: a landing token resolves until its lifetime ends (unknown, expired or still URL-encoded: rejected as the
 * adapter reports any 400 of resolve, {@code EXPIRED}; blank: {@code INVALID}, never sent); activation names the
 * purchased plan and, for a per-seat plan, the purchased seats (a flat-rate plan takes none), only while the
 * subscription is pending (again while Subscribed is harmless; Suspended or Unsubscribed is refused); unknown
 * subscriptions and operations are not found; ChangePlan, ChangeQuantity and Reinstate wait InProgress for the
 * publisher's answer (Success applies them, Failure leaves the subscription as it was), Suspend, Renew and
 * Unsubscribe are applied at once; a newer operation supersedes the ones in progress (Conflict), and answering an
 * operation no longer in progress is refused as superseded. The listing comes a small page at a time, each page read
 * only when the stream needs it.
 *
 * <p>For tests it is also Partner Center (offers and plans), the buyer (subscribes, gets a landing token) and the
 * marketplace (starts operations, settles them as a webhook answer would); faults can be programmed per call.
 * Setup mistakes (an unknown offer, seats outside the plan's range) throw {@link IllegalArgumentException} or
 * {@link IllegalStateException}: they are bugs of the test, not answers of the marketplace.
 */
public final class FakeAzureFulfillment implements AzureFulfillment {

    /** The landing token's documented lifetime (Microsoft Learn; the OpenAPI text says one hour). */
    public static final Duration DOCUMENTED_TOKEN_LIFETIME = Duration.ofHours(24);
    /** Subscriptions per page of the listing: small, so that paging is exercised by every listing test. */
    public static final int DEFAULT_PAGE_SIZE = 2;
    static final int MAX_PAGES = 100_000;

    /** A plan of an offer: flat rate, or per seat with the seat counts a buyer may hold. */
    public record Plan(String planId, String displayName, boolean pricePerSeat, int minSeats, int maxSeats,
            String termUnit) {

        public Plan {
            Objects.requireNonNull(planId, "planId");
            displayName = displayName == null ? planId : displayName;
            Period.parse(Objects.requireNonNull(termUnit, "termUnit"));
            if (pricePerSeat && (minSeats < 1 || maxSeats < minSeats)) {
                throw new IllegalArgumentException("a per-seat plan needs 1 <= minSeats <= maxSeats");
            }
        }

        /** A flat-rate monthly plan. */
        public static Plan flatRate(String planId) {
            return new Plan(planId, planId, false, 0, 0, "P1M");
        }

        /** A per-seat monthly plan allowing {@code minSeats} to {@code maxSeats} seats. */
        public static Plan perSeat(String planId, int minSeats, int maxSeats) {
            return new Plan(planId, planId, true, minSeats, maxSeats, "P1M");
        }

        public Plan withTermUnit(String unit) {
            return new Plan(planId, displayName, pricePerSeat, minSeats, maxSeats, unit);
        }

        boolean allows(int seats) {
            return seats >= minSeats && seats <= maxSeats;
        }
    }

    /** What a purchase gives the publisher: the subscription and the landing token, not URL-encoded. */
    public record Purchase(String subscriptionId, String landingToken) {
    }

    /** The calls of the port, for programming faults and counting. */
    public enum Call { RESOLVE, ACTIVATE, SUBSCRIPTION, SUBSCRIPTIONS_PAGE, AVAILABLE_PLANS, OPERATION,
        UPDATE_OPERATION }

    /** How a call fails, as the HTTP adapter reports it once its retries are spent. */
    public enum Fault { THROTTLED, UNAVAILABLE, ACCESS_REFUSED }

    private record Offer(String publisherId, String offerId, List<Plan> plans) {

        Optional<Plan> plan(String planId) {
            return plans.stream().filter(plan -> plan.planId().equals(planId)).findFirst();
        }
    }

    private record LandingToken(String subscriptionId, Instant expiresAt) {
    }

    private final Clock clock;
    private final Duration tokenLifetime;
    private final int pageSize;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Offer> offers = new LinkedHashMap<>();
    private final Map<String, SaasSubscription> subscriptions = new LinkedHashMap<>();
    private final Map<String, LandingToken> tokens = new HashMap<>();
    private final Map<String, MarketplaceOperation> operations = new LinkedHashMap<>();
    private final Map<Call, Deque<Fault>> faults = new EnumMap<>(Call.class);
    private final Map<Call, Integer> calls = new EnumMap<>(Call.class);
    private Fault standingFault;

    public FakeAzureFulfillment(Clock clock) {
        this(clock, DOCUMENTED_TOKEN_LIFETIME, DEFAULT_PAGE_SIZE);
    }

    public FakeAzureFulfillment(Clock clock, Duration tokenLifetime, int pageSize) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (tokenLifetime.isNegative() || tokenLifetime.isZero() || pageSize < 1) {
            throw new IllegalArgumentException("a positive token lifetime and page size are needed");
        }
        this.tokenLifetime = tokenLifetime;
        this.pageSize = pageSize;
    }

    // ---- Partner Center, the buyer and the marketplace ----

    public synchronized FakeAzureFulfillment offer(String publisherId, String offerId, Plan... plans) {
        if (plans.length == 0) {
            throw new IllegalArgumentException("an offer needs at least one plan");
        }
        if (Stream.of(plans).map(Plan::planId).distinct().count() != plans.length) {
            throw new IllegalArgumentException("plan ids must be unique within offer " + offerId);
        }
        if (offers.putIfAbsent(offerId, new Offer(publisherId, offerId, List.of(plans))) != null) {
            throw new IllegalArgumentException("offer " + offerId + " exists");
        }
        return this;
    }

    /** The buyer purchases a plan (seats for a per-seat plan, null otherwise); the subscription awaits activation. */
    public synchronized Purchase subscribe(String offerId, String planId, Integer seats, String buyerEmail) {
        Offer offer = offerOf(offerId);
        Plan plan = offer.plan(planId)
                .orElseThrow(() -> new IllegalArgumentException("offer " + offerId + " has no plan " + planId));
        requireSeats(plan, seats);
        String id = UUID.randomUUID().toString();
        AzureParty buyer = new AzureParty(buyerEmail, UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                Long.toHexString(random.nextLong()).toUpperCase());
        subscriptions.put(id, new SaasSubscription(id, planId + " for " + buyerEmail, offerId, planId, seats,
                SaasSubscriptionStatus.PENDING_FULFILLMENT_START, buyer, buyer, SubscriptionTerm.NONE, true, false,
                false, clock.instant()));
        return new Purchase(id, issueLandingToken(id));
    }

    /**
     * A new landing token, as when the buyer selects "Configure account" again. Standard Base64 of 47 bytes: it
     * always ends in '=' and often holds '+' or '/', so a token left URL-encoded never resolves.
     */
    public synchronized String issueLandingToken(String subscriptionId) {
        existing(subscriptionId);
        byte[] bytes = new byte[47];
        random.nextBytes(bytes);
        String token = Base64.getEncoder().encodeToString(bytes);
        tokens.put(token, new LandingToken(subscriptionId, clock.instant().plus(tokenLifetime)));
        return token;
    }

    /** The buyer changes plan in Azure: InProgress until the publisher answers. */
    public synchronized MarketplaceOperation changePlan(String subscriptionId, String planId) {
        SaasSubscription subscription = existing(subscriptionId);
        requireStatus(subscription, "ChangePlan", SaasSubscriptionStatus.SUBSCRIBED);
        Plan plan = offerOf(subscription.offerId()).plan(planId)
                .orElseThrow(() -> new IllegalArgumentException("no plan " + planId));
        if (plan.pricePerSeat()) {
            requireSeats(plan, subscription.quantity());
        } else if (subscription.quantity() != null) {
            throw new IllegalArgumentException("a per-seat subscription cannot move to the flat-rate plan " + planId);
        }
        return record(subscription, "ChangePlan", planId, subscription.quantity(), "InProgress");
    }

    /** The buyer changes the seat count in Azure: InProgress until the publisher answers. */
    public synchronized MarketplaceOperation changeQuantity(String subscriptionId, int seats) {
        SaasSubscription subscription = existing(subscriptionId);
        requireStatus(subscription, "ChangeQuantity", SaasSubscriptionStatus.SUBSCRIBED);
        Plan plan = offerOf(subscription.offerId()).plan(subscription.planId()).orElseThrow();
        requireSeats(plan, seats);
        return record(subscription, "ChangeQuantity", subscription.planId(), seats, "InProgress");
    }

    /** Payment failed: Suspended at once (a notification). */
    public synchronized MarketplaceOperation suspend(String subscriptionId) {
        SaasSubscription subscription = existing(subscriptionId);
        requireStatus(subscription, "Suspend", SaasSubscriptionStatus.SUBSCRIBED);
        return applied(record(subscription, "Suspend", subscription.planId(), subscription.quantity(), "Succeeded"));
    }

    /** Payment was fixed: InProgress until the publisher answers, then Subscribed again. */
    public synchronized MarketplaceOperation reinstate(String subscriptionId) {
        SaasSubscription subscription = existing(subscriptionId);
        requireStatus(subscription, "Reinstate", SaasSubscriptionStatus.SUSPENDED);
        return record(subscription, "Reinstate", subscription.planId(), subscription.quantity(), "InProgress");
    }

    /** The term renewed: the next one starts the day after the current one ends (a notification). */
    public synchronized MarketplaceOperation renew(String subscriptionId) {
        SaasSubscription subscription = existing(subscriptionId);
        requireStatus(subscription, "Renew", SaasSubscriptionStatus.SUBSCRIBED);
        return applied(record(subscription, "Renew", subscription.planId(), subscription.quantity(), "Succeeded"));
    }

    /** The buyer cancelled in Azure: Unsubscribed at once (a notification). */
    public synchronized MarketplaceOperation unsubscribe(String subscriptionId) {
        SaasSubscription subscription = existing(subscriptionId);
        requireStatus(subscription, "Unsubscribe", SaasSubscriptionStatus.SUBSCRIBED,
                SaasSubscriptionStatus.SUSPENDED);
        return applied(record(subscription, "Unsubscribe", subscription.planId(), subscription.quantity(),
                "Succeeded"));
    }

    /** Settles an operation in progress as the webhook's answer would: true as a 2xx, false as a 4xx. */
    public synchronized MarketplaceOperation settleOperation(String operationId, boolean accepted) {
        MarketplaceOperation operation = operations.get(operationId);
        if (operation == null || !operation.inProgress()) {
            throw new IllegalStateException("operation " + operationId + " is not in progress");
        }
        return answer(operation, accepted);
    }

    // ---- faults and what the fake saw ----

    /** The next {@code count} calls of that kind fail so, after any faults programmed before. */
    public synchronized FakeAzureFulfillment failNext(Call call, Fault fault, int count) {
        Deque<Fault> queue = faults.computeIfAbsent(call, k -> new ArrayDeque<>());
        for (int i = 0; i < count; i++) {
            queue.addLast(fault);
        }
        return this;
    }

    /** Every call of every kind fails so until {@link #heal()}, once the faults programmed before are spent. */
    public synchronized FakeAzureFulfillment failEveryCall(Fault fault) {
        standingFault = Objects.requireNonNull(fault, "fault");
        return this;
    }

    /** No call fails any more. */
    public synchronized void heal() {
        faults.clear();
        standingFault = null;
    }

    /** How many calls of that kind reached the fake, failed ones included (one per listing page). */
    public synchronized int calls(Call call) {
        return calls.getOrDefault(call, 0);
    }

    public synchronized Optional<MarketplaceOperation> operation(String operationId) {
        return Optional.ofNullable(operations.get(operationId));
    }

    // ---- the port ----

    @Override
    public synchronized ResolvedPurchase resolve(String landingToken) {
        if (landingToken == null || landingToken.isBlank()) {
            throw new MarketplaceTokenRejectedException(MarketplaceTokenRejectedException.Reason.INVALID, null);
        }
        enter(Call.RESOLVE);
        LandingToken token = tokens.get(landingToken);
        if (token == null || !clock.instant().isBefore(token.expiresAt())) {
            // the API answers 400 to both, and so cannot tell them apart: the buyer reopens the link from Azure
            throw new MarketplaceTokenRejectedException(MarketplaceTokenRejectedException.Reason.EXPIRED, null);
        }
        SaasSubscription subscription = subscriptions.get(token.subscriptionId());
        return new ResolvedPurchase(subscription.id(), subscription.name(), subscription.offerId(),
                subscription.planId(), subscription.quantity(), subscription);
    }

    @Override
    public synchronized void activate(String subscriptionId, String planId, Integer quantity) {
        requireText(subscriptionId, "subscriptionId");
        requireText(planId, "planId");
        enter(Call.ACTIVATE);
        SaasSubscription subscription = found(subscriptionId);
        if (!planId.equals(subscription.planId())) {
            throw rejected("activate: plan " + planId + " is not the subscription's plan");
        }
        if (!Objects.equals(quantity, subscription.quantity())) {
            throw rejected("activate: the quantity must be the purchased seats, and none for a flat-rate plan");
        }
        switch (subscription.status()) {
            case SUBSCRIBED -> {
                // activating again changes nothing
            }
            case PENDING_FULFILLMENT_START, NOT_STARTED -> {
                Plan plan = offerOf(subscription.offerId()).plan(planId).orElseThrow();
                LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
                subscriptions.put(subscriptionId, with(subscription, SaasSubscriptionStatus.SUBSCRIBED,
                        subscription.planId(), subscription.quantity(), termFrom(today, plan.termUnit())));
            }
            default -> throw rejected("activate: a subscription that is " + subscription.status()
                    + " cannot be activated");
        }
    }

    @Override
    public synchronized SaasSubscription subscription(String subscriptionId) {
        requireText(subscriptionId, "subscriptionId");
        enter(Call.SUBSCRIPTION);
        return found(subscriptionId);
    }

    @Override
    public Stream<SaasSubscription> subscriptions() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(new Pages(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    @Override
    public synchronized List<AvailablePlan> availablePlans(String subscriptionId) {
        requireText(subscriptionId, "subscriptionId");
        enter(Call.AVAILABLE_PLANS);
        return offerOf(found(subscriptionId).offerId()).plans().stream()
                .map(plan -> new AvailablePlan(plan.planId(), plan.displayName(), plan.pricePerSeat())).toList();
    }

    @Override
    public synchronized MarketplaceOperation operation(String subscriptionId, String operationId) {
        requireText(subscriptionId, "subscriptionId");
        requireText(operationId, "operationId");
        enter(Call.OPERATION);
        return foundOperation(subscriptionId, operationId);
    }

    /**
     * Success applies the operation, Failure leaves the subscription as it was. Like the simulator, the plan and
     * quantity sent along are not compared with the operation's: the API documents no rule for them.
     */
    @Override
    public synchronized void updateOperation(String subscriptionId, String operationId, String planId,
            Integer quantity, OperationOutcome outcome) {
        Objects.requireNonNull(outcome, "outcome");
        requireText(subscriptionId, "subscriptionId");
        requireText(operationId, "operationId");
        enter(Call.UPDATE_OPERATION);
        MarketplaceOperation operation = foundOperation(subscriptionId, operationId);
        if (!operation.inProgress()) {
            throw new OperationSupersededException("operation " + operationId + " is " + operation.status(), null);
        }
        answer(operation, outcome == OperationOutcome.SUCCESS);
    }

    // ---- internals ----

    /** The listing, one page read per exhausted page, as the HTTP adapter follows {@code @nextLink}. */
    private final class Pages implements Iterator<SaasSubscription> {

        private final Deque<SaasSubscription> page = new ArrayDeque<>();
        private int offset;
        private int pagesRead;
        private boolean more = true;

        @Override
        public boolean hasNext() {
            while (page.isEmpty() && more) {
                readPage();
            }
            return !page.isEmpty();
        }

        @Override
        public SaasSubscription next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.removeFirst();
        }

        private void readPage() {
            if (++pagesRead > MAX_PAGES) {
                throw new MarketplaceUnavailableException("the subscription listing does not end", null);
            }
            synchronized (FakeAzureFulfillment.this) {
                enter(Call.SUBSCRIPTIONS_PAGE);
                List<SaasSubscription> all = new ArrayList<>(subscriptions.values());
                int end = Math.min(all.size(), offset + pageSize);
                if (offset < end) {
                    page.addAll(all.subList(offset, end));
                }
                offset = Math.max(offset, end);
                more = offset < all.size();
            }
        }
    }

    /** Counts the call and throws its programmed fault, if any, before anything changes. */
    private void enter(Call call) {
        calls.merge(call, 1, Integer::sum);
        Deque<Fault> queue = faults.get(call);
        Fault fault = queue == null || queue.isEmpty() ? standingFault : queue.pollFirst();
        if (fault == null) {
            return;
        }
        String what = "marketplace " + call + " failed: " + fault;
        throw switch (fault) {
            case THROTTLED -> new MarketplaceThrottledException(what, null);
            case UNAVAILABLE -> new MarketplaceUnavailableException(what, null);
            case ACCESS_REFUSED -> new MarketplaceAccessException(what, null);
        };
    }

    /** Records a new operation; the subscription's operations still in progress are superseded. */
    private MarketplaceOperation record(SaasSubscription subscription, String action, String planId,
            Integer quantity, String status) {
        operations.replaceAll((id, op) -> op.subscriptionId().equals(subscription.id()) && op.inProgress()
                ? withStatus(op, "Conflict") : op);
        MarketplaceOperation operation = new MarketplaceOperation(UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), subscription.id(), subscription.offerId(), planId, quantity, action,
                status, clock.instant());
        operations.put(operation.id(), operation);
        return operation;
    }

    private MarketplaceOperation answer(MarketplaceOperation operation, boolean success) {
        MarketplaceOperation settled = withStatus(operation, success ? "Succeeded" : "Failed");
        operations.put(settled.id(), settled);
        return success ? applied(settled) : settled;
    }

    private MarketplaceOperation applied(MarketplaceOperation operation) {
        SaasSubscription s = subscriptions.get(operation.subscriptionId());
        SaasSubscription changed = switch (operation.action()) {
            case "ChangePlan" -> with(s, s.status(), operation.planId(), s.quantity(), s.term());
            case "ChangeQuantity" -> with(s, s.status(), s.planId(), operation.quantity(), s.term());
            case "Reinstate" -> with(s, SaasSubscriptionStatus.SUBSCRIBED, s.planId(), s.quantity(), s.term());
            case "Suspend" -> with(s, SaasSubscriptionStatus.SUSPENDED, s.planId(), s.quantity(), s.term());
            case "Unsubscribe" -> with(s, SaasSubscriptionStatus.UNSUBSCRIBED, s.planId(), s.quantity(), s.term());
            case "Renew" -> with(s, s.status(), s.planId(), s.quantity(), termFrom(
                    LocalDate.ofInstant(s.term().endDate(), ZoneOffset.UTC).plusDays(1), s.term().termUnit()));
            default -> throw new IllegalStateException("unknown action " + operation.action());
        };
        subscriptions.put(s.id(), changed);
        return operation;
    }

    private static SaasSubscription with(SaasSubscription s, SaasSubscriptionStatus status, String planId,
            Integer quantity, SubscriptionTerm term) {
        return new SaasSubscription(s.id(), s.name(), s.offerId(), planId, quantity, status, s.purchaser(),
                s.beneficiary(), term, s.autoRenew(), s.isTest(), s.isFreeTrial(), s.created());
    }

    private static MarketplaceOperation withStatus(MarketplaceOperation op, String status) {
        return new MarketplaceOperation(op.id(), op.activityId(), op.subscriptionId(), op.offerId(), op.planId(),
                op.quantity(), op.action(), status, op.timeStamp());
    }

    /** A term from {@code start} (midnight UTC) to the day before the same date one term unit later. */
    private static SubscriptionTerm termFrom(LocalDate start, String termUnit) {
        LocalDate end = start.plus(Period.parse(termUnit)).minusDays(1);
        return new SubscriptionTerm(start.atStartOfDay().toInstant(ZoneOffset.UTC),
                end.atStartOfDay().toInstant(ZoneOffset.UTC), termUnit);
    }

    private SaasSubscription found(String subscriptionId) {
        SaasSubscription subscription = subscriptions.get(subscriptionId);
        if (subscription == null) {
            throw new AzureResourceNotFoundException("no subscription " + subscriptionId, null);
        }
        return subscription;
    }

    private MarketplaceOperation foundOperation(String subscriptionId, String operationId) {
        found(subscriptionId);
        MarketplaceOperation operation = operations.get(operationId);
        if (operation == null || !operation.subscriptionId().equals(subscriptionId)) {
            throw new AzureResourceNotFoundException("no operation " + operationId + " on this subscription", null);
        }
        return operation;
    }

    private SaasSubscription existing(String subscriptionId) {
        SaasSubscription subscription = subscriptions.get(subscriptionId);
        if (subscription == null) {
            throw new IllegalArgumentException("no subscription " + subscriptionId);
        }
        return subscription;
    }

    private Offer offerOf(String offerId) {
        Offer offer = offers.get(offerId);
        if (offer == null) {
            throw new IllegalArgumentException("no offer " + offerId);
        }
        return offer;
    }

    private static void requireSeats(Plan plan, Integer seats) {
        if (!plan.pricePerSeat()) {
            if (seats != null) {
                throw new IllegalArgumentException("the flat-rate plan " + plan.planId() + " takes no seats");
            }
        } else if (seats == null || !plan.allows(seats)) {
            throw new IllegalArgumentException("the per-seat plan " + plan.planId() + " allows " + plan.minSeats()
                    + " to " + plan.maxSeats() + " seats, not " + seats);
        }
    }

    private static void requireStatus(SaasSubscription subscription, String action,
            SaasSubscriptionStatus... allowed) {
        if (!List.of(allowed).contains(subscription.status())) {
            throw new IllegalStateException(action + " is not possible while the subscription is "
                    + subscription.status());
        }
    }

    private static AzureRequestRejectedException rejected(String message) {
        return new AzureRequestRejectedException(message, null);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
