package org.mpactivation.application;

import java.util.List;
import java.util.Optional;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.SubscriptionStatus;
import org.mpactivation.domain.Workspace;
import org.mpactivation.repository.ReadPlan;

/**
 * Step 6: with at least one workspace bound, the buyer confirms; the subscription becomes active
 * (billing of the bound workspaces now goes through the cloud account) and the session is done.
 */
public final class ActivationCompletion {

    private final FlowContext context;

    public ActivationCompletion(FlowContext context) {
        this.context = context;
    }

    public ActivationSession complete(ActivationSession session) {
        String billingAccountId = WorkspaceBinding.requireBillingAccount(session);
        List<String> bound = boundWorkspaces(session).stream().map(Workspace::id).toList();
        if (bound.isEmpty()) {
            throw new ActivationConflictException("error.workspace.noneBound");
        }
        context.binding().activate(session.subscriptionId(), billingAccountId,
                "session:" + VerificationCodes.shortId(session.id()));
        context.accounts().linkCloudAccount(session.cloudAccount(), billingAccountId, context.clock().instant());
        return context.sessionUpdates().apply(session,
                current -> current.isCompleted() ? current : current.completed(context.clock().instant(), bound));
    }

    /**
     * What the done page reads besides the session and the subscription's list: the workspace that a
     * registration in this session creates (its id derives from the session), read with the session.
     * For a session that bound other workspaces it is absent, and they are read after the list.
     */
    public ReadPlan doneReads(String sessionId) {
        return new ReadPlan().workspace(context.sagaIds().id(sessionId, "register-workspace"));
    }

    /**
     * The workspaces billed through this session's subscription. A completed session kept the list it
     * completed with, so the done page reads those workspaces (a registration's one was read with the
     * session) and no longer lists the subscription's links; a workspace released since drops out.
     */
    public List<Workspace> boundWorkspaces(ActivationSession session) {
        List<String> ids = session.isCompleted() && !session.boundWorkspaceIds().isEmpty()
                ? session.boundWorkspaceIds() : context.subscriptions().workspaceIds(session.subscriptionId());
        return ids.stream()
                .map(id -> context.workspaces().find(id))
                .flatMap(Optional::stream)
                .filter(w -> w.isBilledThrough(session.subscriptionId()))
                .toList();
    }

    /** True when the subscription is already active for this session's Billing Center account. */
    public boolean isActivated(ActivationSession session) {
        // a completed session needs no read: it is completed only after its subscription became active
        return session.isCompleted() || context.subscriptions().find(session.subscriptionId())
                .filter(s -> s.status() == SubscriptionStatus.ACTIVE).isPresent();
    }
}
