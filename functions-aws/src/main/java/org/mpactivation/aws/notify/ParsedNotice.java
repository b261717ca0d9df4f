package org.mpactivation.aws.notify;

import java.util.Objects;
import org.mpactivation.domain.MarketplaceNotice;

/** What a well-formed AWS notification turned out to be: a notice to apply, or one to acknowledge and drop. */
public sealed interface ParsedNotice {

    /** A lifecycle notice for our product, to hand to the receiver. */
    record Accepted(MarketplaceNotice notice) implements ParsedNotice {
        public Accepted {
            Objects.requireNonNull(notice, "notice");
        }
    }

    /**
     * A well-formed event that does not concern a subscription we can name (another product of the
     * same seller account, an agreement event without product or licence, a renewal's end).
     *
     * @param reason a fixed text of ours, safe to log
     */
    record Ignored(String noticeId, String source, String reason) implements ParsedNotice {
        public Ignored {
            Objects.requireNonNull(noticeId, "noticeId");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
