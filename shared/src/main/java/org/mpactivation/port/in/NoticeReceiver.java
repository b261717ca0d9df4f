package org.mpactivation.port.in;

import org.mpactivation.domain.MarketplaceNotice;

/**
 * Takes one lifecycle notification. Applying the same notice twice, or notices in any order, ends in
 * the same state. A thrown exception means "not applied, deliver again" (the queue retries it).
 */
public interface NoticeReceiver {

    /** @return what happened: {@code APPLIED}, {@code DUPLICATE} (seen before) or {@code IGNORED} */
    Outcome receive(MarketplaceNotice notice);

    enum Outcome { APPLIED, DUPLICATE, IGNORED }
}
