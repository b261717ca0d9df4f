package org.mpactivation.application;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.mpactivation.domain.Cloud;
import org.mpactivation.observability.RequestContext;
import org.mpactivation.port.out.Metrics;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.azure.AzureFulfillment;
import org.mpactivation.port.out.azure.AzureResourceNotFoundException;
import org.mpactivation.port.out.azure.MarketplaceOperation;
import org.mpactivation.port.out.azure.OperationOutcome;
import org.mpactivation.port.out.azure.OperationSupersededException;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.NoticeLog;
import org.mpactivation.repository.SubscriptionRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles an authenticated Azure Marketplace webhook call: each operation once, on the operation's own word.
 *
 * <p>A webhook body is only a claim, and the marketplace redelivers a call up to 500 times over eight hours. So
 * the operation is first looked up in the notice log (a redelivery gets the first answer and changes nothing),
 * then confirmed with the Fulfillment API's Get Operation (an unknown operation, or one that is not what the call
 * says, is refused), and only the confirmed operation's action, plan, seats and status are acted on. A plan
 * change, seat change or reinstatement still in progress is answered by the {@link AzureOperationPolicy}: accepted
 * with PATCH Success and then written to our copy, or declined with PATCH Failure and nothing changed (the caller
 * answers a 4xx as well, which rejects it too). An operation already decided elsewhere (409) is taken as the API
 * now reports it. The others tell of a change the marketplace made: suspend, renew, unsubscribe.
 *
 * <p>Concurrent deliveries of one operation: the first takes a short lease on it (in the notice log) and the
 * others wait for its outcome, so that the marketplace is answered once per operation.
 *
 * <p>Order of the steps: lease the operation, answer the marketplace, write the effect
 * ({@link AzureOperationEffects}), then record the outcome in place of the lease. A failed step gives the lease
 * back and leaves the call unanswered (5xx), and the redelivery finds the operation settled (no second PATCH) and
 * finishes the effect, whose steps are idempotent; after a crash the lease runs out on its own ({@link #LEASE}).
 */
public final class ApplyAzureOperation {

    /** The notice log's source for Azure webhook operations. */
    public static final String SOURCE = "azure-webhook";
    private static final Logger LOG = LoggerFactory.getLogger(ApplyAzureOperation.class);
    /** How long one delivery holds an operation; a crashed holder's lease runs out after it. */
    static final Duration LEASE = Duration.ofSeconds(30);
    /** How long a concurrent delivery waits for the holder's outcome (the webhook must answer within 10 s). */
    static final Duration CONCURRENT_WAIT = Duration.ofSeconds(7);
    private static final Duration CONCURRENT_POLL = Duration.ofMillis(50);
    private static final int WAIT_ROUNDS = (int) (CONCURRENT_WAIT.toMillis() / CONCURRENT_POLL.toMillis()) + 2;

    /** How a call was answered. */
    public enum Outcome {
        /** The operation's effect is in our copy of the subscription (or it had none to make). */
        APPLIED,
        /** The policy declined the change: the marketplace was told so, nothing changed here. */
        DECLINED,
        /** The marketplace did not carry the operation out (it failed, or a newer one superseded it). */
        NOT_APPLIED
    }

    /** @param duplicate whether the operation had been handled before (then nothing was done now) */
    public record Result(Outcome outcome, boolean duplicate) {
    }

    private final AzureFulfillment fulfillment;
    private final AzureOperationPolicy policy;
    private final NoticeLog notices;
    private final AzureOperationEffects effects;
    private final Clock clock;
    private final Metrics metrics;

    public ApplyAzureOperation(AzureFulfillment fulfillment, AzureOperationPolicy policy,
                               SubscriptionRepository subscriptions, NoticeLog notices, AuditTrail audit,
                               MeteringStates metering, WorkspaceRelease release, Clock clock) {
        this(fulfillment, policy, subscriptions, notices, audit, metering, release, clock, Metrics.NONE);
    }

    /** @param metrics counts the webhook's calls by outcome (applied, declined, not_applied, duplicate, refused, failed) */
    public ApplyAzureOperation(AzureFulfillment fulfillment, AzureOperationPolicy policy,
                               SubscriptionRepository subscriptions, NoticeLog notices, AuditTrail audit,
                               MeteringStates metering, WorkspaceRelease release, Clock clock, Metrics metrics) {
        this.metrics = java.util.Objects.requireNonNull(metrics, "metrics");
        this.fulfillment = fulfillment;
        this.policy = policy;
        this.notices = notices;
        this.effects = new AzureOperationEffects(fulfillment, subscriptions, audit, metering, release, clock);
        this.clock = clock;
    }

    /**
     * @throws AzureOperationRefusedException when the API does not confirm the operation the call describes
     * @throws MarketplaceUnavailableException when the API could not be asked (answer so that the call comes again)
     */
    public Result receive(AzureOperationNotice notice) {
        RequestContext.subscription(notice.subscriptionId());
        String counted = "failed";
        try {
            Result result = receiveOnce(notice);
            counted = result.duplicate() ? "duplicate" : result.outcome().name().toLowerCase(java.util.Locale.ROOT);
            return result;
        } catch (AzureOperationRefusedException refused) {
            counted = "refused";
            throw refused;
        } finally {
            metrics.count(Metrics.Names.WEBHOOK_OPERATIONS, Cloud.AZURE, counted);
        }
    }

    private Result receiveOnce(AzureOperationNotice notice) {
        long waitUntil = System.nanoTime() + CONCURRENT_WAIT.toNanos();
        NoticeLog.Claim claim = null;
        for (int round = 0; round < WAIT_ROUNDS && claim == null; round++) {
            Optional<Result> handled = handledBefore(notice);
            if (handled.isPresent()) {
                return handled.get();
            }
            claim = notices.claim(SOURCE, key(notice.operationId()), clock.instant(), LEASE).orElse(null);
            if (claim == null) {
                if (System.nanoTime() - waitUntil > 0) {
                    break;
                }
                // a concurrent delivery of this operation is answering the marketplace: its outcome is ours too
                pause();
            }
        }
        if (claim == null) {
            throw new MarketplaceUnavailableException("a concurrent delivery of the operation is still at work", null);
        }
        boolean recorded = false;
        try {
            MarketplaceOperation operation = confirm(notice);
            AzureAction action = AzureAction.of(operation.action());
            Decided outcome = handle(operation, action, "webhook:" + operation.id());
            LOG.info("azure operation handled operationId={} subscriptionId={} action={} status={} outcome={}",
                    operation.id(), operation.subscriptionId(), operation.action(), operation.status(), outcome.result());
            if (outcome.settled()) {
                notices.settle(claim, clock.instant(), outcome.result().name());
                recorded = true;
            }
            return new Result(outcome.result(), false);
        } finally {
            if (!recorded) {
                abandon(claim);
            }
        }
    }

    private void abandon(NoticeLog.Claim claim) {
        try {
            notices.abandon(claim);
        } catch (RuntimeException storeTrouble) {
            // the lease runs out on its own; a redelivery waits for it at most that long
            LOG.warn("azure operation lease not given back operationId={} error={}", claim.noticeId(),
                    storeTrouble.getClass().getSimpleName());
        }
    }

    private Optional<Result> handledBefore(AzureOperationNotice notice) {
        return notices.outcome(SOURCE, key(notice.operationId())).map(first -> {
            Outcome outcome = first.isEmpty() ? Outcome.APPLIED : Outcome.valueOf(first);
            LOG.info("azure operation redelivered operationId={} subscriptionId={} action={} outcome={}",
                    notice.operationId(), notice.subscriptionId(), notice.action(), outcome);
            return new Result(outcome, true);
        });
    }

    private static void pause() {
        try {
            Thread.sleep(CONCURRENT_POLL.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new MarketplaceUnavailableException("interrupted while a concurrent delivery was at work", interrupted);
        }
    }

    private MarketplaceOperation confirm(AzureOperationNotice notice) {
        MarketplaceOperation operation;
        try {
            operation = fulfillment.operation(notice.subscriptionId(), notice.operationId());
        } catch (AzureResourceNotFoundException unknown) {
            LOG.warn("azure webhook names an unknown operation operationId={} subscriptionId={} action={}",
                    notice.operationId(), notice.subscriptionId(), notice.action());
            throw new AzureOperationRefusedException(AzureOperationRefusedException.Reason.UNKNOWN_OPERATION,
                    "the marketplace does not know the operation");
        }
        boolean same = operation.id().equalsIgnoreCase(notice.operationId())
                && operation.subscriptionId().equalsIgnoreCase(notice.subscriptionId())
                && operation.action().equalsIgnoreCase(notice.action().strip());
        if (!same) {
            LOG.warn("azure webhook differs from its operation operationId={} subscriptionId={} action={}"
                            + " confirmedSubscriptionId={} confirmedAction={}", notice.operationId(),
                    notice.subscriptionId(), notice.action(), operation.subscriptionId(), operation.action());
            throw new AzureOperationRefusedException(AzureOperationRefusedException.Reason.MISMATCH,
                    "the operation is not the one the call describes");
        }
        return operation;
    }

    private Decided handle(MarketplaceOperation operation, AzureAction action, String cause) {
        if (action == AzureAction.UNKNOWN) {
            LOG.warn("azure operation with an unknown action operationId={} action={}", operation.id(),
                    operation.action());
            return new Decided(Outcome.NOT_APPLIED, true);
        }
        MarketplaceOperation settled = operation;
        if (action.awaitsAnswer() && operation.inProgress()) {
            AzureOperationPolicy.Decision decision = policy.decide(action, operation);
            if (!decision.accepted()) {
                LOG.info("azure operation declined by policy operationId={} subscriptionId={} action={} reason={}",
                        operation.id(), operation.subscriptionId(), operation.action(), decision.reason());
                Optional<MarketplaceOperation> afterDecline = decline(operation);
                if (afterDecline.isEmpty()) {
                    // the marketplace could not be told; the 4xx answer rejects it, and a redelivery tries again
                    return new Decided(Outcome.DECLINED, false);
                }
                settled = afterDecline.get();
                if (!succeeded(settled)) {
                    return new Decided(Outcome.DECLINED, true);
                }
                LOG.warn("azure operation was accepted before it could be declined operationId={}", operation.id());
            } else {
                settled = answer(operation, OperationOutcome.SUCCESS);
            }
        }
        if (succeeded(settled)) {
            effects.apply(settled, action, cause);
            return new Decided(Outcome.APPLIED, true);
        }
        if (settled.inProgress() || "NotStarted".equalsIgnoreCase(settled.status())) {
            // not carried out yet (a notification still in progress): nothing to write, and not marked, so that a
            // later delivery of it is acted on
            return new Decided(Outcome.NOT_APPLIED, false);
        }
        return new Decided(Outcome.NOT_APPLIED, true);
    }

    /** PATCH Failure; empty when the marketplace could not be reached. */
    private Optional<MarketplaceOperation> decline(MarketplaceOperation operation) {
        try {
            return Optional.of(answer(operation, OperationOutcome.FAILURE));
        } catch (MarketplaceUnavailableException unreachable) {
            LOG.warn("azure operation decline not delivered operationId={} error={}", operation.id(),
                    unreachable.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** Answers the operation; when it was decided already (409), returns it as the API reports it now. */
    private MarketplaceOperation answer(MarketplaceOperation operation, OperationOutcome outcome) {
        try {
            fulfillment.updateOperation(operation.subscriptionId(), operation.id(), operation.planId(),
                    operation.quantity(), outcome);
            return new MarketplaceOperation(operation.id(), operation.activityId(), operation.subscriptionId(),
                    operation.offerId(), operation.planId(), operation.quantity(), operation.action(),
                    outcome == OperationOutcome.SUCCESS ? "Succeeded" : "Failed", operation.timeStamp());
        } catch (OperationSupersededException decidedAlready) {
            MarketplaceOperation now = fulfillment.operation(operation.subscriptionId(), operation.id());
            LOG.info("azure operation decided already operationId={} status={}", operation.id(), now.status());
            return now;
        }
    }

    /**
     * How an operation was answered, and whether that answer stands for every later delivery ({@code settled}:
     * written in place of the lease by {@link #receive}).
     */
    private record Decided(Outcome result, boolean settled) {
    }

    /** Operation ids are GUIDs, which the API may spell in either case. */
    private static String key(String operationId) {
        return operationId.toLowerCase(Locale.ROOT);
    }

    private static boolean succeeded(MarketplaceOperation operation) {
        return "Succeeded".equalsIgnoreCase(operation.status());
    }
}
