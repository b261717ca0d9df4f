package org.mpactivation.aws;

import org.mpactivation.aws.metrics.EmbeddedMetrics;
import org.mpactivation.port.out.Metrics;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsHttp;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.mail.MailSettings;
import org.mpactivation.adapter.mail.Mailers;
import org.mpactivation.adapter.mail.SesMailer;
import org.mpactivation.adapter.mail.SesSettings;
import org.mpactivation.aws.snapstart.AwsConnections;
import org.mpactivation.port.out.Mailer;
import org.mpactivation.adapter.store.DynamoDbItemStore;
import org.mpactivation.application.ApplyMarketplaceNotice;
import org.mpactivation.application.Backoff;
import org.mpactivation.application.HourlyMetering;
import org.mpactivation.application.WorkspaceRelease;
import org.mpactivation.application.RateLimiter;
import org.mpactivation.application.Reconciliation;
import org.mpactivation.application.RenewalCheck;
import org.mpactivation.application.UsageIntake;
import org.mpactivation.aws.metering.JsonAwsMetering;
import org.mpactivation.aws.metering.StoredMeteringResults;
import org.mpactivation.domain.DimensionMap;
import org.mpactivation.port.out.AwsMetering;
import org.mpactivation.port.out.MarketplaceUsageRecords;
import org.mpactivation.port.out.Pause;
import org.mpactivation.repository.DriftFindings;
import org.mpactivation.repository.MeteringLedger;
import org.mpactivation.repository.ReconciliationSchedules;
import org.mpactivation.repository.StoredMeteringFacts;
import org.mpactivation.repository.UsageRepository;
import org.mpactivation.repository.WorkspaceRepository;
import org.mpactivation.web.Router;
import org.mpactivation.web.Transport;
import org.mpactivation.web.UsageRoute;
import org.mpactivation.web.WebResponse;
import org.mpactivation.application.SigningKey;
import org.mpactivation.config.ActivationApplication;
import org.mpactivation.config.SiteSettings;
import org.mpactivation.port.in.NoticeReceiver;
import org.mpactivation.port.out.AwsMarketplace;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.MeteringStates;
import org.mpactivation.repository.NoticeLog;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsHttp;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.aws.Retries;

/**
 * Builds the functions' object graph from settings, once per execution environment: API clients
 * with region, credentials and transport set explicitly (nothing discovered at cold start), the
 * store, the mailer and the application. DynamoDB and AWS Marketplace are called through the light
 * JSON client ({@link DynamoDbItemStore}, {@link JsonAwsMarketplace}, {@link JsonAwsMetering}); only SES
 * goes through the SDK.
 */
public final class AwsFunctions {

    private AwsFunctions() {
    }

    /** The activation pages: store and mail, no marketplace permissions needed. */
    public static ActivationApplication activationPages(Map<String, String> env) {
        return activationPages(AwsSettings.fromEnvironment(env), MailSettings.fromEnvironment(env),
                AwsConnections.lambda());
    }

    public static ActivationApplication activationPages(AwsSettings settings, MailSettings mail,
                                                        AwsConnections connections) {
        return base(settings, connections).mailer(mailer(mail, connections)).build();
    }

    /** The fulfillment URL: resolves tokens with AWS Marketplace, then hands over to the pages. */
    public static ActivationApplication fulfillment(Map<String, String> env) {
        return fulfillment(AwsSettings.fromEnvironment(env), AwsConnections.lambda());
    }

    /** No mailer, no password hashing, and the Entitlement client only for contract pricing. */
    public static ActivationApplication fulfillment(AwsSettings settings, AwsConnections connections) {
        return base(settings, connections).serveActivationPages(false)
                .awsMarketplace(marketplace(settings, connections.awsCredentials(), connections.awsHttp(), true,
                        settings.contractPricing()), settings.contractPricing())
                .build();
    }

    /** The lifecycle notifications (SNS via SQS, EventBridge): applied to subscriptions once each. */
    public static NoticeReceiver noticeReceiver(Map<String, String> env) {
        return noticeReceiver(AwsSettings.fromEnvironment(env), AwsConnections.lambda());
    }

    /** Reads entitlements; never resolves a token, so no Metering client. */
    public static NoticeReceiver noticeReceiver(AwsSettings settings, AwsConnections connections) {
        return noticeReceiver(store(settings, connections),
                entitlements(settings, connections.awsCredentials(), connections.awsHttp()), Clock.systemUTC());
    }

    public static ApplyMarketplaceNotice noticeReceiver(ItemStore store, AwsMarketplace marketplace, Clock clock) {
        return new ApplyMarketplaceNotice(new SubscriptionRepository(store), new NoticeLog(store),
                new AuditTrail(store), new MeteringStates(store), marketplace, workspaceRelease(store, clock), clock);
    }

    /** Gives an ended subscription's workspaces back once its final report is settled. */
    public static WorkspaceRelease workspaceRelease(ItemStore store, Clock clock) {
        return new WorkspaceRelease(new SubscriptionRepository(store), new WorkspaceRepository(store),
                new MeteringStates(store), new AuditTrail(store), clock);
    }

    /** The hourly metering run: BatchMeterUsage under the quota, exactly once per hour. */
    public static HourlyMetering hourlyMetering(Map<String, String> env) {
        return hourlyMetering(AwsSettings.fromEnvironment(env), AwsConnections.lambda());
    }

    /** BatchMeterUsage only: no Entitlement client. */
    public static HourlyMetering hourlyMetering(AwsSettings settings, AwsConnections connections) {
        JsonAwsMetering metering = JsonAwsMetering.create(settings.marketplaceRegion(), connections.awsCredentials(),
                settings.meteringEndpoint().orElse(null), connections.awsHttp());
        return hourlyMetering(settings, store(settings, connections), metering, Clock.systemUTC(), Pause.REAL);
    }

    public static HourlyMetering hourlyMetering(AwsSettings settings, ItemStore store, AwsMetering metering,
                                                Clock clock, Pause pause) {
        // BatchMeterUsage's answer to a DuplicateRecord does not say what was billed, and no API lists it
        return hourlyMetering(settings, store, metering, clock, pause, null);
    }

    /**
     * @param billedRecords where a DuplicateRecord's earlier quantity can be read (the local
     *                      marketplace's record); null where nothing can tell
     */
    public static HourlyMetering hourlyMetering(AwsSettings settings, ItemStore store, AwsMetering metering,
                                                Clock clock, Pause pause, MarketplaceUsageRecords billedRecords) {
        return new HourlyMetering(new MeteringStates(store), new MeteringLedger(store), new UsageRepository(store),
                new SubscriptionRepository(store), new WorkspaceRepository(store),
                new DimensionMap(settings.meteringDimensions()), metering,
                RateLimiter.underQuota(settings.meteringCallsPerSecond(), pause), Backoff.standard(), pause, clock,
                settings.meteringWindow(), HourlyMetering.DEFAULT_PARALLELISM, workspaceRelease(store, clock)::release,
                billedRecords);
    }

    /** The daily renewal check: GetEntitlements for every live subscription that is due. */
    public static RenewalCheck renewalCheck(Map<String, String> env) {
        return renewalCheck(AwsSettings.fromEnvironment(env), AwsConnections.lambda());
    }

    /** GetEntitlements only: no Metering client. */
    public static RenewalCheck renewalCheck(AwsSettings settings, AwsConnections connections) {
        return renewalCheck(settings, store(settings, connections),
                entitlements(settings, connections.awsCredentials(), connections.awsHttp()), Clock.systemUTC());
    }

    public static RenewalCheck renewalCheck(AwsSettings settings, ItemStore store, AwsMarketplace marketplace,
                                            Clock clock) {
        return new RenewalCheck(new SubscriptionRepository(store), new AuditTrail(store), new MeteringStates(store),
                marketplace, clock, settings.endingSoon(), workspaceRelease(store, clock));
    }

    /** The daily reconciliation: the ledger against the per-record results AWS returned, no API call. */
    public static Reconciliation reconciliation(Map<String, String> env) {
        return reconciliation(AwsSettings.fromEnvironment(env), AwsConnections.lambda());
    }

    /** The store only: no marketplace client. */
    public static Reconciliation reconciliation(AwsSettings settings, AwsConnections connections) {
        return reconciliation(settings, store(settings, connections), Clock.systemUTC());
    }

    public static Reconciliation reconciliation(AwsSettings settings, ItemStore store, Clock clock) {
        return reconciliation(settings, store, new StoredMeteringResults(new MeteringLedger(store)), clock);
    }

    /** With another account of what the marketplace recorded (locally: the simulator's). */
    public static Reconciliation reconciliation(AwsSettings settings, ItemStore store,
                                                MarketplaceUsageRecords recorded, Clock clock) {
        return new Reconciliation(new StoredMeteringFacts(store), recorded, new ReconciliationSchedules(store),
                new DriftFindings(store), clock, settings.meteringWindow().plus(RECONCILIATION_SETTLE_MARGIN));
    }

    /** Beyond the metering window: the intake's grace and the run that sends the window's last hour. */
    static final Duration RECONCILIATION_SETTLE_MARGIN = Duration.ofHours(1);

    /** The internal usage endpoint. */
    public static Router usageRouter(Map<String, String> env) {
        return usageRouter(AwsSettings.fromEnvironment(env), AwsConnections.lambda());
    }

    public static Router usageRouter(AwsSettings settings, AwsConnections connections) {
        return usageRouter(settings, store(settings, connections), Clock.systemUTC());
    }

    public static Router usageRouter(AwsSettings settings, ItemStore store, Clock clock) {
        Router router = new Router((status, key) -> usageError(status),
                Transport.ofSecureSetting(settings.secureCookies()));
        return new UsageRoute(new UsageIntake(new UsageRepository(store), new WorkspaceRepository(store),
                new MeteringStates(store), new DimensionMap(settings.meteringDimensions()), clock)).mount(router);
    }

    /**
     * The process's metrics in CloudWatch's embedded metric format (namespace {@code METRICS_NAMESPACE}),
     * one instance per execution environment: the use cases record into it, the handler flushes it at the
     * end of each invocation.
     */
    public static Metrics metrics() {
        return ProcessMetrics.INSTANCE;
    }

    private static final class ProcessMetrics {
        static final Metrics INSTANCE = EmbeddedMetrics.fromEnvironment(System.getenv());
    }

    /** The usage route's refusals as JSON, in words a caller can act on. */
    private static WebResponse usageError(int status) {
        String error = switch (status) {
            case 400 -> "the request could not be read";
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 413 -> "the request is too large: at most " + UsageRoute.MAX_BODY_BYTES / 1024 + " KiB and "
                    + UsageIntake.MAX_RECORDS + " records";
            case 415 -> "send the records as application/json";
            default -> "the request failed";
        };
        return WebResponse.text(status, "application/json",
                JsonNodeFactory.instance.objectNode().put("error", error).toString());
    }

    /** The table, through the light DynamoDB client on the function's renewable credentials and transport. */
    static ItemStore store(AwsSettings settings, AwsConnections connections) {
        return new DynamoDbItemStore(dynamoDb(settings, connections.awsCredentials(), connections.awsHttp()),
                settings.tableName(), Clock.systemUTC());
    }

    /** SES on the function's renewable credentials and HTTP client; SMTP as configured. */
    static Mailer mailer(MailSettings mail, AwsConnections connections) {
        return mail instanceof SesSettings ses ? SesMailer.create(ses, connections.credentials(), connections.http())
                : Mailers.create(mail);
    }

    static ActivationApplication.Builder base(AwsSettings settings, AwsConnections connections) {
        return ActivationApplication.builder()
                .store(store(settings, connections))
                .random(connections.random())
                .signingKey(SigningKey.fromBase64(settings.requiredSessionSecret()))
                .sites(SiteSettings.parse(settings.sitesJson()))
                .secureCookies(settings.secureCookies())
                .metrics(metrics());
    }

    /** The store's DynamoDB client: the settings' region, and their endpoint override where there is one. */
    public static AwsJsonClient dynamoDb(AwsSettings settings, AwsCredentialSource credentials, AwsHttp http) {
        return DynamoDbItemStore.client(settings.dynamoDbEndpoint().orElse(null), settings.region(), credentials,
                http, AwsJsonClient.Listener.NONE);
    }

    /** ResolveCustomer and GetEntitlements. */
    public static AwsMarketplace marketplace(AwsSettings settings, AwsCredentialSource credentials, AwsHttp http) {
        return marketplace(settings, credentials, http, true, true);
    }

    /** GetEntitlements only (resolving a token through it fails). */
    public static AwsMarketplace entitlements(AwsSettings settings, AwsCredentialSource credentials, AwsHttp http) {
        return marketplace(settings, credentials, http, false, true);
    }

    /**
     * Only the clients this function calls are built (the fulfillment URL without contract pricing has no
     * Entitlement client). Both retry as the SDK's standard mode did, within {@link CallBudget#MARKETPLACE_CALL}
     * per call, and every request is traced.
     */
    private static AwsMarketplace marketplace(AwsSettings settings, AwsCredentialSource credentials, AwsHttp http,
                                              boolean resolve, boolean readEntitlements) {
        String region = settings.marketplaceRegion();
        CallBudget budget = new CallBudget(http, CallBudget.MARKETPLACE_CALL);
        AwsJsonClient metering = null;
        if (resolve) {
            MarketplaceCallTracing tracing = new MarketplaceCallTracing("MarketplaceMetering");
            metering = MarketplaceServices.client(MarketplaceServices.METERING,
                    settings.meteringEndpoint().orElseGet(() -> MarketplaceServices.meteringEndpoint(region)), region,
                    credentials, tracing.transport(budget), Retries.standard(), tracing);
        }
        AwsJsonClient entitlements = null;
        if (readEntitlements) {
            MarketplaceCallTracing tracing = new MarketplaceCallTracing("MarketplaceEntitlement");
            entitlements = MarketplaceServices.client(MarketplaceServices.ENTITLEMENT,
                    settings.entitlementEndpoint().orElseGet(() -> MarketplaceServices.entitlementEndpoint(region)),
                    region, credentials, tracing.transport(budget), Retries.standard(), tracing);
        }
        return new ProductCheckingMarketplace(new JsonAwsMarketplace(metering, entitlements, budget,
                settings.partition()), settings.productCode());
    }
}
