package org.mpactivation.local.simulator;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.mpactivation.aws.notify.NotificationQueueHandler;

/**
 * Where the simulated marketplace's notifications go: the notification queue's function, invoked as the
 * SQS event source mapping would invoke it (one record per event), answering which records failed.
 */
@FunctionalInterface
public interface NotificationDelivery {

    /** Delivers one queue event; the answer's {@code batchItemFailures} name the records not done with. */
    SQSBatchResponse deliver(SQSEvent event);

    /** Straight into the queue function (no Lambda context: the handler does not use one). */
    static NotificationDelivery to(NotificationQueueHandler handler) {
        Objects.requireNonNull(handler, "handler");
        return event -> handler.handleRequest(event, null);
    }

    /** To a consumer (a test's capture, an asynchronous queue): every record counts as done with. */
    static NotificationDelivery accepting(Consumer<SQSEvent> consumer) {
        Objects.requireNonNull(consumer, "consumer");
        return event -> {
            consumer.accept(event);
            return new SQSBatchResponse(List.of());
        };
    }
}
