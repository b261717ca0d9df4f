package org.mpactivation.application;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.ConsoleAccount;
import org.mpactivation.domain.FieldErrors;
import org.mpactivation.domain.InputRules;
import org.mpactivation.domain.InvalidInputException;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;
import org.mpactivation.port.out.PasswordHasher;
import org.mpactivation.repository.AccountRepository;
import org.mpactivation.repository.UniqueName;

/**
 * Step 5, creating a workspace for the bound Billing Center account: for an existing console
 * account (proved by a code to its e-mail) or together with a new console account. The new
 * workspace is created on the session's site and bound to the subscription at once.
 *
 * <p>Each form carries a submission id; the ids of what it creates derive from it, so a
 * double-submitted form creates one workspace.
 */
public final class WorkspaceCreation {

    private static final Pattern SUBMISSION_ID = Pattern.compile("[A-Za-z0-9_-]{16,64}");

    private final FlowContext context;
    private final PasswordHasher passwords;

    public WorkspaceCreation(FlowContext context, PasswordHasher passwords) {
        this.context = context;
        this.passwords = passwords;
    }

    public record NewWorkspace(String submissionId, String name, String language, boolean termsAccepted) {
    }

    public record NewConsoleAccount(String username, String password, String passwordConfirmation, String email,
                                    String phone) {
    }

    /** Sends the code for a client whose network address is not known. */
    public String sendCodeToConsoleAccount(ActivationSession session, String rawEmail, Locale locale) {
        return sendCodeToConsoleAccount(session, rawEmail, locale, ClientNetwork.UNKNOWN);
    }

    /**
     * Sends a code to the console account of {@code rawEmail}. Whether one exists is not told: for
     * an address without one, the same reads are made and a code is stored and counted, but not mailed.
     *
     * @throws CodeLimitException on the e-mail field when a limit is reached
     */
    public String sendCodeToConsoleAccount(ActivationSession session, String rawEmail, Locale locale, String client) {
        WorkspaceBinding.requireBillingAccount(session);
        FieldErrors errors = new FieldErrors();
        String email = InputRules.email(rawEmail, "email", errors);
        errors.throwIfAny();
        Optional<ConsoleAccount> owner = context.accounts().findConsoleAccountByEmail(email);
        if (owner.isEmpty()) {
            // the second read an existing account costs
            context.accounts().findConsoleAccount(context.sagaIds().id("console-unknown-email", email));
        }
        CodeRequest request = CodeRequest.to(session.id(), CodePurpose.CONSOLE_ACCOUNT_EMAIL, email, client)
                .forAccount(consoleAccountSubject(email));
        send(owner.isPresent() ? request : request.undelivered(), locale);
        markProgressed(session);
        return InputRules.maskEmail(email);
    }

    /** Sends the code for a client whose network address is not known. */
    public String sendCodeForNewConsoleAccount(ActivationSession session, String rawEmail, Locale locale) {
        return sendCodeForNewConsoleAccount(session, rawEmail, locale, ClientNetwork.UNKNOWN);
    }

    /** @throws CodeLimitException on the e-mail field when a limit is reached */
    public String sendCodeForNewConsoleAccount(ActivationSession session, String rawEmail, Locale locale,
                                               String client) {
        WorkspaceBinding.requireBillingAccount(session);
        FieldErrors errors = new FieldErrors();
        String email = InputRules.email(rawEmail, "email", errors);
        errors.throwIfAny();
        requireEmailFree(email);
        send(CodeRequest.to(session.id(), CodePurpose.NEW_CONSOLE_ACCOUNT_EMAIL, email, client), locale);
        markProgressed(session);
        return InputRules.maskEmail(email);
    }

    /**
     * Creates a workspace owned by the console account of {@code rawEmail}, proved by the code. The
     * code is checked first: without the account, it is refused like a wrong one.
     */
    public Workspace createForConsoleAccount(ActivationSession session, NewWorkspace form, String rawEmail,
                                             String rawCode) {
        String billingAccountId = WorkspaceBinding.requireBillingAccount(session);
        FieldErrors errors = new FieldErrors();
        Validated workspace = validate(form, errors);
        String email = InputRules.email(rawEmail, "email", errors);
        String code = InputRules.code(rawCode, "code", errors);
        errors.throwIfAny();
        context.binding().requireClaimable(session.subscriptionId(), billingAccountId);
        context.codes().verifyForAccount(session.id(), CodePurpose.CONSOLE_ACCOUNT_EMAIL, email,
                consoleAccountSubject(email), code);
        ConsoleAccount owner = context.accounts().findConsoleAccountByEmail(email)
                .orElseThrow(() -> new CodeRejectedException(CodeRejectedException.Reason.EXPIRED_OR_MISSING, 0));
        return createAndBind(session, billingAccountId, workspace, owner.id());
    }

    public Workspace createWithNewConsoleAccount(ActivationSession session, NewWorkspace form,
                                                 NewConsoleAccount account, String rawCode) {
        String billingAccountId = WorkspaceBinding.requireBillingAccount(session);
        FieldErrors errors = new FieldErrors();
        Validated workspace = validate(form, errors);
        String username = InputRules.username(account.username(), "username", errors);
        NewPassword password = NewPassword.of(session, account.password(), account.passwordConfirmation(), errors);
        String email = InputRules.email(account.email(), "email", errors);
        String phone = InputRules.optionalPhone(account.phone(), "phone", errors);
        String code = InputRules.code(rawCode, "code", errors);
        errors.throwIfAny();
        String consoleId = context.sagaIds().id(session.id(), "console:" + workspace.submissionId());
        AccountRepository accounts = context.accounts();
        if (accounts.owner(UniqueName.CONSOLE_USERNAME, username).filter(owner -> !owner.equals(consoleId)).isPresent()) {
            throw InvalidInputException.conflict("username", "error.username.taken");
        }
        if (accounts.owner(UniqueName.CONSOLE_EMAIL, email).filter(owner -> !owner.equals(consoleId)).isPresent()) {
            throw InvalidInputException.conflict("email", "error.email.taken");
        }
        context.binding().requireClaimable(session.subscriptionId(), billingAccountId);
        context.codes().verify(session.id(), CodePurpose.NEW_CONSOLE_ACCOUNT_EMAIL, email, code);
        // names, then the subscription, then the account: a step refused on the way gives back
        // what the step took before it, and leaves no console account behind
        if (!accounts.claim(UniqueName.CONSOLE_USERNAME, username, consoleId)) {
            throw InvalidInputException.conflict("username", "error.username.taken");
        }
        if (!accounts.claim(UniqueName.CONSOLE_EMAIL, email, consoleId)) {
            accounts.release(UniqueName.CONSOLE_USERNAME, username, consoleId);
            throw InvalidInputException.conflict("email", "error.email.taken");
        }
        try {
            context.binding().claim(session.subscriptionId(), billingAccountId);
        } catch (ActivationConflictException e) {
            if (accounts.findConsoleAccount(consoleId).isEmpty()) {
                // an account made by an earlier attempt keeps its names
                accounts.release(UniqueName.CONSOLE_USERNAME, username, consoleId);
                accounts.release(UniqueName.CONSOLE_EMAIL, email, consoleId);
            }
            throw e;
        }
        accounts.createConsoleAccount(new ConsoleAccount(consoleId, username, email, password.hash(passwords), phone,
                context.clock().instant()));
        return createAndBind(session, billingAccountId, workspace, consoleId);
    }

    private Workspace createAndBind(ActivationSession session, String billingAccountId, Validated form,
                                    String ownerConsoleAccountId) {
        context.binding().claim(session.subscriptionId(), billingAccountId);
        Instant now = context.clock().instant();
        String workspaceId = context.sagaIds().id(session.id(), "workspace:" + form.submissionId());
        Workspace workspace = context.binding().createBoundWorkspace(new Workspace(workspaceId, form.name(),
                form.language(), session.siteId(), ownerConsoleAccountId, billingAccountId, session.subscriptionId(),
                now, now, 0));
        context.workspaces().linkToBillingAccount(billingAccountId, workspaceId, now);
        return workspace;
    }

    private record Validated(String submissionId, String name, WorkspaceLanguage language) {
    }

    private static Validated validate(NewWorkspace form, FieldErrors errors) {
        if (form.submissionId() == null || !SUBMISSION_ID.matcher(form.submissionId()).matches()) {
            errors.add("submissionId", "error.form.stale");
        }
        String name = InputRules.name(form.name(), 50, "workspaceName", errors);
        WorkspaceLanguage language = InputRules.language(form.language(), "language", errors);
        if (!form.termsAccepted()) {
            errors.add("terms", "error.terms");
        }
        return new Validated(form.submissionId(), name, language);
    }

    /**
     * Whom the limits count for a code to an existing console account: the account its address
     * names, apart from the address's count in other flows (which would answer an address with an
     * account differently from one without).
     */
    private static String consoleAccountSubject(String email) {
        return "console-account:" + email;
    }

    private void send(CodeRequest request, Locale locale) {
        try {
            context.codes().send(request, locale);
        } catch (CodeLimitException e) {
            throw e.at("email");
        }
    }

    /** A session that arrived already linked has no earlier step that marks it; from here on it is this browser's. */
    private void markProgressed(ActivationSession session) {
        if (!session.progressed()) {
            context.sessionUpdates().apply(session, ActivationSession::markProgressed);
        }
    }

    private void requireEmailFree(String email) {
        if (context.accounts().owner(UniqueName.CONSOLE_EMAIL, email).isPresent()) {
            throw InvalidInputException.conflict("email", "error.email.taken");
        }
    }
}
