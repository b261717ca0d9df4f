package org.mpactivation.aws.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.mpactivation.domain.LifecycleAction;
import org.mpactivation.domain.MarketplaceNotice;
import org.mpactivation.port.in.NoticeReceiver.Outcome;

class NotificationQueueHandlerTest {

    private final FakeNoticeReceiver receiver = new FakeNoticeReceiver();
    private final NotificationQueueHandler handler = new NotificationQueueHandler(receiver, QueueEvents.PRODUCT_CODE);

    @ParameterizedTest
    @CsvSource({
        "sqs-sns-subscribe-success.json,   SUBSCRIBED,           subscribe-success",
        "sqs-sns-subscribe-fail.json,      FAILED,               subscribe-fail",
        "sqs-sns-unsubscribe-pending.json, ENDING,               unsubscribe-pending",
        "sqs-sns-unsubscribe-success.json, ENDED,                unsubscribe-success",
        "sqs-sns-entitlement-updated.json, ENTITLEMENTS_CHANGED, entitlement-updated",
    })
    void givenSnsNotificationOnTheQueue_thenReceiverGetsItsLifecycleAction(String file, LifecycleAction action,
                                                                           String snsAction) {
        SQSEvent event = QueueEvents.load(file);
        JsonNode envelope = QueueEvents.body(event.getRecords().get(0));

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(1, receiver.received.size());
        MarketplaceNotice notice = receiver.received.get(0);
        assertEquals(envelope.get("MessageId").asText(), notice.noticeId());
        assertEquals("sns", notice.source());
        assertEquals(action, notice.action());
        assertEquals(snsAction, notice.detail());
        assertEquals(Instant.parse(envelope.get("Timestamp").asText()), notice.occurredAt());
        assertEquals(QueueEvents.PRODUCT_CODE, notice.aws().productCode());
        assertEquals("QvT3p8xLm2a", notice.aws().customerIdentifier());
        assertNull(notice.aws().licenseArn());
        assertNull(notice.aws().customerAwsAccountId());
    }

    @ParameterizedTest
    @CsvSource({
        "sqs-eb-license-updated-manufacturer.json,       ENTITLEMENTS_CHANGED, License Updated - Manufacturer",
        "sqs-eb-license-deprovisioned-manufacturer.json, ENDED,                License Deprovisioned - Manufacturer",
    })
    void givenLicenceEventOnTheQueue_thenReceiverGetsLicenceAndAcceptor(String file, LifecycleAction action,
                                                                        String detailType) {
        SQSEvent event = QueueEvents.load(file);
        JsonNode body = QueueEvents.body(event.getRecords().get(0));

        SQSBatchResponse response = handler.handleRequest(event, null);

        assertTrue(response.getBatchItemFailures().isEmpty());
        MarketplaceNotice notice = receiver.received.get(0);
        assertEquals(body.get("id").asText(), notice.noticeId());
        assertEquals("eventbridge", notice.source());
        assertEquals(action, notice.action());
        assertEquals(detailType, notice.detail());
        assertEquals(Instant.parse(body.get("time").asText()), notice.occurredAt());
        assertEquals(QueueEvents.PRODUCT_CODE, notice.aws().productCode());
        assertEquals(QueueEvents.LICENSE_ARN, notice.aws().licenseArn());
        assertEquals(QueueEvents.BUYER_ACCOUNT, notice.aws().customerAwsAccountId());
        assertNull(notice.aws().customerIdentifier());
    }

    /**
     * AWS's agreement events name the agreement and the buyer, but no product and no licence: they
     * reach the receiver by agreement id (which the licence events link to the licence).
     */
    @ParameterizedTest
    @ValueSource(strings = {
        "sqs-eb-purchase-agreement-created-proposer.json",
        "sqs-eb-purchase-agreement-created-manufacturer.json",
        "sqs-eb-purchase-agreement-amended-proposer.json",
        "sqs-eb-purchase-agreement-amended-manufacturer.json",
        "sqs-eb-purchase-agreement-ended-proposer.json",
        "sqs-eb-purchase-agreement-ended-manufacturer.json",
    })
    void givenAgreementEventWithoutProductOrLicence_thenPassedOnByAgreementId(String file) {
        SQSBatchResponse response = handler.handleRequest(QueueEvents.load(file), null);

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertEquals(1, receiver.received.size());
        assertNotNull(receiver.received.get(0).aws().agreementId());
        assertNull(receiver.received.get(0).aws().productCode());
        assertNull(receiver.received.get(0).aws().licenseArn());
    }

    @Test
    void givenLicenceEventForAnotherProductOfTheSeller_thenAcknowledgedAndNotApplied() {
        SQSBatchResponse response = handler.handleRequest(
                QueueEvents.load("sqs-eb-license-updated-other-product.json"), null);

        assertTrue(response.getBatchItemFailures().isEmpty());
        assertTrue(receiver.received.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sqs-bad-garbage-body.json",
        "sqs-bad-wrong-topic.json",
        "sqs-bad-unknown-action.json",
        "sqs-bad-product-mismatch.json",
        "sqs-bad-unknown-detail-type.json",
    })
    void givenMalformedMessage_thenItIsABatchItemFailureAndNothingIsApplied(String file) {
        SQSEvent.SQSMessage record = QueueEvents.onlyRecord(file);

        SQSBatchResponse response = handler.handleRequest(QueueEvents.load(file), null);

        assertEquals(List.of(record.getMessageId()), failedIds(response));
        assertTrue(receiver.received.isEmpty());
    }

    @Test
    void givenMixedBatch_thenOnlyTheBadRecordsFail_andTheDuplicateReachesTheReceiverWithTheSameNoticeId() {
        SQSEvent batch = QueueEvents.load("sqs-batch-mixed.json");
        List<SQSEvent.SQSMessage> records = batch.getRecords();
        String duplicateSnsId = QueueEvents.body(records.get(0)).get("MessageId").asText();

        SQSBatchResponse response = handler.handleRequest(batch, null);

        // garbage body and a topic of another product fail; an EventBridge event of another product is ignored
        assertEquals(List.of(records.get(1).getMessageId(), records.get(3).getMessageId()), failedIds(response));
        assertEquals(3, receiver.received.size());
        assertEquals(duplicateSnsId, receiver.received.get(0).noticeId());
        assertEquals(LifecycleAction.ENTITLEMENTS_CHANGED, receiver.received.get(1).action());
        assertEquals(duplicateSnsId, receiver.received.get(2).noticeId());
        assertEquals("Hn5wR1kZc7d", receiver.received.get(2).aws().customerIdentifier());
        assertEquals(List.of(Outcome.APPLIED, Outcome.APPLIED, Outcome.DUPLICATE), receiver.outcomes);
    }

    @Test
    void givenReceiverFailsOnOneNotice_thenOnlyThatRecordIsRetried() {
        SQSEvent batch = QueueEvents.load("sqs-batch-mixed.json");
        List<SQSEvent.SQSMessage> records = batch.getRecords();
        String licenceEventId = QueueEvents.body(records.get(2)).get("id").asText();
        receiver.failOn(licenceEventId);

        SQSBatchResponse response = handler.handleRequest(batch, null);

        assertEquals(List.of(records.get(1).getMessageId(), records.get(2).getMessageId(),
                records.get(3).getMessageId()), failedIds(response));
        assertEquals(List.of(Outcome.APPLIED, Outcome.DUPLICATE), receiver.outcomes);
    }

    @Test
    void givenEmptyEvent_thenNothingFails() {
        assertTrue(handler.handleRequest(new SQSEvent(), null).getBatchItemFailures().isEmpty());
        assertTrue(handler.handleRequest(null, null).getBatchItemFailures().isEmpty());
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .toList();
    }
}
