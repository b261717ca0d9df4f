package org.mpactivation.application;

import org.mpactivation.domain.WorkspaceLanguage;
import org.mpactivation.domain.Workspace;
import org.mpactivation.port.out.store.Item;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.mpactivation.adapter.store.CountingItemStore;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.domain.ActivationSession;
import org.mpactivation.domain.SiteCatalog;
import org.mpactivation.port.out.PasswordHasher;
import org.mpactivation.repository.AccountRepository;
import org.mpactivation.repository.AllowanceCounters;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.NoticeLog;
import org.mpactivation.repository.SessionRepository;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.WorkspaceRepository;

/**
 * The activation use cases wired on the in-memory store, as the application wires them, with a
 * clock, mailer and random source the test controls. Store calls pass, outermost first, through a
 * counter, a crash injector and a key recorder.
 */
public final class ActivationFixture {

    public static final Instant START = Instant.parse("2025-03-01T08:00:00Z");
    public static final Duration SESSION_LIFETIME = Duration.ofHours(2);
    public static final String PASSWORD = "correct-horse-42";

    public final MutableClock clock = new MutableClock(START);
    public final RecordingItemStore recorded = new RecordingItemStore(new InMemoryItemStore(clock));
    public final CrashingItemStore crashing = new CrashingItemStore(recorded);
    public final CountingItemStore store = new CountingItemStore(crashing);
    public final CapturingMailer mailer = new CapturingMailer();
    public final SequenceRandomSource random = new SequenceRandomSource();
    public final SigningKey key = new SigningKey(
            "a test signing key of 32 bytes!!".getBytes(StandardCharsets.UTF_8));
    public final SiteCatalog sites = SiteCatalog.defaults();
    public final FakeAwsMarketplace marketplace = new FakeAwsMarketplace();

    public final SubscriptionRepository subscriptions = new SubscriptionRepository(store);
    public final AccountRepository accounts = new AccountRepository(store, clock, SESSION_LIFETIME);
    public final WorkspaceRepository workspaces = new WorkspaceRepository(store);
    public final SessionRepository sessionRepository = new SessionRepository(store);
    public final AuditTrail audit = new AuditTrail(store);
    public final ActivationSessions sessions;
    public final VerificationCodes codes;
    public final SubscriptionBinding binding;
    public final FlowContext context;
    public final StartAwsActivation start;
    public final Registration registration;
    public final BillingAccountBinding billingAccountBinding;
    public final WorkspaceBinding workspaceBinding;
    public final WorkspaceCreation workspaceCreation;
    public final ActivationCompletion completion;

    public ActivationFixture() {
        this(new FastPasswordHasher(), CodePolicy.standard());
    }

    public ActivationFixture(PasswordHasher passwords, CodePolicy codePolicy) {
        sessions = new ActivationSessions(sessionRepository, key, random, clock, SESSION_LIFETIME);
        codes = new VerificationCodes(store, new AllowanceCounters(store, clock), mailer, random, key, clock, codePolicy);
        binding = new SubscriptionBinding(subscriptions, workspaces, accounts, audit, new MeteringStates(store), clock,
                SESSION_LIFETIME);
        context = new FlowContext(subscriptions, accounts, workspaces, binding, codes,
                new SessionUpdates(sessionRepository), new SagaIds(key), clock);
        start = new StartAwsActivation(marketplace, false, subscriptions, accounts, sessions, new NoticeLog(store), audit,
                sites, clock);
        registration = new Registration(context, passwords, sites);
        billingAccountBinding = new BillingAccountBinding(context);
        workspaceBinding = new WorkspaceBinding(context, sites,
                new WorkspaceRelease(subscriptions, workspaces, new MeteringStates(store), audit, clock));
        workspaceCreation = new WorkspaceCreation(context, passwords);
        completion = new ActivationCompletion(context);
    }

    /** A buyer arriving from AWS Marketplace with a fresh token for this customer and AWS account. */
    public ActivationSessions.Started arrive(String customerIdentifier, String awsAccountId) {
        String token = marketplace.issueToken("token-" + customerIdentifier + "-" + random.newId(),
                customerIdentifier, awsAccountId);
        return start.arrive(token, null, Optional.empty());
    }

    /** The session as stored now. */
    public ActivationSession reload(ActivationSession session) {
        return sessionRepository.find(session.id()).orElseThrow();
    }

    /** Basic information with the e-mail code, then company information: ready to activate. */
    public ActivationSession enterRegistration(ActivationSession session, String username, String email) {
        registration.sendCode(session, email, Locale.ENGLISH);
        ActivationSession current = reload(session);
        current = registration.saveBasicInfo(current, new Registration.BasicInfo(username, PASSWORD, PASSWORD, email,
                mailer.lastCodeTo(email), ""));
        return registration.saveCompany(current, "Example Ltd", "Ada Lovelace", "GB", "1 Analytical Row");
    }

    /** A whole registration from arrival to activation. */
    public Registration.Activated register(String customerIdentifier, String username, String email) {
        ActivationSession session = arrive(customerIdentifier, "acct-" + customerIdentifier).session();
        ActivationSession ready = enterRegistration(session, username, email);
        return registration.activate(ready, "Production", "en", "us-oregon");
    }

    /** Binds an existing Billing Center account to the session by its username and the mailed code. */
    public ActivationSession bindBillingAccount(ActivationSession session, String username, String email) {
        billingAccountBinding.sendCode(session, username, Locale.ENGLISH);
        return billingAccountBinding.confirm(reload(session), mailer.lastCodeTo(email));
    }

    /**
     * A workspace of the Billing Center account of {@code username}, owned by the console account of
     * {@code email}, billed through no channel (as after a release).
     */
    public Workspace spareWorkspace(String username, String email) {
        String billingId = accounts.findBillingAccountByUsername(username).orElseThrow().id();
        String ownerConsole = accounts.findConsoleAccountByEmail(email).orElseThrow().id();
        Instant now = clock.instant();
        Workspace spare = workspaces.createOrGet(new Workspace("spare-workspace-1", "Spare", WorkspaceLanguage.EN,
                "us-oregon", ownerConsole, billingId, null, now, null, 0));
        workspaces.linkToBillingAccount(billingId, spare.id(), now);
        return spare;
    }

    /**
     * Every item in {@code snapshot} but the e-mail codes and their limit counters (they count
     * attempts, and a replay is one more).
     */
    public static Map<String, Item> withoutCodes(Map<String, Item> snapshot) {
        snapshot.keySet().removeIf(key -> key.startsWith("CODE#") || key.startsWith("LIMIT#"));
        return snapshot;
    }
}
