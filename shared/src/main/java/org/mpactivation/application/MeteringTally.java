package org.mpactivation.application;

/** What one part of a metering run counted; parts are added up into the run's report. */
final class MeteringTally {
    int subscriptions;
    int sent;
    int duplicates;
    int notSubscribed;
    int flagged;
    int calls;
    int pendingLeft;
    int failed;
    boolean deadlineReached;
    /** Why the marketplace refused our access in this run (null: it did not). */
    String outage;

    void add(MeteringTally other) {
        subscriptions += other.subscriptions;
        sent += other.sent;
        duplicates += other.duplicates;
        notSubscribed += other.notSubscribed;
        flagged += other.flagged;
        calls += other.calls;
        pendingLeft += other.pendingLeft;
        failed += other.failed;
        deadlineReached |= other.deadlineReached;
        if (outage == null) {
            outage = other.outage;
        }
    }

    HourlyMetering.Report report() {
        return new HourlyMetering.Report(subscriptions, sent, duplicates, notSubscribed, flagged, calls, pendingLeft,
                failed, deadlineReached, outage);
    }
}
