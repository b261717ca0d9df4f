package org.mpactivation.azure;

import org.mpactivation.adapter.metrics.LoggedMetrics;
import org.mpactivation.port.out.Metrics;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.mpactivation.application.AzureReconciliation;
import org.mpactivation.application.HourlyMetering;
import org.mpactivation.azure.reconciliation.AzureReconciliationAssembly;
import org.mpactivation.azure.metering.AzureHourlyMetering;
import org.mpactivation.domain.DimensionMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.aws.UrlConnectionAwsHttp;
import org.mpactivation.adapter.mail.Mailers;
import org.mpactivation.adapter.store.DynamoDbItemStore;
import org.mpactivation.application.SigningKey;
import org.mpactivation.config.ActivationApplication;
import org.mpactivation.config.SiteSettings;
import org.mpactivation.port.out.BuyerSignIn;
import org.mpactivation.port.out.Mailer;
import org.mpactivation.port.out.WebhookAuthenticator;
import org.mpactivation.port.out.azure.AzureFulfillment;
import org.mpactivation.port.out.azure.AzureMetering;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.application.ApplyAzureOperation;
import org.mpactivation.application.AzureOperationPolicy;
import org.mpactivation.application.WorkspaceRelease;
import org.mpactivation.port.out.WebhookCaller;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.NoticeLog;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.WorkspaceRepository;
import org.mpactivation.web.AzureWebhookRoute;
import org.mpactivation.web.Router;
import org.mpactivation.web.Transport;
import org.mpactivation.web.WebResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Azure functions' object graph: the ports (store, marketplace clients, sign-in, webhook check,
 * mail) given once, and what each function needs built from them on first use, once per host. Each
 * function reaches only the part it uses, so the webhook does not build the mail client nor the pages.
 */
public final class AzureGraph {

    private static final Logger LOG = LoggerFactory.getLogger(AzureGraph.class);

    private final AzureSettings settings;
    private final ItemStore store;
    private final Clock clock;
    private final AzureFulfillment fulfillment;
    private final AzureMetering metering;
    private final BuyerSignIn signIn;
    private final AzureFulfillment webhookFulfillment;
    private final WebhookAuthenticator webhookAuthenticator;
    private final Supplier<Mailer> mailer;
    private final Metrics metrics;
    private final Lazy<Router> activation = new Lazy<>(this::buildActivationRouter);
    private final Lazy<Router> webhook = new Lazy<>(this::buildWebhookRouter);
    private final Lazy<AzureReconciliation> reconciliation = new Lazy<>(() -> AzureReconciliationAssembly
            .reconciliation(store(), fulfillment(), clock(), settings().endingSoon()));
    private final Lazy<HourlyMetering> hourlyMetering = new Lazy<>(() -> AzureHourlyMetering.create(store(), metering(),
            new DimensionMap(settings().meteringDimensions()), clock()));

    /**
     * @param webhookFulfillment   the Fulfillment client the webhook uses: its retries end well within the
     *                             10 seconds the marketplace waits for an answer
     * @param webhookAuthenticator checks the marketplace's bearer token ({@link #unauthenticatedWebhooks()}
     *                             only where the local run turned that off)
     * @param mailer               built on first use (only the pages send mail)
     */
    public AzureGraph(AzureSettings settings, ItemStore store, Clock clock, AzureFulfillment fulfillment,
                      AzureFulfillment webhookFulfillment, AzureMetering metering, BuyerSignIn signIn,
                      WebhookAuthenticator webhookAuthenticator, Supplier<Mailer> mailer) {
        this(settings, store, clock, fulfillment, webhookFulfillment, metering, signIn, webhookAuthenticator, mailer,
                new LoggedMetrics("unknown"));
    }

    /**
     * @param metrics where activations, webhook calls, metering records, drift and latencies are counted
     *                (deployed: structured log lines, which Application Insights keeps)
     */
    public AzureGraph(AzureSettings settings, ItemStore store, Clock clock, AzureFulfillment fulfillment,
                      AzureFulfillment webhookFulfillment, AzureMetering metering, BuyerSignIn signIn,
                      WebhookAuthenticator webhookAuthenticator, Supplier<Mailer> mailer, Metrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.webhookFulfillment = Objects.requireNonNull(webhookFulfillment, "webhookFulfillment");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fulfillment = Objects.requireNonNull(fulfillment, "fulfillment");
        this.metering = Objects.requireNonNull(metering, "metering");
        this.signIn = Objects.requireNonNull(signIn, "signIn");
        this.webhookAuthenticator = Objects.requireNonNull(webhookAuthenticator, "webhookAuthenticator");
        this.mailer = Objects.requireNonNull(mailer, "mailer");
    }

    /** The landing page, the buyer's sign-in and the activation pages, with the health check. */
    public Router activationRouter() {
        return activation.get();
    }

    /** {@code POST /azure/webhook}. */
    public Router webhookRouter() {
        return webhook.get();
    }

    /** The daily comparison of every Azure subscription with the marketplace. */
    public AzureReconciliation.Report reconciliationRun(String runId) {
        return reconciliation.get().run(runId, metrics);
    }

    /** One metering run over the Azure subscriptions that are due, taking no new page after {@code budget}. */
    public HourlyMetering.Report meteringRun(Duration budget) {
        return hourlyMetering.get().run(budget, metrics);
    }

    public Metrics metrics() {
        return metrics;
    }

    public AzureSettings settings() {
        return settings;
    }

    public ItemStore store() {
        return store;
    }

    public Clock clock() {
        return clock;
    }

    public AzureFulfillment fulfillment() {
        return fulfillment;
    }

    public BuyerSignIn signIn() {
        return signIn;
    }

    public AzureMetering metering() {
        return metering;
    }

    /**
     * Accepts every webhook call as the marketplace's: only for the local run's explicit setting, and said
     * loudly in the log each time it is built and used.
     */
    public static WebhookAuthenticator unauthenticatedWebhooks() {
        LOG.warn("WEBHOOK AUTHENTICATION IS OFF ({}=off): any caller can change subscriptions; local use only",
                AzureSettings.WEBHOOK_AUTH);
        return authorizationHeader -> {
            LOG.warn("webhook call accepted WITHOUT authentication (local setting)");
            return new WebhookCaller("local", "local", "unauthenticated");
        };
    }

    private Router buildWebhookRouter() {
        SubscriptionRepository subscriptions = new SubscriptionRepository(store);
        AuditTrail audit = new AuditTrail(store);
        MeteringStates meteringStates = new MeteringStates(store);
        WorkspaceRelease release = new WorkspaceRelease(subscriptions, new WorkspaceRepository(store), meteringStates,
                audit, clock);
        ApplyAzureOperation operations = new ApplyAzureOperation(webhookFulfillment,
                AzureOperationPolicy.parse(settings.operationPolicy()), subscriptions, new NoticeLog(store), audit,
                meteringStates, release, clock, metrics);
        Router router = new Router((status, messageKey) -> WebResponse.text(status, "application/json",
                WebhookErrors.JSON.objectNode().put("error", status == 404 ? "not found" : "refused").toString()),
                Transport.ofSecureSetting(settings.secureCookies()));
        router.get("/healthz", (request, params) -> WebResponse.text(200, "text/plain; charset=utf-8", "ok"));
        return new AzureWebhookRoute(webhookAuthenticator, operations).mount(router);
    }

    /** The webhook's error bodies; a holder, so that only the webhook's router loads the JSON tree classes. */
    private static final class WebhookErrors {
        static final com.fasterxml.jackson.databind.node.JsonNodeFactory JSON =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
    }

    /**
     * The pages' router. The mailer is reached through a stand-in that builds it on the first e-mail: the landing
     * page sends none, and building it loads the mail library (or an SES client).
     */
    private Router buildActivationRouter() {
        Mailer onFirstMail = message -> mailer.get().send(message);
        return ActivationApplication.builder().store(store).mailer(onFirstMail)
                .signingKey(SigningKey.fromBase64(settings.sessionSecret())).clock(clock)
                .sites(SiteSettings.parse(settings.sitesJson())).secureCookies(settings.secureCookies())
                .azure(fulfillment, signIn, settings.publicBaseUrl()).metrics(metrics).build().router();
    }

    /**
     * The DynamoDB table shared with the AWS functions, reached from Azure (see the README on credentials)
     * through the light DynamoDB client: a local DynamoDB takes any key; elsewhere the AWS_* variables
     * (access keys as Key Vault references in the app settings) or a container credentials endpoint.
     */
    public static ItemStore dynamoDbStore(AzureSettings settings, Clock clock) {
        boolean loopback = settings.dynamoDbEndpoint().map(URI::getHost)
                .filter(host -> host.equals("localhost") || host.startsWith("127.")).isPresent();
        AwsCredentialSource credentials = loopback
                ? AwsCredentialSource.fixed(AwsCredentials.of("local", "local"))
                : AwsCredentialSource.fromEnvironment(System.getenv());
        return DynamoDbItemStore.connect(settings.dynamoDbEndpoint().orElse(null), settings.awsRegion(), credentials,
                UrlConnectionAwsHttp.standard(), settings.tableName(), clock, AwsJsonClient.Listener.NONE);
    }

    /** The mailer the app settings describe (built on first use). */
    public static Supplier<Mailer> mailerFrom(Map<String, String> env) {
        Lazy<Mailer> lazy = new Lazy<>(() -> Mailers.fromEnvironment(env));
        return lazy::get;
    }

    /** A value built once, on first use, by whichever thread gets there first. */
    static final class Lazy<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        T get() {
            T current = value;
            if (current == null) {
                synchronized (this) {
                    current = value;
                    if (current == null) {
                        current = Objects.requireNonNull(factory.get());
                        value = current;
                    }
                }
            }
            return current;
        }
    }
}
