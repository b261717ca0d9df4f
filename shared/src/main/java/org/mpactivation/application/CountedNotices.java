package org.mpactivation.application;

import java.util.Locale;
import java.util.Objects;
import org.mpactivation.domain.Cloud;
import org.mpactivation.domain.MarketplaceNotice;
import org.mpactivation.port.in.NoticeReceiver;
import org.mpactivation.port.out.Metrics;

/** Counts the lifecycle notifications a receiver handles, by outcome (applied, duplicate, ignored, failed). */
public final class CountedNotices implements NoticeReceiver {

    private final NoticeReceiver receiver;
    private final Metrics metrics;
    private final Cloud cloud;

    public CountedNotices(NoticeReceiver receiver, Metrics metrics, Cloud cloud) {
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.cloud = cloud;
    }

    @Override
    public Outcome receive(MarketplaceNotice notice) {
        String counted = "failed";
        try {
            Outcome outcome = receiver.receive(notice);
            counted = outcome.name().toLowerCase(Locale.ROOT);
            return outcome;
        } finally {
            metrics.count(Metrics.Names.NOTIFICATIONS, cloud, counted);
        }
    }
}
