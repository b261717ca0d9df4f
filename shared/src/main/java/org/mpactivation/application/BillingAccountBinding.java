package org.mpactivation.application;

import java.util.Locale;
import java.util.Optional;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.BillingAccount;
import org.mpactivation.domain.FieldErrors;
import org.mpactivation.domain.InputRules;
import org.mpactivation.domain.InvalidInputException;

/**
 * Step 4, an existing Billing Center account: the buyer gives its username, a code goes to its
 * e-mail, and entering the code binds the account to the paying cloud account.
 *
 * <p>The answer never tells whether the username exists: for a name without an account the same
 * reads are made, a code is made, stored and counted against the same limits (it is mailed to no
 * one), and entering any code is "wrong" exactly as for an account. So the page names the username
 * typed, not the account's masked address, which would prove the account exists.
 */
public final class BillingAccountBinding {

    private final FlowContext context;

    public BillingAccountBinding(FlowContext context) {
        this.context = context;
    }

    /** Sends the code for a client whose network address is not known. */
    public String sendCode(ActivationSession session, String rawUsername, Locale locale) {
        return sendCode(session, rawUsername, locale, ClientNetwork.UNKNOWN);
    }

    /**
     * Sends a code to the e-mail address of the account {@code rawUsername} names, if there is one.
     *
     * @param client the network address of the client asking (for the per-client limit)
     * @return the username as typed and checked, for the page
     * @throws CodeLimitException on the username field when a limit is reached
     */
    public String sendCode(ActivationSession session, String rawUsername, Locale locale, String client) {
        FieldErrors errors = new FieldErrors();
        String username = InputRules.username(rawUsername, "username", errors);
        errors.throwIfAny();
        Optional<BillingAccount> account = context.accounts().findBillingAccountByUsername(username);
        String target = account.map(BillingAccount::id).orElseGet(() -> unknownAccountId(username));
        if (account.isEmpty()) {
            // the second read a known name costs: the answer takes the same store work either way
            context.accounts().findBillingAccount(target);
        }
        CodeRequest request = CodeRequest.to(session.id(), CodePurpose.BIND_BILLING_ACCOUNT,
                account.map(BillingAccount::email).orElseGet(() -> unknownAccountAddress(target)), client)
                .forAccount(limitSubject(target));
        try {
            context.codes().send(account.isPresent() ? request : request.undelivered(), locale);
        } catch (CodeLimitException e) {
            throw e.at("username");
        }
        context.sessionUpdates().apply(session, current -> current.withPendingBillingAccount(target));
        return username;
    }

    /** Whether a code was asked for in this session and not yet entered. */
    public boolean codePending(ActivationSession session) {
        return session.pendingBillingAccountId() != null;
    }

    public ActivationSession confirm(ActivationSession session, String rawCode) {
        FieldErrors errors = new FieldErrors();
        String code = InputRules.code(rawCode, "code", errors);
        errors.throwIfAny();
        String accountId = session.pendingBillingAccountId();
        if (accountId == null) {
            throw InvalidInputException.of("username", "error.code.notRequested");
        }
        Optional<BillingAccount> account = context.accounts().findBillingAccount(accountId);
        context.codes().verifyForAccount(session.id(), CodePurpose.BIND_BILLING_ACCOUNT,
                account.map(BillingAccount::email).orElseGet(() -> unknownAccountAddress(accountId)),
                limitSubject(accountId), code);
        // only a code nobody was sent gets here without an account: refused like any other
        BillingAccount bound = account.orElseThrow(
                () -> new CodeRejectedException(CodeRejectedException.Reason.EXPIRED_OR_MISSING, 0));
        context.accounts().linkCloudAccount(session.cloudAccount(), bound.id(), context.clock().instant());
        return context.sessionUpdates().apply(session, current -> current.withBillingAccount(bound.id()));
    }

    /** The id that stands for a username without an account: stable, and never a real account's. */
    private String unknownAccountId(String username) {
        return context.sagaIds().id("bind-unknown-username", username.toLowerCase(Locale.ROOT));
    }

    /** Whom the limits count: the account, or the name without one, by its stand-in id. */
    private static String limitSubject(String accountId) {
        return "billing-account:" + accountId;
    }

    /** Where the code of an unknown username is "sent": the key of its code item, never an address. */
    private static String unknownAccountAddress(String unknownAccountId) {
        return "no-account:" + unknownAccountId;
    }
}
