package org.mpactivation.aws.notify;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.mpactivation.domain.MarketplaceNotice;
import org.mpactivation.port.in.NoticeReceiver;

/** Records what it is given; answers DUPLICATE for a notice id it has seen; fails on request. */
final class FakeNoticeReceiver implements NoticeReceiver {

    final List<MarketplaceNotice> received = new ArrayList<>();
    final List<Outcome> outcomes = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();
    private final Set<String> failing = new HashSet<>();

    FakeNoticeReceiver failOn(String noticeId) {
        failing.add(noticeId);
        return this;
    }

    @Override
    public Outcome receive(MarketplaceNotice notice) {
        received.add(notice);
        if (failing.contains(notice.noticeId())) {
            throw new IllegalStateException("store unavailable");
        }
        Outcome outcome = seen.add(notice.source() + "/" + notice.noticeId()) ? Outcome.APPLIED : Outcome.DUPLICATE;
        outcomes.add(outcome);
        return outcome;
    }
}
