package org.mpactivation.application;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.BillingAccount;
import org.mpactivation.domain.CompanyInfo;
import org.mpactivation.domain.ConsoleAccount;
import org.mpactivation.domain.FieldErrors;
import org.mpactivation.domain.InputRules;
import org.mpactivation.domain.InvalidInputException;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.RegistrationDraft;
import org.mpactivation.domain.Site;
import org.mpactivation.domain.SiteCatalog;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;
import org.mpactivation.port.out.PasswordHasher;
import org.mpactivation.repository.AccountRepository;
import org.mpactivation.repository.ReadPlan;
import org.mpactivation.repository.UniqueName;

/**
 * Step 3, no Billing Center account yet: basic information (with the e-mail code), company
 * information, then the activation method. <em>Activate</em> creates the console account, the
 * Billing Center account and the workspace, binds them and the subscription in one go.
 *
 * <p>The last step is a saga of idempotent single-item writes whose ids derive from the session:
 * a retry after a crash finishes the job, a double-submit does it once.
 */
public final class Registration {

    private final FlowContext context;
    private final PasswordHasher passwords;
    private final SiteCatalog sites;

    public Registration(FlowContext context, PasswordHasher passwords, SiteCatalog sites) {
        this.context = context;
        this.passwords = passwords;
        this.sites = sites;
    }

    /** The basic information form as entered. */
    public record BasicInfo(String username, String password, String passwordConfirmation, String email,
                            String code, String phone) {
    }

    /** Sends the code for a client whose network address is not known. */
    public String sendCode(ActivationSession session, String rawEmail, Locale locale) {
        return sendCode(session, rawEmail, locale, ClientNetwork.UNKNOWN);
    }

    /**
     * Sends the code that proves the buyer owns the e-mail address.
     *
     * @param client the network address of the client asking (for the per-client limit)
     * @throws CodeLimitException on the e-mail field when a limit is reached
     */
    public String sendCode(ActivationSession session, String rawEmail, Locale locale, String client) {
        FieldErrors errors = new FieldErrors();
        String email = InputRules.email(rawEmail, "email", errors);
        errors.throwIfAny();
        requireEmailFree(email);
        try {
            context.codes().send(CodeRequest.to(session.id(), CodePurpose.REGISTER_EMAIL, email, client), locale);
        } catch (CodeLimitException e) {
            throw e.at("email");
        }
        // no session write: the code itself shows that the buyer entered something (see ActivationSessions#resume)
        return InputRules.maskEmail(email);
    }

    /** What the basic information form's step (sending the code, or saving) reads, to be read with the session. */
    public ReadPlan formReads(String sessionId, java.util.Map<String, String> form, String client) {
        return "send-code".equals(form.get("action")) ? sendCodeReads(sessionId, form.get("email"), client)
                : basicInfoReads(sessionId, form.get("username"), form.get("email"));
    }

    /**
     * What {@link #sendCode} reads, to be read together with the session (an invalid address plans
     * nothing: the step refuses it before reading).
     */
    public ReadPlan sendCodeReads(String sessionId, String rawEmail, String client) {
        ReadPlan plan = new ReadPlan();
        String email = InputRules.email(rawEmail, "email", new FieldErrors());
        if (email == null) {
            return plan;
        }
        plan.uniqueName(UniqueName.CONSOLE_EMAIL, email);
        return context.codes().planSend(plan, CodeRequest.to(sessionId, CodePurpose.REGISTER_EMAIL, email, client));
    }

    /** What {@link #saveBasicInfo} reads, to be read together with the session. */
    public ReadPlan basicInfoReads(String sessionId, String rawUsername, String rawEmail) {
        ReadPlan plan = new ReadPlan();
        String username = InputRules.username(rawUsername, "username", new FieldErrors());
        if (username != null) {
            plan.uniqueName(UniqueName.CONSOLE_USERNAME, username).uniqueName(UniqueName.BILLING_USERNAME, username);
        }
        String email = InputRules.email(rawEmail, "email", new FieldErrors());
        if (email != null) {
            plan.uniqueName(UniqueName.CONSOLE_EMAIL, email);
            context.codes().planVerify(plan, sessionId, CodePurpose.REGISTER_EMAIL, email, null);
        }
        return plan;
    }

    public ActivationSession saveBasicInfo(ActivationSession session, BasicInfo form) {
        FieldErrors errors = new FieldErrors();
        String username = InputRules.username(form.username(), "username", errors);
        NewPassword password = NewPassword.of(session, form.password(), form.passwordConfirmation(), errors);
        String email = InputRules.email(form.email(), "email", errors);
        String code = InputRules.code(form.code(), "code", errors);
        String phone = InputRules.optionalPhone(form.phone(), "phone", errors);
        errors.throwIfAny();
        requireUsernameFree(username);
        requireEmailFree(email);
        context.codes().verify(session.id(), CodePurpose.REGISTER_EMAIL, email, code);
        String hash = password.hash(passwords);
        return context.sessionUpdates().apply(session, current -> current.withDraft(
                new RegistrationDraft(username, email, true, phone, hash, current.draft().company())));
    }

    /**
     * Keeps the hash of a password typed on a page that is shown again without being submitted (the
     * buyer switched the language): left empty afterwards, the fields mean "the kept password".
     *
     * @return whether the session now keeps a password (nothing is kept from invalid fields)
     */
    public boolean keepPassword(ActivationSession session, String password, String confirmation) {
        FieldErrors errors = new FieldErrors();
        String valid = InputRules.newPassword(password, confirmation, errors);
        if (valid == null || errors.has("password") || errors.has("passwordConfirmation")) {
            return session.draft().passwordHash() != null;
        }
        String hash = passwords.hash(valid);
        context.sessionUpdates().apply(session, current -> current.withDraft(current.draft().withPasswordHash(hash)));
        return true;
    }

    public ActivationSession saveCompany(ActivationSession session, String companyName, String contactName,
                                         String country, String address) {
        requireBasicInfo(session);
        FieldErrors errors = new FieldErrors();
        String name = InputRules.name(companyName, 100, "companyName", errors);
        String contact = InputRules.name(contactName, 100, "contactName", errors);
        String countryValue = InputRules.name(country, 60, "country", errors);
        String addressValue = InputRules.optionalText(address, 200, "address", errors);
        errors.throwIfAny();
        CompanyInfo company = new CompanyInfo(name, contact, countryValue, addressValue);
        return context.sessionUpdates().apply(session, current -> current.withDraft(current.draft().withCompany(company)));
    }

    /** The result of activation: the session, completed, and the workspace bound. */
    public record Activated(ActivationSession session, Workspace workspace) {
    }

    public Activated activate(ActivationSession session, String workspaceName, String language, String siteId) {
        RegistrationDraft draft = requireBasicInfo(session);
        if (draft.company() == null) {
            throw new FlowStepException("company");
        }
        FieldErrors errors = new FieldErrors();
        String name = InputRules.name(workspaceName, 50, "workspaceName", errors);
        WorkspaceLanguage workspaceLanguage = InputRules.language(language, "language", errors);
        Site site = InputRules.site(siteId, sites, "site", errors);
        errors.throwIfAny();

        SagaIds ids = context.sagaIds();
        String consoleId = ids.id(session.id(), "register-console");
        String billingId = ids.id(session.id(), "register-billing");
        String workspaceId = ids.id(session.id(), "register-workspace");
        // the subscription and the cloud account's link are read together; every refusal that can be
        // known before the first write is made before it
        context.subscriptions().readAhead(new ReadPlan().subscription(session.subscriptionId())
                .cloudAccountLink(session.cloudAccount()).workspace(workspaceId));
        context.binding().requireClaimable(session.subscriptionId(), billingId);
        requireCloudAccountFree(session, billingId);
        claimNames(draft, consoleId, billingId);
        MarketplaceSubscription claimed;
        try {
            claimed = context.binding().claim(session.subscriptionId(), billingId);
        } catch (ActivationConflictException e) {
            releaseNames(draft, consoleId, billingId);
            throw e;
        }
        Instant now = context.clock().instant();
        linkCloudAccount(session, draft, consoleId, billingId, now);
        // the accounts and both links to the workspace (the account's and the subscription's) in one
        // batch without condition (see AccountRepository#createRegisteredAccounts), stamped with the
        // claim's time so that every attempt writes them alike; the workspace itself stays a
        // conditional write after it: it carries the billing channel, which the link must precede.
        // Once an earlier attempt made the workspace, a release may have been recorded on the
        // subscription's link: this attempt writes that link only if absent
        boolean workspaceMade = context.workspaces().find(workspaceId).isPresent();
        Instant createdAt = claimed.billingAccountBoundAt() != null ? claimed.billingAccountBoundAt() : now;
        context.accounts().createRegisteredAccounts(new ConsoleAccount(consoleId, draft.username(), draft.email(),
                draft.passwordHash(), draft.phone(), createdAt), new BillingAccount(billingId, draft.username(),
                draft.email(), draft.company(), consoleId, createdAt), workspaceId,
                workspaceMade ? null : session.subscriptionId());
        Workspace fresh = new Workspace(workspaceId, name, workspaceLanguage, site.id(), consoleId, billingId,
                session.subscriptionId(), now, now, 0);
        Workspace workspace = workspaceMade ? context.binding().createBoundWorkspace(fresh)
                : context.binding().createLinkedWorkspace(fresh);
        context.binding().activate(session.subscriptionId(), billingId, "session:" + VerificationCodes.shortId(session.id()));
        ActivationSession completed = context.sessionUpdates().apply(session, current -> current.isCompleted()
                ? current : current.withSite(site.id()).withBillingAccount(billingId).completed(now, List.of(workspaceId)));
        return new Activated(completed, workspace);
    }

    /**
     * A session that arrived before its cloud account was linked may register a second Billing
     * Center account for it; the first link wins, and the buyer who arrives again goes on with it.
     */
    private void requireCloudAccountFree(ActivationSession session, String billingId) {
        AccountRepository accounts = context.accounts();
        boolean linkedElsewhere = accounts.linkedBillingAccount(session.cloudAccount())
                .filter(linked -> !linked.equals(billingId))
                .flatMap(accounts::findBillingAccount)
                .isPresent();
        if (linkedElsewhere) {
            throw new ActivationConflictException("error.cloudAccount.otherAccount");
        }
    }

    /**
     * Links the paying cloud account to the new Billing Center account before the account exists (a
     * link to an account that does not exist yet counts for no one), so that losing the race for it
     * leaves nothing behind: the names and the subscription are given back.
     */
    private void linkCloudAccount(ActivationSession session, RegistrationDraft draft, String consoleId,
                                  String billingId, Instant now) {
        AccountRepository accounts = context.accounts();
        if (accounts.linkCloudAccount(session.cloudAccount(), billingId, now).equals(billingId)) {
            return;
        }
        if (accounts.findBillingAccount(billingId).isEmpty()) {
            context.binding().withdrawClaim(session.subscriptionId(), billingId);
            releaseNames(draft, consoleId, billingId);
        }
        throw new ActivationConflictException("error.cloudAccount.otherAccount");
    }

    private void claimNames(RegistrationDraft draft, String consoleId, String billingId) {
        AccountRepository accounts = context.accounts();
        List<String> taken = new ArrayList<>();
        if (!accounts.claim(UniqueName.CONSOLE_USERNAME, draft.username(), consoleId)
                || !accounts.claim(UniqueName.BILLING_USERNAME, draft.username(), billingId)) {
            taken.add("username");
        }
        if (taken.isEmpty() && !accounts.claim(UniqueName.CONSOLE_EMAIL, draft.email(), consoleId)) {
            taken.add("email");
        }
        if (!taken.isEmpty()) {
            releaseNames(draft, consoleId, billingId);
            throw InvalidInputException.conflict(taken.get(0), "error." + taken.get(0) + ".taken.registration");
        }
    }

    private void releaseNames(RegistrationDraft draft, String consoleId, String billingId) {
        AccountRepository accounts = context.accounts();
        if (accounts.findConsoleAccount(consoleId).isPresent() || accounts.findBillingAccount(billingId).isPresent()) {
            return; // accounts made by an earlier attempt keep their names
        }
        accounts.release(UniqueName.CONSOLE_USERNAME, draft.username(), consoleId);
        accounts.release(UniqueName.BILLING_USERNAME, draft.username(), billingId);
        accounts.release(UniqueName.CONSOLE_EMAIL, draft.email(), consoleId);
    }

    private RegistrationDraft requireBasicInfo(ActivationSession session) {
        if (!session.draft().basicInfoComplete()) {
            throw new FlowStepException("basic");
        }
        return session.draft();
    }

    private void requireUsernameFree(String username) {
        AccountRepository accounts = context.accounts();
        if (accounts.owner(UniqueName.CONSOLE_USERNAME, username).isPresent()
                || accounts.owner(UniqueName.BILLING_USERNAME, username).isPresent()) {
            throw InvalidInputException.conflict("username", "error.username.taken");
        }
    }

    private void requireEmailFree(String email) {
        if (context.accounts().owner(UniqueName.CONSOLE_EMAIL, email).isPresent()) {
            throw InvalidInputException.conflict("email", "error.email.taken");
        }
    }
}
