package org.mpactivation.aws.notify;

import java.net.URI;

/** Confirms an SNS subscription by visiting its {@code SubscribeURL}. Only ever called for a verified message. */
@FunctionalInterface
public interface SubscriptionConfirmer {

    /** @throws RuntimeException when SNS did not accept the confirmation (the handler answers 500 so SNS retries) */
    void confirm(URI subscribeUrl);
}
