package org.mpactivation.local.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.mpactivation.local.simulator.AzureWebhookSender.Answer;
import org.mpactivation.simulator.azure.AzureMarketplaceSimulator;
import org.mpactivation.simulator.azure.MarketplaceOperation;
import org.mpactivation.simulator.azure.OperationAction;
import org.mpactivation.simulator.azure.OperationStatus;
import org.mpactivation.simulator.azure.SubscriptionStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The marketplace side of a lifecycle change: starts the operation in the simulator as Azure does when the
 * buyer acts (or payment fails), posts its webhook, and settles an operation that waits for the publisher
 * the way Azure reads the answer (2xx accepts, 4xx rejects, unless the publisher already PATCHed it). Keeps
 * the latest deliveries, each redeliverable with the same body and operation id.
 */
final class AzureWebhookDeliveries {

    static final int KEPT_DELIVERIES = 50;
    private static final Logger LOG = LoggerFactory.getLogger(AzureWebhookDeliveries.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One webhook post and its outcome.
     *
     * @param operationAfter    the operation's status in the simulator once the answer was applied
     * @param subscriptionAfter the subscription's status then
     * @param repeatOf          the number of the delivery this one repeats, or null
     */
    record Delivery(int number, Instant at, OperationAction action, String operationId, String subscriptionId,
                    byte[] body, Answer answer, OperationStatus operationAfter, SubscriptionStatus subscriptionAfter,
                    Integer repeatOf) {
    }

    /** A change the marketplace refuses to start (unknown plan, a state that does not allow it). */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    private final AzureMarketplaceSimulator simulator;
    private final AzureWebhookSender sender;
    private final Clock clock;
    /** Newest first. Guarded by {@code this}. */
    private final Deque<Delivery> deliveries = new ArrayDeque<>();
    private int count;

    AzureWebhookDeliveries(AzureMarketplaceSimulator simulator, AzureWebhookSender sender, Clock clock) {
        this.simulator = Objects.requireNonNull(simulator, "simulator");
        this.sender = Objects.requireNonNull(sender, "sender");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Starts the operation and posts its webhook.
     *
     * @param planId   the new plan of a ChangePlan (else ignored)
     * @param quantity the new seat count of a ChangeQuantity (else ignored)
     * @throws Refused when the marketplace would not start it now
     */
    Delivery fire(String subscriptionId, OperationAction action, String planId, Integer quantity) {
        MarketplaceOperation operation;
        try {
            operation = switch (action) {
                case ChangePlan -> simulator.changePlan(subscriptionId, planId);
                case ChangeQuantity -> simulator.changeQuantity(subscriptionId, quantity);
                case Suspend -> simulator.suspend(subscriptionId);
                case Reinstate -> simulator.reinstate(subscriptionId);
                case Renew -> simulator.renew(subscriptionId);
                case Unsubscribe -> simulator.unsubscribe(subscriptionId);
            };
        } catch (IllegalStateException | IllegalArgumentException notNow) {
            throw new Refused(notNow.getMessage());
        }
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(simulator.webhookPayload(operation.id()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the webhook body cannot be written", e);
        }
        return deliver(operation, body, null);
    }

    /** Posts a kept delivery's body again: the same operation id, as Azure's redeliveries carry. */
    Optional<Delivery> redeliver(int number) {
        Delivery original;
        synchronized (this) {
            original = deliveries.stream().filter(d -> d.number() == number).findFirst().orElse(null);
        }
        if (original == null) {
            return Optional.empty();
        }
        MarketplaceOperation operation = simulator.operation(original.operationId()).orElseThrow();
        return Optional.of(deliver(operation, original.body(), original.number()));
    }

    synchronized List<Delivery> newestFirst() {
        return List.copyOf(deliveries);
    }

    private Delivery deliver(MarketplaceOperation operation, byte[] body, Integer repeatOf) {
        Answer answer = sender.post(body);
        settle(operation.id(), answer);
        MarketplaceOperation after = simulator.operation(operation.id()).orElseThrow();
        SubscriptionStatus subscriptionAfter = simulator.subscription(operation.subscriptionId()).status();
        LOG.info("simulated Azure webhook delivered action={} operationId={} answer={} operationStatus={}",
                operation.action(), operation.id(), answer.status(), after.status());
        synchronized (this) {
            Delivery delivery = new Delivery(++count, clock.instant(), operation.action(), operation.id(),
                    operation.subscriptionId(), body, answer, after.status(), subscriptionAfter, repeatOf);
            deliveries.addFirst(delivery);
            while (deliveries.size() > KEPT_DELIVERIES) {
                deliveries.removeLast();
            }
            return delivery;
        }
    }

    /**
     * What Azure makes of the answer to an operation still waiting for the publisher. No answer (or a 5xx)
     * decides nothing: Azure would post again, which the Redeliver button does here.
     */
    private void settle(String operationId, Answer answer) {
        boolean waiting = simulator.operation(operationId).map(op -> op.status() == OperationStatus.InProgress)
                .orElse(false);
        if (!waiting || !(answer.success() || answer.refusal())) {
            return;
        }
        try {
            simulator.settleOperation(operationId, answer.success());
        } catch (RuntimeException settledMeanwhile) {
            // the publisher PATCHed the operation between our reading and settling it: its answer stands
            LOG.debug("operation settled by the publisher meanwhile operationId={}", operationId);
        }
    }
}
