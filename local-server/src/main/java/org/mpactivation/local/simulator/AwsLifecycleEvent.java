package org.mpactivation.local.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The lifecycle notifications the simulated AWS Marketplace can send about one buyer: the legacy SNS
 * messages (subscription and entitlement topics) and the EventBridge agreement and licence events, with
 * what the marketplace itself does to the subscription when it sends them.
 */
public enum AwsLifecycleEvent {

    SUBSCRIBE_SUCCESS("subscribe-success", Channel.SNS_SUBSCRIPTION, Effect.SUBSCRIBE,
            "The purchase went through: the buyer can be metered."),
    SUBSCRIBE_FAIL("subscribe-fail", Channel.SNS_SUBSCRIPTION, Effect.UNSUBSCRIBE,
            "The purchase failed (for example the payment): metering answers CustomerNotSubscribed."),
    UNSUBSCRIBE_PENDING("unsubscribe-pending", Channel.SNS_SUBSCRIPTION, Effect.NONE,
            "The buyer cancelled: one hour remains to send the last usage."),
    UNSUBSCRIBE_SUCCESS("unsubscribe-success", Channel.SNS_SUBSCRIPTION, Effect.UNSUBSCRIBE,
            "The subscription is over: metering answers CustomerNotSubscribed."),
    ENTITLEMENT_UPDATED("entitlement-updated", Channel.SNS_ENTITLEMENT, Effect.NONE,
            "The buyer's entitlements changed (contract upgrade, renewal, expiry): read them again."),
    AGREEMENT_CREATED("Purchase Agreement Created - Proposer", Channel.EVENTBRIDGE, Effect.SUBSCRIBE,
            "A new agreement (intent NEW) for the buyer's account."),
    AGREEMENT_AMENDED("Purchase Agreement Amended - Proposer", Channel.EVENTBRIDGE, Effect.NONE,
            "The agreement's terms changed."),
    AGREEMENT_ENDED("Purchase Agreement Ended - Proposer", Channel.EVENTBRIDGE, Effect.NONE,
            "The agreement ended with the status chosen (RENEWED and REPLACED mean a successor exists)."),
    LICENSE_UPDATED("License Updated - Manufacturer", Channel.EVENTBRIDGE, Effect.NONE,
            "The licence's entitlements changed."),
    LICENSE_DEPROVISIONED("License Deprovisioned - Manufacturer", Channel.EVENTBRIDGE, Effect.UNSUBSCRIBE,
            "The licence is revoked: metering answers CustomerNotSubscribed.");

    /** How AWS sends the notification. */
    public enum Channel {
        /** SNS topic {@code aws-mp-subscription-notification-<productCode>}, subscribed by the queue. */
        SNS_SUBSCRIPTION,
        /** SNS topic {@code aws-mp-entitlement-notification-<productCode>}, subscribed by the queue. */
        SNS_ENTITLEMENT,
        /** An event on the default bus (us-east-1) that a rule targets at the queue. */
        EVENTBRIDGE
    }

    /** What the marketplace does to the subscription before it notifies. */
    public enum Effect { NONE, SUBSCRIBE, UNSUBSCRIBE }

    /** Agreement statuses a Purchase Agreement Ended event can carry. */
    public static final List<String> ENDED_STATUSES = List.of("CANCELLED", "EXPIRED", "TERMINATED", "RENEWED", "REPLACED");

    private final String wireName;
    private final Channel channel;
    private final Effect effect;
    private final String meaning;

    AwsLifecycleEvent(String wireName, Channel channel, Effect effect, String meaning) {
        this.wireName = wireName;
        this.channel = channel;
        this.effect = effect;
        this.meaning = meaning;
    }

    /** The SNS {@code action} or the EventBridge {@code detail-type}. */
    public String wireName() {
        return wireName;
    }

    public Channel channel() {
        return channel;
    }

    public boolean isSns() {
        return channel != Channel.EVENTBRIDGE;
    }

    public Effect effect() {
        return effect;
    }

    /** One sentence for the page. */
    public String meaning() {
        return meaning;
    }

    /** The value of the button that fires it: the enum name in lower case with hyphens. */
    public String formValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The button text: the SNS action, or the detail type without its role suffix. */
    public String label() {
        int suffix = wireName.indexOf(" - ");
        return suffix < 0 ? wireName : wireName.substring(0, suffix);
    }

    public static Optional<AwsLifecycleEvent> fromFormValue(String value) {
        return Arrays.stream(values()).filter(event -> event.formValue().equals(value)).findFirst();
    }

    public static List<AwsLifecycleEvent> sns() {
        return Arrays.stream(values()).filter(AwsLifecycleEvent::isSns).toList();
    }

    public static List<AwsLifecycleEvent> eventBridge() {
        return Arrays.stream(values()).filter(event -> !event.isSns()).toList();
    }
}
