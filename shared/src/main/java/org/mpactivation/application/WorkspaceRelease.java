package org.mpactivation.application;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.MeteringState;
import org.mpactivation.domain.SubscriptionId;
import org.mpactivation.domain.Workspace;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.ConflictRetries;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.WorkspaceRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the workspaces of an ended subscription back to their Billing Center account, so that its
 * next subscription, on either cloud, can bind them. A subscription releases only when both have
 * happened, in either order: the marketplace ended it (unsubscribe-success, agreement ended, licence
 * deprovisioned) and its metering stopped (the final report settled, or it was never metered). The
 * notice and the metering run both ask; whichever comes second releases.
 *
 * <p>Per workspace still billed through the subscription, a saga of idempotent single-item writes:
 * the release time on the subscription's link to the workspace (kept as history), then the
 * workspace's channel cleared with a conditional write, then the audit entry keyed by that time. A
 * crash anywhere is finished by the next call.
 */
public final class WorkspaceRelease {

    private static final Logger LOG = LoggerFactory.getLogger(WorkspaceRelease.class);

    private final SubscriptionRepository subscriptions;
    private final WorkspaceRepository workspaces;
    private final MeteringStates metering;
    private final AuditTrail audit;
    private final Clock clock;

    public WorkspaceRelease(SubscriptionRepository subscriptions, WorkspaceRepository workspaces,
                            MeteringStates metering, AuditTrail audit, Clock clock) {
        this.subscriptions = subscriptions;
        this.workspaces = workspaces;
        this.metering = metering;
        this.audit = audit;
        this.clock = clock;
    }

    /** Releases after the final report of an ended subscription (see the class comment). */
    public int release(SubscriptionId id) {
        return release(id, "final-report");
    }

    /**
     * @param cause what asked for the release, for the audit trail
     * @return how many workspaces this call released (0 when it is not time yet, or all were released before)
     */
    public int release(SubscriptionId id, String cause) {
        Optional<MarketplaceSubscription> subscription = subscriptions.find(id);
        if (subscription.isEmpty() || !subscription.get().isOver()) {
            return 0;
        }
        Optional<MeteringState> state = metering.find(id);
        if (state.isPresent() && !state.get().stopped()) {
            return 0;
        }
        // the hours before this went out through this subscription; a channel bound later starts here
        Instant billedUntil = state.map(MeteringState::meteredThrough).orElse(null);
        int released = 0;
        for (SubscriptionRepository.WorkspaceLink link : subscriptions.workspaceLinks(id)) {
            Optional<Workspace> workspace = workspaces.find(link.workspaceId());
            boolean billedHere = workspace.filter(w -> w.isBilledThrough(id)).isPresent();
            if (!billedHere && link.releasedAt() == null) {
                continue;
            }
            Instant at = link.releasedAt() != null ? link.releasedAt()
                    : subscriptions.markReleased(id, link.workspaceId(), clock.instant());
            if (billedHere && clearChannel(id, link.workspaceId(), billedUntil)) {
                released++;
                LOG.info("workspace released subscription={} workspace={} billedUntil={}", id, link.workspaceId(),
                        billedUntil);
            }
            audit.recordRelease(id, link.workspaceId(), at, cause);
        }
        return released;
    }

    /** @return true if this call cleared the channel, false if it was cleared already */
    private boolean clearChannel(SubscriptionId id, String workspaceId, Instant billedUntil) {
        ConflictRetries retries = ConflictRetries.of("release of " + workspaceId);
        while (retries.next()) {
            Optional<Workspace> workspace = workspaces.find(workspaceId).filter(w -> w.isBilledThrough(id));
            if (workspace.isEmpty()) {
                return false;
            }
            try {
                workspaces.save(workspace.get().released(billedUntil));
                return true;
            } catch (ConditionFailedException concurrent) {
                // changed meanwhile: read again
            }
        }
        throw retries.exhausted();
    }
}
