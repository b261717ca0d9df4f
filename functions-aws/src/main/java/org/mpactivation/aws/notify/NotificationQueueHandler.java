package org.mpactivation.aws.notify;

import org.mpactivation.config.StartupWarmup;
import org.mpactivation.aws.LambdaInvocations;
import org.mpactivation.application.CountedNotices;
import org.mpactivation.domain.Cloud;
import org.mpactivation.observability.Invocations;
import org.mpactivation.port.out.Metrics;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.crac.Core;
import org.crac.Resource;
import org.mpactivation.aws.AwsFunctions;
import org.mpactivation.aws.snapstart.AwsConnections;
import org.mpactivation.aws.snapstart.HandlerPriming;
import org.mpactivation.aws.snapstart.PrimedFunction;
import org.mpactivation.aws.snapstart.SnapStartFunctions;
import org.mpactivation.port.in.NoticeReceiver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the notification queue: legacy SNS topics and the EventBridge rule both deliver into it.
 * Each record is parsed and handed to the receiver, which applies it once. A record that is
 * malformed or that the receiver could not apply is reported in {@code batchItemFailures} (the event
 * source mapping needs {@code ReportBatchItemFailures}); the queue delivers it again and, after its
 * maxReceiveCount, moves it to the dead-letter queue. The other records of the batch are done.
 */
public final class NotificationQueueHandler implements RequestHandler<SQSEvent, SQSBatchResponse> {

    static {
        // JDK work the first request needs, started on a spare core while the handler builds itself
        StartupWarmup.begin();
    }

    private static final Logger LOG = LoggerFactory.getLogger(NotificationQueueHandler.class);

    private final NoticeReceiver receiver;
    private final AwsNoticeParser parser;
    private final Metrics metrics;
    /** Kept here: org.crac holds the hooks it calls weakly. */
    private final HandlerPriming priming;

    public NotificationQueueHandler() {
        this(System.getenv());
    }

    private NotificationQueueHandler(Map<String, String> env) {
        this(SnapStartFunctions.notices(env, AwsConnections.lambda()), AwsNoticeParser.fromEnvironment(env),
                AwsFunctions.metrics(), Core.getGlobalContext());
    }

    /** With SnapStart hooks, registered with {@code hooks} (Lambda's: the global context). */
    public NotificationQueueHandler(PrimedFunction<NoticeReceiver> function, AwsNoticeParser parser, Metrics metrics,
                                    org.crac.Context<Resource> hooks) {
        this(function.target(), parser, metrics, function.priming().register(hooks));
    }

    public NotificationQueueHandler(NoticeReceiver receiver, String productCode) {
        this(receiver, new AwsNoticeParser(productCode));
    }

    public NotificationQueueHandler(NoticeReceiver receiver, AwsNoticeParser parser) {
        this(receiver, parser, Metrics.NONE);
    }

    /** @param metrics counts the notices by outcome, and the invocation's latency */
    public NotificationQueueHandler(NoticeReceiver receiver, AwsNoticeParser parser, Metrics metrics) {
        this(receiver, parser, metrics, (HandlerPriming) null);
    }

    private NotificationQueueHandler(NoticeReceiver receiver, AwsNoticeParser parser, Metrics metrics,
                                     HandlerPriming priming) {
        this.receiver = new CountedNotices(receiver, metrics, Cloud.AWS);
        this.parser = parser;
        this.metrics = metrics;
        this.priming = priming;
    }

    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        return Invocations.run(LambdaInvocations.requestId(context), "notifications", Cloud.AWS, "queue", metrics,
                () -> handleBatch(event), response -> response.getBatchItemFailures().isEmpty() ? "ok" : "partial");
    }

    private SQSBatchResponse handleBatch(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records =
                event == null || event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage record : records) {
            if (!handle(record)) {
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    /** @return true when the record is done with (applied, seen before or ignored) */
    private boolean handle(SQSEvent.SQSMessage record) {
        String messageId = record.getMessageId();
        try {
            ParsedNotice parsed = parser.parseQueueBody(record.getBody());
            if (parsed instanceof ParsedNotice.Accepted accepted) {
                NoticeReceiver.Outcome outcome = receiver.receive(accepted.notice());
                LOG.info("notice received messageId={} noticeId={} action={} outcome={}", messageId,
                        accepted.notice().noticeId(), accepted.notice().action(), outcome);
            } else if (parsed instanceof ParsedNotice.Ignored ignored) {
                LOG.info("notice ignored messageId={} noticeId={} reason={}", messageId, ignored.noticeId(),
                        ignored.reason());
            }
            return true;
        } catch (MalformedNoticeException malformed) {
            // The body stays out of the log: the problem text is ours, the message id finds the rest.
            LOG.warn("malformed notice messageId={} problem={}", messageId, malformed.getMessage());
            return false;
        } catch (RuntimeException notApplied) {
            LOG.warn("notice not applied, will be retried messageId={}", messageId, notApplied);
            return false;
        }
    }
}
