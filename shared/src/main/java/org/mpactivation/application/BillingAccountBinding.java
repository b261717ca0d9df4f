package org.mpactivation.application;

import java.util.Locale;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.BillingAccount;
import org.mpactivation.domain.FieldErrors;
import org.mpactivation.domain.InputRules;
import org.mpactivation.domain.InvalidInputException;

/**
 * Step 4, an existing Billing Center account: the buyer gives its username, a code goes to its
 * e-mail (shown masked), and entering the code binds the account to the paying cloud account.
 */
public final class BillingAccountBinding {

    private final FlowContext context;

    public BillingAccountBinding(FlowContext context) {
        this.context = context;
    }

    /** @return the masked e-mail address the code went to */
    public String sendCode(ActivationSession session, String rawUsername, Locale locale) {
        FieldErrors errors = new FieldErrors();
        String username = InputRules.username(rawUsername, "username", errors);
        errors.throwIfAny();
        BillingAccount account = context.accounts().findBillingAccountByUsername(username)
                .orElseThrow(() -> InvalidInputException.of("username", "error.billingAccount.unknown"));
        context.codes().send(session.id(), CodePurpose.BIND_BILLING_ACCOUNT, account.email(), locale);
        context.sessionUpdates().apply(session, current -> current.withPendingBillingAccount(account.id()));
        return InputRules.maskEmail(account.email());
    }

    /** The masked address of the account a code was sent to, if any. */
    public String pendingMaskedEmail(ActivationSession session) {
        if (session.pendingBillingAccountId() == null) {
            return null;
        }
        return context.accounts().findBillingAccount(session.pendingBillingAccountId())
                .map(account -> InputRules.maskEmail(account.email())).orElse(null);
    }

    public ActivationSession confirm(ActivationSession session, String rawCode) {
        FieldErrors errors = new FieldErrors();
        String code = InputRules.code(rawCode, "code", errors);
        errors.throwIfAny();
        String accountId = session.pendingBillingAccountId();
        BillingAccount account = accountId == null ? null : context.accounts().findBillingAccount(accountId).orElse(null);
        if (account == null) {
            throw InvalidInputException.of("username", "error.code.notRequested");
        }
        context.codes().verify(session.id(), CodePurpose.BIND_BILLING_ACCOUNT, account.email(), code);
        context.accounts().linkCloudAccount(session.cloudAccount(), account.id(), context.clock().instant());
        return context.sessionUpdates().apply(session, current -> current.withBillingAccount(account.id()));
    }
}
