package org.mpactivation.application;

import java.util.List;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.FieldErrors;
import org.mpactivation.domain.InputRules;
import org.mpactivation.domain.Site;
import org.mpactivation.domain.SiteCatalog;
import org.mpactivation.domain.Workspace;

/**
 * Step 5: the Billing Center account's workspaces, each bindable, bound here, or billed through
 * another channel; binding one after confirmation; the site for workspaces created later.
 */
public final class WorkspaceBinding {

    private final FlowContext context;
    private final SiteCatalog sites;
    private final WorkspaceRelease release;

    public WorkspaceBinding(FlowContext context, SiteCatalog sites) {
        this(context, sites, null);
    }

    /**
     * @param release finishes the release of a workspace whose channel has ended and sent its final
     *                report, in case what should have released it did not get to (null: none)
     */
    public WorkspaceBinding(FlowContext context, SiteCatalog sites, WorkspaceRelease release) {
        this.context = context;
        this.sites = sites;
        this.release = release;
    }

    public enum State { BINDABLE, BOUND_HERE, OTHER_CHANNEL }

    public record Row(Workspace workspace, State state) {
    }

    public List<Row> overview(ActivationSession session) {
        String billingAccountId = requireBillingAccount(session);
        List<Workspace> workspaces = context.workspaces().ofBillingAccount(billingAccountId);
        if (release != null && releaseEnded(workspaces, session)) {
            workspaces = context.workspaces().ofBillingAccount(billingAccountId);
        }
        return workspaces.stream()
                .map(w -> new Row(w, w.isBilledThrough(session.subscriptionId()) ? State.BOUND_HERE
                        : w.isBindable() ? State.BINDABLE : State.OTHER_CHANNEL))
                .toList();
    }

    /** Releases what ended channels still hold (idempotent); true if any workspace was released now. */
    private boolean releaseEnded(List<Workspace> workspaces, ActivationSession session) {
        boolean released = false;
        for (Workspace workspace : workspaces) {
            if (workspace.billingChannel() != null && !workspace.isBilledThrough(session.subscriptionId())) {
                released |= release.release(workspace.billingChannel(), "binding:repair") > 0;
            }
        }
        return released;
    }

    /** A workspace of this session's Billing Center account, for the confirmation page. */
    public Workspace workspaceToBind(ActivationSession session, String workspaceId) {
        String billingAccountId = requireBillingAccount(session);
        if (workspaceId == null || workspaceId.length() > 64 || !context.workspaces().belongsTo(billingAccountId, workspaceId)) {
            throw new ActivationConflictException("error.workspace.unknown");
        }
        return context.workspaces().find(workspaceId)
                .orElseThrow(() -> new ActivationConflictException("error.workspace.unknown"));
    }

    /**
     * Binds the workspace to the session's subscription. Every check that can refuse the step comes
     * before its first write, so a refused bind changes nothing.
     */
    public Workspace bind(ActivationSession session, String workspaceId) {
        Workspace workspace = workspaceToBind(session, workspaceId);
        if (!workspace.isBindable() && !workspace.isBilledThrough(session.subscriptionId())) {
            // refused before anything is written: it is billed through another channel, of either cloud
            throw SubscriptionBinding.otherChannel(workspace, session.subscriptionId());
        }
        context.binding().claim(session.subscriptionId(), session.billingAccountId());
        Workspace bound = context.binding().bindWorkspace(workspace.id(), session.subscriptionId());
        if (!session.progressed()) {
            // a session that arrived already linked: from now on another browser cannot take it over
            context.sessionUpdates().apply(session, ActivationSession::markProgressed);
        }
        return bound;
    }

    public ActivationSession chooseSite(ActivationSession session, String siteId) {
        FieldErrors errors = new FieldErrors();
        Site site = InputRules.site(siteId, sites, "site", errors);
        errors.throwIfAny();
        return context.sessionUpdates().apply(session, current -> current.withSite(site.id()));
    }

    /** The session's Billing Center account; without one the buyer goes back to the start. */
    public static String requireBillingAccount(ActivationSession session) {
        if (!session.hasBillingAccount()) {
            throw new FlowStepException("start");
        }
        return session.billingAccountId();
    }
}
