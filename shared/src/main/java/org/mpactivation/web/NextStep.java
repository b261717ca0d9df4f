package org.mpactivation.web;

import org.mpactivation.application.ActivationCompletion;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.RegistrationDraft;

/**
 * The page a session goes on at: where {@code /activate} sends the browser, and where the fulfillment URL
 * sends it at once (a hop, and its session read, fewer on every arrival). A buyer who comes back (the
 * marketplace link opened again) resumes at the step they reached.
 */
public final class NextStep {

    private final ActivationCompletion completion;

    public NextStep(ActivationCompletion completion) {
        this.completion = completion;
    }

    public String after(ActivationSession session) {
        if (session.hasBillingAccount() && completion.isActivated(session)) {
            return "/activate/done";
        }
        if (session.hasBillingAccount()) {
            return "/activate/workspaces";
        }
        RegistrationDraft draft = session.draft();
        if (draft.company() != null) {
            return "/activate/register/workspace";
        }
        if (draft.basicInfoComplete()) {
            return "/activate/register/company";
        }
        return session.pendingBillingAccountId() != null ? "/activate/bind" : "/activate/start";
    }
}
