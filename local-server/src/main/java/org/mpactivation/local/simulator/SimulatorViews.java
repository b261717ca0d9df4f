package org.mpactivation.local.simulator;

import java.util.List;

/** What the simulator templates show: plain values, formatted by the pages (the templates only escape them). */
public final class SimulatorViews {

    private SimulatorViews() {
    }

    /**
     * The AWS product page.
     *
     * @param awsAccountId what was typed in the subscribe form (echoed after an error), never null
     * @param notice       a fixed text about the last action, or null
     * @param error        why the last form was refused, or null
     */
    public record ProductPage(String productCode, List<String> dimensions, String customersNamedBy,
                              String fulfillmentPath, String sellerAccountId, String productId, String offerId,
                              String subscriptionTopicArn, String entitlementTopicArn, String queueArn,
                              List<Buyer> buyers, List<Delivery> deliveries, String awsAccountId, String notice,
                              String error, List<AwsLifecycleEvent> snsEvents, List<AwsLifecycleEvent> eventBridgeEvents,
                              List<String> endedStatuses) {
    }

    /** One registration (subscription) of the product. */
    public record Buyer(String key, String customerIdentifier, String awsAccountId, String licenseArn,
                        String agreementId, boolean subscribed, boolean freeTrial, String registeredAt,
                        List<Entitlement> entitlements) {
    }

    /** An entitlement granted on the page (value and expiry as set). */
    public record Entitlement(String dimension, int value, String expires) {
    }

    /**
     * One queue delivery and what the function answered.
     *
     * @param repeatOf the number of the delivery whose body this one repeats, or null
     */
    public record Delivery(int number, String at, String customerIdentifier, String awsAccountId, String event,
                           String channel, String noticeId, String sqsMessageId, boolean accepted, String outcome,
                           String body, Integer repeatOf) {
    }

    /**
     * The page AWS shows after a successful subscription, whose button posts the token to the seller.
     *
     * @param offerType the {@code x-amzn-marketplace-offer-type} value, or null when the offer has none
     * @param returning whether the account already had this subscription (a new token for the same buyer)
     */
    public record SetupPage(String productCode, String fulfillmentPath, String token, String offerType,
                            String customerIdentifier, String awsAccountId, String licenseArn, boolean returning,
                            boolean concurrentAgreement) {
    }

    /** The usage records the simulated marketplace accepted and the calls it received. */
    public record MeteringPage(List<MeteringRow> records, List<CallCount> calls) {
    }

    public record MeteringRow(String acceptedAt, String productCode, String customerIdentifier, String awsAccountId,
                              String licenseArn, String identifiedBy, String dimension, String hour, int quantity,
                              String meteringRecordId, int allocations) {
    }

    public record CallCount(String operation, String target, long count) {
    }
}
