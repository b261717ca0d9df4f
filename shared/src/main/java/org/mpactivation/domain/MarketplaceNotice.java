package org.mpactivation.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One lifecycle notification from a marketplace, as parsed from its envelope.
 *
 * @param noticeId  the delivery's own id (SNS MessageId, EventBridge event id): the dedup key
 * @param source    where it came from ({@code sns}, {@code eventbridge}, {@code azure-webhook})
 * @param detail    the marketplace's own name for what happened (for the audit trail)
 */
public record MarketplaceNotice(String noticeId, String source, LifecycleAction action, AwsSubscriptionRef aws,
                                Instant occurredAt, String detail) {

    public MarketplaceNotice {
        Objects.requireNonNull(noticeId, "noticeId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(aws, "aws");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (noticeId.isBlank() || noticeId.length() > 256) {
            throw new IllegalArgumentException("notice id must have 1 to 256 characters");
        }
        detail = detail == null ? action.name() : detail;
    }
}
