package org.mpactivation.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One buyer's walk through the activation pages after a marketplace redirect. It is bound to one
 * browser (only a hash of the browser's secret is stored), expires, and is single-use once
 * completed.
 *
 * @param billingAccountId        the Billing Center account bound in this session (registered,
 *                                bound by code, or already linked to the cloud account)
 * @param pendingBillingAccountId the account a bind code was sent to, until the code is entered
 * @param siteId                  the site chosen for workspaces created in this session
 * @param progressed              whether the buyer has entered anything yet
 * @param signedInAs              who signed in with the marketplace's identity provider in this
 *                                session ({@link BuyerIdentity#key()}; Azure requires it before the pages)
 * @param boundWorkspaceIds       the workspaces billed through the subscription when this session
 *                                completed it, for the done page (empty before completion, and for
 *                                sessions completed before this was kept)
 */
public record ActivationSession(String id, String browserKeyHash, SubscriptionId subscriptionId,
                                CloudAccountRef cloudAccount, String billingAccountId,
                                String pendingBillingAccountId, String siteId, RegistrationDraft draft,
                                boolean progressed, Instant completedAt, Instant createdAt, Instant expiresAt,
                                String signedInAs, List<String> boundWorkspaceIds, long version) {

    public ActivationSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(browserKeyHash, "browserKeyHash");
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(cloudAccount, "cloudAccount");
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        draft = draft == null ? RegistrationDraft.empty() : draft;
        boundWorkspaceIds = boundWorkspaceIds == null ? List.of() : List.copyOf(boundWorkspaceIds);
    }

    /** A session without a sign-in yet. */
    public ActivationSession(String id, String browserKeyHash, SubscriptionId subscriptionId,
                             CloudAccountRef cloudAccount, String billingAccountId, String pendingBillingAccountId,
                             String siteId, RegistrationDraft draft, boolean progressed, Instant completedAt,
                             Instant createdAt, Instant expiresAt, long version) {
        this(id, browserKeyHash, subscriptionId, cloudAccount, billingAccountId, pendingBillingAccountId, siteId,
                draft, progressed, completedAt, createdAt, expiresAt, null, List.of(), version);
    }

    /** Whether the buyer must sign in before the pages: Azure's landing page requires Entra ID. */
    public boolean needsSignIn() {
        return subscriptionId.cloud() == Cloud.AZURE && signedInAs == null;
    }

    /** The buyer signed in as this identity. */
    public ActivationSession signedIn(BuyerIdentity identity) {
        return new ActivationSession(id, browserKeyHash, subscriptionId, cloudAccount, billingAccountId,
                pendingBillingAccountId, siteId, draft, progressed, completedAt, createdAt, expiresAt, identity.key(),
                boundWorkspaceIds, version);
    }

    public boolean isCompleted() {
        return completedAt != null;
    }

    public boolean hasBillingAccount() {
        return billingAccountId != null;
    }

    public ActivationSession withDraft(RegistrationDraft newDraft) {
        return new ActivationSession(id, browserKeyHash, subscriptionId, cloudAccount, billingAccountId,
                pendingBillingAccountId, siteId, newDraft, true, completedAt, createdAt, expiresAt, signedInAs, boundWorkspaceIds, version);
    }

    /** The buyer entered something (an e-mail for a code): another browser can no longer take over. */
    public ActivationSession markProgressed() {
        return new ActivationSession(id, browserKeyHash, subscriptionId, cloudAccount, billingAccountId,
                pendingBillingAccountId, siteId, draft, true, completedAt, createdAt, expiresAt, signedInAs, boundWorkspaceIds, version);
    }

    public ActivationSession withSite(String newSiteId) {
        return new ActivationSession(id, browserKeyHash, subscriptionId, cloudAccount, billingAccountId,
                pendingBillingAccountId, newSiteId, draft, progressed, completedAt, createdAt, expiresAt, signedInAs, boundWorkspaceIds, version);
    }

    public ActivationSession withPendingBillingAccount(String accountId) {
        return new ActivationSession(id, browserKeyHash, subscriptionId, cloudAccount, billingAccountId,
                accountId, siteId, draft, true, completedAt, createdAt, expiresAt, signedInAs, boundWorkspaceIds, version);
    }

    public ActivationSession withBillingAccount(String accountId) {
        return new ActivationSession(id, browserKeyHash, subscriptionId, cloudAccount, accountId,
                null, siteId, draft, true, completedAt, createdAt, expiresAt, signedInAs, boundWorkspaceIds, version);
    }

    public ActivationSession withBrowserKeyHash(String newBrowserKeyHash) {
        return new ActivationSession(id, newBrowserKeyHash, subscriptionId, cloudAccount, billingAccountId,
                pendingBillingAccountId, siteId, draft, progressed, completedAt, createdAt, expiresAt, signedInAs, boundWorkspaceIds, version);
    }

    /** Completed at {@code at}, with the workspaces billed through the subscription then. */
    public ActivationSession completed(Instant at, List<String> workspaceIds) {
        return new ActivationSession(id, browserKeyHash, subscriptionId, cloudAccount, billingAccountId,
                null, siteId, draft, true, at, createdAt, expiresAt, signedInAs, workspaceIds, version);
    }
}
