package org.mpactivation.config;

import org.mpactivation.port.out.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.mpactivation.adapter.security.Argon2PasswordHasher;
import org.mpactivation.adapter.security.SecureRandomSource;
import org.mpactivation.adapter.store.ReadAheadItemStore;
import java.net.URI;
import org.mpactivation.application.ActivationCompletion;
import org.mpactivation.application.AzurePurchaseActivation;
import org.mpactivation.application.BuyerSignInFlow;
import org.mpactivation.application.PurchaseActivation;
import org.mpactivation.application.StartAzureActivation;
import org.mpactivation.port.out.BuyerSignIn;
import org.mpactivation.port.out.azure.AzureFulfillment;
import org.mpactivation.repository.SignInAttempts;
import org.mpactivation.web.AzureLandingRoute;
import org.mpactivation.application.ActivationSessions;
import org.mpactivation.application.BillingAccountBinding;
import org.mpactivation.application.CodePolicy;
import org.mpactivation.application.FlowContext;
import org.mpactivation.application.Registration;
import org.mpactivation.application.SagaIds;
import org.mpactivation.application.SessionUpdates;
import org.mpactivation.application.SigningKey;
import org.mpactivation.application.StartAwsActivation;
import org.mpactivation.application.SubscriptionBinding;
import org.mpactivation.application.VerificationCodes;
import org.mpactivation.application.WorkspaceBinding;
import org.mpactivation.application.WorkspaceRelease;
import org.mpactivation.application.WorkspaceCreation;
import org.mpactivation.domain.SiteCatalog;
import org.mpactivation.port.out.AwsMarketplace;
import org.mpactivation.port.out.Mailer;
import org.mpactivation.port.out.PasswordHasher;
import org.mpactivation.port.out.RandomSource;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.repository.AccountRepository;
import org.mpactivation.repository.AllowanceCounters;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.NoticeLog;
import org.mpactivation.repository.SessionRepository;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.WorkspaceRepository;
import org.mpactivation.web.ActivationPages;
import org.mpactivation.web.AwsFulfillmentRoute;
import org.mpactivation.web.NextStep;
import org.mpactivation.web.ErrorPageRenderer;
import org.mpactivation.web.PageRenderer;
import org.mpactivation.web.ResumeRoute;
import org.mpactivation.web.Router;
import org.mpactivation.web.SessionCookie;
import org.mpactivation.web.Transport;
import org.mpactivation.web.WebResponse;

/**
 * The object graph, built once per process (a Lambda cold start, a Functions host, the local
 * server): use cases on their ports, and the router with the routes this process serves.
 */
public final class ActivationApplication {

    private final Router router;
    private final SubscriptionRepository subscriptions;
    private final AuditTrail auditTrail;

    private ActivationApplication(Builder b) {
        Clock clock = b.clock;
        // within one page request, an item is read once: see ReadAheadItemStore for why that is sound
        ReadAheadItemStore store = new ReadAheadItemStore(b.store, clock);
        subscriptions = new SubscriptionRepository(store);
        AccountRepository accounts = new AccountRepository(store, clock, b.sessionLifetime);
        WorkspaceRepository workspaces = new WorkspaceRepository(store);
        SessionRepository sessionRepository = new SessionRepository(store);
        auditTrail = new AuditTrail(store);
        ActivationSessions sessions = new ActivationSessions(sessionRepository, b.signingKey, b.random, clock,
                b.sessionLifetime);
        MeteringStates meteringStates = new MeteringStates(store);
        PurchaseActivation marketplaceActivation = b.azureFulfillment != null
                ? new AzurePurchaseActivation(b.azureFulfillment, PurchaseActivation.NONE, clock)
                : AzurePurchaseActivation.notServedHere(PurchaseActivation.NONE);
        SubscriptionBinding binding = new SubscriptionBinding(subscriptions, workspaces, accounts, auditTrail,
                meteringStates, clock, b.sessionLifetime, marketplaceActivation, b.metrics);
        WorkspaceRelease release = new WorkspaceRelease(subscriptions, workspaces, meteringStates, auditTrail, clock);
        VerificationCodes codes = new VerificationCodes(store, new AllowanceCounters(store, clock), b.mailer, b.random,
                b.signingKey, clock, b.codePolicy);
        FlowContext context = new FlowContext(subscriptions, accounts, workspaces, binding, codes,
                new SessionUpdates(sessionRepository), new SagaIds(b.signingKey), clock);

        PageRenderer renderer = new PageRenderer();
        ErrorPageRenderer errors = new ErrorPageRenderer(renderer, b.sites, ErrorPageRenderer.EITHER_CLOUD);
        SessionCookie cookie = new SessionCookie(b.transport.secure(), b.sessionLifetime);
        router = new Router(errors, b.transport);
        router.get("/healthz", (request, params) -> WebResponse.text(200, "text/plain; charset=utf-8", "ok"));
        router.withReadScope(store, r -> mountBuyerRoutes(b, r, new BuyerRoutes(context, sessions, release, renderer,
                errors, cookie, store, sessionRepository, accounts, clock)));
    }

    /** What the buyer's routes are built from. */
    private record BuyerRoutes(FlowContext context, ActivationSessions sessions, WorkspaceRelease release,
                               PageRenderer renderer, ErrorPageRenderer errors, SessionCookie cookie, ItemStore store,
                               SessionRepository sessionRepository, AccountRepository accounts, Clock clock) {
    }

    private void mountBuyerRoutes(Builder b, Router router, BuyerRoutes p) {
        if (b.serveActivationPages) {
            ActivationCompletion completion = new ActivationCompletion(p.context());
            new ActivationPages(p.sessions(), new Registration(p.context(), b.passwords, b.sites),
                    new BillingAccountBinding(p.context()), new WorkspaceBinding(p.context(), b.sites, p.release()),
                    new WorkspaceCreation(p.context(), b.passwords), completion, b.sites, p.renderer(),
                    p.errors(), p.cookie(), b.random).mount(router);
            new ResumeRoute(p.sessions(), completion, b.sites, p.cookie(), p.renderer(), p.errors()).mount(router);
        }
        if (b.azureFulfillment != null) {
            BuyerSignInFlow signIn = new BuyerSignInFlow(b.buyerSignIn, new SignInAttempts(p.store()), subscriptions,
                    new SessionUpdates(p.sessionRepository()), b.random, p.clock(),
                    b.publicBaseUrl.resolve(AzureLandingRoute.CALLBACK));
            new AzureLandingRoute(new StartAzureActivation(b.azureFulfillment, subscriptions, p.accounts(),
                    p.sessions(), auditTrail, b.sites, p.clock()), signIn, p.sessions(), p.cookie(), p.errors())
                    .mount(router);
        }
        if (b.awsMarketplace != null) {
            new AwsFulfillmentRoute(new StartAwsActivation(b.awsMarketplace, b.readEntitlements, subscriptions,
                    p.accounts(), p.sessions(), new NoticeLog(p.store()), auditTrail, b.sites, p.clock()), p.sessions(),
                    p.cookie(), p.errors(), new NextStep(new ActivationCompletion(p.context()))).mount(router);
        }
    }

    public Router router() {
        return router;
    }

    public SubscriptionRepository subscriptions() {
        return subscriptions;
    }

    public AuditTrail auditTrail() {
        return auditTrail;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Ports without a default must be given: the store, the signing key; the mailer for the pages. */
    public static final class Builder {
        private ItemStore store;
        private Mailer mailer;
        private SigningKey signingKey;
        private Clock clock = Clock.systemUTC();
        private RandomSource random = new SecureRandomSource();
        private PasswordHasher passwords;
        private SiteCatalog sites = SiteCatalog.defaults();
        private Transport transport = Transport.HTTPS;
        private Duration sessionLifetime = Duration.ofHours(2);
        private CodePolicy codePolicy = CodePolicy.standard();
        private AwsMarketplace awsMarketplace;
        private boolean readEntitlements;
        private boolean serveActivationPages = true;
        private AzureFulfillment azureFulfillment;
        private BuyerSignIn buyerSignIn;
        private URI publicBaseUrl;
        private Metrics metrics = Metrics.NONE;

        public Builder store(ItemStore value) { store = value; return this; }
        public Builder mailer(Mailer value) { mailer = value; return this; }
        public Builder signingKey(SigningKey value) { signingKey = value; return this; }
        public Builder clock(Clock value) { clock = value; return this; }
        public Builder random(RandomSource value) { random = value; return this; }
        public Builder passwords(PasswordHasher value) { passwords = value; return this; }
        public Builder sites(SiteCatalog value) { sites = value; return this; }

        /**
         * How browsers reach this process: {@link Transport#HTTPS} by default (Secure {@code __Host-} cookies and
         * HSTS on every answer); {@link Transport#LOCAL_PLAIN_HTTP} only for a local run on plain HTTP.
         */
        public Builder transport(Transport value) { transport = Objects.requireNonNull(value, "transport"); return this; }

        /** {@code true}: {@link Transport#HTTPS}; {@code false}: {@link Transport#LOCAL_PLAIN_HTTP}. */
        public Builder secureCookies(boolean value) { return transport(Transport.ofSecureSetting(value)); }

        public Builder sessionLifetime(Duration value) { sessionLifetime = value; return this; }
        public Builder codePolicy(CodePolicy value) { codePolicy = value; return this; }
        public Builder metrics(Metrics value) { metrics = Objects.requireNonNull(value, "metrics"); return this; }

        /** Serves the AWS fulfillment URL with this marketplace client. */
        public Builder awsMarketplace(AwsMarketplace value, boolean readEntitlementsAtArrival) {
            awsMarketplace = value;
            readEntitlements = readEntitlementsAtArrival;
            return this;
        }

        /**
         * Serves the Azure landing page and the buyer's sign-in, and activates Azure subscriptions with
         * this client when the buyer completes.
         *
         * @param publicBaseUrl where browsers reach this process (the sign-in callback is registered below it)
         */
        public Builder azure(AzureFulfillment fulfillment, BuyerSignIn signIn, URI publicBaseUrl) {
            azureFulfillment = Objects.requireNonNull(fulfillment, "fulfillment");
            buyerSignIn = Objects.requireNonNull(signIn, "signIn");
            this.publicBaseUrl = Objects.requireNonNull(publicBaseUrl, "publicBaseUrl");
            return this;
        }

        /** Whether this process serves the activation pages (the fulfillment function does not). */
        public Builder serveActivationPages(boolean value) { serveActivationPages = value; return this; }

        public ActivationApplication build() {
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(signingKey, "signingKey");
            if (serveActivationPages) {
                Objects.requireNonNull(mailer, "mailer");
                if (passwords == null) {
                    passwords = new Argon2PasswordHasher();
                }
            }
            return new ActivationApplication(this);
        }
    }
}
