package org.mpactivation.local;

import org.mpactivation.web.WebRequest;
import org.mpactivation.observability.Invocations;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.aws.UrlConnectionAwsHttp;
import org.mpactivation.adapter.metrics.InMemoryMetrics;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mpactivation.adapter.mail.Mailers;
import org.mpactivation.adapter.store.DynamoDbItemStore;
import org.mpactivation.adapter.store.DynamoDbTables;
import org.mpactivation.adapter.store.JournalCorruptedException;
import org.mpactivation.adapter.store.JournaledItemStore;
import org.mpactivation.application.SigningKey;
import org.mpactivation.aws.ActivationHandler;
import org.mpactivation.aws.AwsFunctions;
import org.mpactivation.aws.AwsSettings;
import org.mpactivation.aws.FulfillmentHandler;
import org.mpactivation.aws.HttpApiEvent;
import org.mpactivation.aws.local.HttpApiEmulation;
import org.mpactivation.aws.MeteringHandler;
import org.mpactivation.aws.ReconciliationHandler;
import org.mpactivation.aws.RenewalHandler;
import org.mpactivation.aws.UsageIntakeHandler;
import org.mpactivation.aws.metering.JsonAwsMetering;
import org.mpactivation.aws.metering.StoredMeteringResults;
import org.mpactivation.aws.notify.AwsNoticeParser;
import org.mpactivation.aws.notify.NotificationQueueHandler;
import org.mpactivation.application.HourlyMetering;
import org.mpactivation.azure.local.AzureFunctionsHost;
import org.mpactivation.config.ActivationApplication;
import org.mpactivation.config.SiteSettings;
import org.mpactivation.domain.DimensionMap;
import org.mpactivation.local.operator.ClientThrottle;
import org.mpactivation.local.operator.ClockControl;
import org.mpactivation.local.operator.DynamoDbStoreBrowser;
import org.mpactivation.local.operator.LocalClock;
import org.mpactivation.local.operator.OperatorAuth;
import org.mpactivation.local.operator.OperatorPages;
import org.mpactivation.local.operator.SnapshotStoreBrowser;
import org.mpactivation.local.operator.StoreBrowser;
import org.mpactivation.local.simulator.AwsMarketplacePages;
import org.mpactivation.local.simulator.AzureMarketplacePages;
import org.mpactivation.local.simulator.AzureWebhookTarget;
import org.mpactivation.web.AzureLandingRoute;
import org.mpactivation.web.AzureWebhookRoute;
import org.mpactivation.local.simulator.SimulatorUsageRecords;
import org.mpactivation.port.out.AwsMarketplace;
import org.mpactivation.port.out.Mailer;
import org.mpactivation.port.out.MarketplaceUsageRecords;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.repository.MeteringLedger;
import org.mpactivation.simulator.aws.AwsMarketplaceSimulator;
import org.mpactivation.web.PageRenderer;
import org.mpactivation.web.Router;
import org.mpactivation.web.Transport;
import org.mpactivation.web.WebResponse;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;
import org.mpactivation.adapter.aws.AwsHttp;
import org.mpactivation.adapter.aws.UrlConnectionAwsHttp;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * Runs the whole product on one port without a cloud account: the real AWS Lambda handler classes
 * (behind an emulation of API Gateway's payload 2.0) and Azure function classes (behind an
 * {@code HttpRequestMessage}), a simulated AWS Marketplace in the same process, a store in a local
 * file (or any DynamoDB endpoint), mail to an outbox, the scheduled jobs, and an operator view.
 */
public final class LocalServer implements AutoCloseable {

    /** Usage may be posted locally as this caller (with the usage token: see {@link UsageAuthorization}). */
    static final String LOCAL_CALLER = "arn:aws:iam::000000000000:user/local-usage";
    /** What a usage batch may weigh: 500 records of realistic size are about 71 KB. */
    static final int MAX_USAGE_BODY_BYTES = Router.MAX_BODY_BYTES;
    static final String USAGE_PATH = "/internal/usage";
    static final String STORE_FILE = "store.journal";

    private final PrintStream console;
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final LocalEdge edge;
    private final Map<String, RequestStreamHandler> lambdas;
    private final UsageIntakeHandler usage;
    private final AzureFunctionsHost azure;
    private final LocalAzure localAzure;
    private final LocalClock clock = new LocalClock();
    /** What both clouds' functions count, shown on the operator view's metrics page. */
    private final InMemoryMetrics metrics = new InMemoryMetrics("local");
    private final List<String> marketplaceDescription = new ArrayList<>();
    private final Router localPages;
    private final UsageAuthorization usageAuthorization;
    private final String storeDescription;
    private final String mailDescription;

    private LocalServer(LocalConfig config, PrintStream console) throws IOException {
        this.console = console;
        // bound first: the sign-in callback registered with the identity provider names the port
        edge = LocalEdge.bind(config.port(), console);
        try {
            Map<String, String> env = new java.util.HashMap<>(config.functionEnvironment());
            SdkHttpClient httpClient = UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(10)).build();
            resources.add(httpClient);

            AwsMarketplaceSimulator simulator = null;
            if (config.simulatedAwsMarketplace()) {
                simulator = AwsMarketplaceSimulator.builder().clock(clock).start();
                resources.add(simulator);
                env.put("MARKETPLACE_METERING_ENDPOINT", simulator.endpoint().toString());
                env.put("MARKETPLACE_ENTITLEMENT_ENDPOINT", simulator.endpoint().toString());
            }
            AwsSettings settings = AwsSettings.fromEnvironment(env);
            AwsCredentialsProvider credentials = config.simulatedAwsMarketplace()
                    ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                    : DefaultCredentialsProvider.builder().build();
            describeAws(settings, simulator != null, credentials);
            if (simulator != null) {
                simulator.product(settings.productCode()).withLicenseArns(true)
                        .dimensions(new DimensionMap(settings.meteringDimensions()).asMap().values().stream()
                                .distinct().toArray(String[]::new));
            }

            ItemStore store;
            StoreBrowser browser;
            if (config.fileStore()) {
                JournaledItemStore journal = JournaledItemStore.open(config.dataDir().resolve(STORE_FILE), clock);
                resources.add(journal);
                store = journal;
                browser = new SnapshotStoreBrowser(journal::scan, clock);
                storeDescription = "a local file, " + config.dataDir().resolve(STORE_FILE);
            } else {
                // dynalite and LocalStack accept any key; a real endpoint gets the default credential chain
                boolean loopback = settings.dynamoDbEndpoint().map(URI::getHost)
                        .filter(host -> host.equals("localhost") || host.startsWith("127.")).isPresent();
                AwsJsonClient dynamoDb = AwsFunctions.dynamoDb(settings, loopback
                        ? AwsCredentialSource.fixed(AwsCredentials.of("local", "local"))
                        : lightCredentials(DefaultCredentialsProvider.builder().build()),
                        UrlConnectionAwsHttp.standard());
                DynamoDbTables.create(dynamoDb, settings.tableName());
                store = new DynamoDbItemStore(dynamoDb, settings.tableName(), clock);
                browser = new DynamoDbStoreBrowser(dynamoDb, settings.tableName(), clock);
                storeDescription = "DynamoDB table " + settings.tableName() + " at " + settings.dynamoDbEndpoint()
                        .map(URI::toString).orElse("the region's endpoint");
            }

            Outbox outbox = new Outbox(console, clock);
            Mailer mailer = config.outboxMail() ? outbox : Mailers.fromEnvironment(env);
            mailDescription = config.outboxMail() ? "the outbox page and the console" : "MAIL_TRANSPORT " + env.get("MAIL_TRANSPORT");
            SigningKey key = SigningKey.fromBase64(settings.requiredSessionSecret());
            AwsCredentialSource marketplaceCredentials = lightCredentials(credentials);
            AwsHttp marketplaceHttp = UrlConnectionAwsHttp.standard();
            AwsMarketplace marketplace = AwsFunctions.marketplace(settings, marketplaceCredentials, marketplaceHttp);

            localAzure = LocalAzure.start(env, baseUrl(), clock, store, mailer, metrics);
            resources.add(localAzure);
            marketplaceDescription.addAll(localAzure.description());
            // one host serves both clouds' pages locally: /activate completes Azure purchases too, so both name
            // the session cookie alike; it is the same as the Azure functions' local mode names it (no __Host-
            // prefix), and the edge makes every cookie Secure unless LOCAL_PLAIN_HTTP=true (see Routes)
            ActivationApplication pages = ActivationApplication.builder().store(store).mailer(mailer).signingKey(key)
                    .clock(clock).sites(SiteSettings.parse(settings.sitesJson())).secureCookies(false)
                    .azure(localAzure.graph().fulfillment(), localAzure.graph().signIn(), baseUrl()).metrics(metrics).build();
            ActivationApplication fulfillment = ActivationApplication.builder().store(store).signingKey(key).clock(clock)
                    .sites(SiteSettings.parse(settings.sitesJson())).secureCookies(false).serveActivationPages(false)
                    .awsMarketplace(marketplace, settings.contractPricing()).metrics(metrics).build();
            NotificationQueueHandler queue = new NotificationQueueHandler(AwsFunctions.noticeReceiver(store, marketplace,
                    clock), new AwsNoticeParser(settings.productCode()), metrics);
            // locally the simulator's own record stands in for the marketplace; else the stored results
            MarketplaceUsageRecords recorded = simulator != null
                    ? new SimulatorUsageRecords(simulator::meteringRecords)
                    : new StoredMeteringResults(new MeteringLedger(store));
            MeteringHandler metering = new MeteringHandler(AwsFunctions.hourlyMetering(settings, store,
                    JsonAwsMetering.create(settings.marketplaceRegion(), marketplaceCredentials,
                            settings.meteringEndpoint().orElse(null), marketplaceHttp), clock, Pause.REAL,
                    simulator != null ? recorded : null), metrics);
            RenewalHandler renewal = new RenewalHandler(AwsFunctions.renewalCheck(settings, store, marketplace, clock), metrics);
            ReconciliationHandler reconciliation = new ReconciliationHandler(
                    AwsFunctions.reconciliation(settings, store, recorded, clock), metrics);
            lambdas = Map.of(
                    "/aws/fulfillment", new FulfillmentHandler(fulfillment.router(), metrics),
                    "/activate", new ActivationHandler(pages.router(), metrics),
                    "/healthz", new ActivationHandler(pages.router(), metrics));
            usage = new UsageIntakeHandler(AwsFunctions.usageRouter(settings, store, clock), metrics);
            azure = AzureFunctionsHost.of(localAzure.graph());

            LocalJobs jobs = new LocalJobs(console)
                    .add("metering", () -> metering.handleRequest(Map.of("id", "local-schedule"), null),
                            Duration.ofMinutes(15), Duration.ofMinutes(1))
                    .add("renewal", () -> renewal.handleRequest(Map.of("id", "local-" + clock.instant()), null),
                            Duration.ofDays(1), Duration.ofMinutes(5))
                    .add("reconciliation", () -> reconciliation.handleRequest(
                            Map.of("id", "local-" + clock.instant()), null), Duration.ofDays(1), Duration.ofMinutes(10))
                    .add("azure-metering", () -> asMap(localAzure.graph().meteringRun(Duration.ofMinutes(10))),
                            Duration.ofMinutes(15), Duration.ofMinutes(1))
                    .add(OperatorPages.AZURE_RECONCILIATION_JOB, () -> localAzure.graph()
                            .reconciliationRun("local-" + clock.instant()).counts(), Duration.ofDays(1),
                            Duration.ofMinutes(10));
            resources.add(jobs);

            PageRenderer renderer = new PageRenderer();
            localPages = new Router((status, messageKey) -> WebResponse.text(status, "text/plain; charset=utf-8",
                    status == 404 ? "Not found" : "Request refused (" + status + ")"), Transport.LOCAL_PLAIN_HTTP);
            Map<String, Object> start = new java.util.HashMap<>(Map.of(
                    "fulfillmentUrl", baseUrl() + "/aws/fulfillment", "usageUrl", baseUrl() + "/internal/usage",
                    "productCode", settings.productCode(), "storeDescription", storeDescription,
                    "mailDescription", mailDescription));
            start.put("azureLandingUrl", baseUrl() + AzureLandingRoute.LANDING);
            start.put("azureWebhookUrl", baseUrl() + AzureWebhookRoute.PATH);
            start.put("awsSimulated", simulator != null);
            start.put("azureSimulated", localAzure.marketplace().isPresent());
            localPages.get("/", (request, params) -> WebResponse.html(200, renderer.render("local/start", start)));
            localPages.get("/outbox", (request, params) -> WebResponse.html(200,
                    renderer.render("local/outbox", Map.of("messages", outbox.messages()))));
            if (simulator != null) {
                new AwsMarketplacePages(simulator, settings.productCode(), "/aws/fulfillment", queue, renderer, clock)
                        .mount(localPages);
            }
            localAzure.marketplace().ifPresent(azureSimulator -> new AzureMarketplacePages(azureSimulator,
                    localAzure.entra().orElseThrow(), new DimensionMap(settings.meteringDimensions()).asMap().values()
                    .stream().distinct().toList(), URI.create(AzureLandingRoute.LANDING),
                    new AzureWebhookTarget(() -> baseUrl().resolve(AzureWebhookRoute.PATH),
                            LocalAzure.LOCAL_PUBLISHER_TENANT, localAzure.apiClientId()), renderer, clock).mount(localPages));
            // operator sign-ins keep wall time: moving the local clock must not log the operator out
            // one login for every operator page: one throttle on the admin password, one logout for all
            OperatorAuth operatorAuth = new OperatorAuth(config.adminPassword(), key, Clock.systemUTC(),
                    new ClientThrottle(Clock.systemUTC()), !config.plainHttp());
            OperatorPages operator = new OperatorPages(browser, store, operatorAuth, renderer, Clock.systemUTC(),
                    jobs.onDemand(), metrics);
            new ClockControl(clock, operatorAuth, renderer).mount(localPages);
            operator.mount(localPages);
            jobs.reportTo(operator.jobBoard());
            usageAuthorization = new UsageAuthorization(config.usageToken(), new ClientThrottle(Clock.systemUTC()));
        } catch (RuntimeException failed) {
            // nothing half-started stays behind: the port, the simulators, the store
            edge.close();
            closeResources();
            throw failed;
        }
    }

    /**
     * Starts the server on the configured port.
     *
     * @throws LocalEdge.PortInUseException if the port is taken (nothing else was started)
     * @throws IllegalStateException        if a setting is missing or wrong, or the store cannot be opened
     *                                      ({@link JournalCorruptedException} for a damaged journal)
     */
    public static LocalServer start(LocalConfig config, PrintStream console) throws IOException {
        LocalServer server = new LocalServer(config, console);
        try {
            server.edge.start(server.new Routes(!config.plainHttp()));
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException("the HTTP server did not start: " + e.getClass().getSimpleName(), e);
        }
        return server;
    }

    public URI baseUrl() {
        return URI.create("http://localhost:" + port());
    }

    public int port() {
        return edge.port();
    }

    /**
     * Every route of the local run, behind the edge. Every cookie any of them sets leaves with {@code Secure}
     * (browsers keep such cookies from {@code http://localhost}), unless {@code LOCAL_PLAIN_HTTP=true}.
     */
    private final class Routes implements LocalEdge.Routes {
        private final boolean secureCookies;

        Routes(boolean secureCookies) {
            this.secureCookies = secureCookies;
        }

        @Override
        public int bodyLimit(String rawPath) {
            return rawPath.equals(USAGE_PATH) ? MAX_USAGE_BODY_BYTES : Router.DEFAULT_BODY_BYTES;
        }

        @Override
        public LocalAnswer handle(LocalExchange exchange) {
            LocalAnswer answer = route(exchange);
            return secureCookies ? answer.withSecureCookies() : answer;
        }

        private LocalAnswer route(LocalExchange exchange) {
            String path = exchange.rawPath();
            RequestStreamHandler lambda = lambdaFor(path);
            if (lambda != null) {
                return LocalAnswer.of(HttpApiEmulation.invoke(lambda, event(exchange, null), null));
            }
            if (path.equals(USAGE_PATH)) {
                Optional<LocalAnswer> refused = usageAuthorization.refusal(exchange);
                return refused.orElseGet(() -> LocalAnswer.of(HttpApiEmulation.invoke(usage, event(exchange, LOCAL_CALLER), null)));
            }
            if (path.startsWith("/azure/")) {
                return LocalAnswer.of(azure.serve(exchange.method(), path, exchange.rawQuery(), exchange.headers(),
                        exchange.peerAddress(), exchange.body()));
            }
            return LocalAnswer.of(servedLocally(exchange));
        }

        private HttpApiEvent event(LocalExchange exchange, String iamCaller) {
            return HttpApiEmulation.toEvent(exchange.method(), exchange.rawPath(), exchange.rawQuery(),
                    exchange.headers(), exchange.peerAddress(), exchange.body(), iamCaller);
        }
    }

    /** The local server's own pages (start page, simulators, operator view) in a request context of their own. */
    private WebResponse servedLocally(LocalExchange exchange) {
        return Invocations.exchange(exchange.header("x-request-id").orElse(null), "local", null, metrics,
                exchange.method(), () -> localPages.handle(() -> LocalHttp.toWebRequest(exchange)), WebResponse::status);
    }

    private RequestStreamHandler lambdaFor(String path) {
        for (Map.Entry<String, RequestStreamHandler> entry
                : lambdas.entrySet()) {
            String prefix = entry.getKey();
            if (path.equals(prefix) || path.startsWith(prefix + "/")) {
                return entry.getValue();
            }
        }
        return null;
    }

    @Override
    public void close() {
        edge.close();
        closeResources();
    }

    private void closeResources() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                console.println("[server] closing " + resources.get(i).getClass().getSimpleName() + " failed");
            }
        }
    }

    /**
     * The SDK's default chain (profiles included) for the light clients (the store's and the marketplace's):
     * a local run against real AWS signs as the developer's tools do; no cold start to save here.
     */
    private static AwsCredentialSource lightCredentials(AwsCredentialsProvider chain) {
        return () -> {
            software.amazon.awssdk.auth.credentials.AwsCredentials resolved = chain.resolveCredentials();
            String token = resolved instanceof AwsSessionCredentials session ? session.sessionToken() : null;
            return new AwsCredentials(resolved.accessKeyId(), resolved.secretAccessKey(), token,
                    resolved.expirationTime().orElse(null));
        };
    }

    /** What the banner says about AWS: the endpoints, and a missing credential by name. */
    private void describeAws(AwsSettings settings, boolean simulated, AwsCredentialsProvider credentials) {
        if (simulated) {
            marketplaceDescription.add("AWS Marketplace: simulated at " + baseUrl().resolve("/simulator/aws")
                    + " (Metering and Entitlement APIs in this process)");
            return;
        }
        marketplaceDescription.add("AWS Marketplace: metering " + settings.meteringEndpoint().map(URI::toString)
                .orElse("the region's endpoint") + ", entitlements " + settings.entitlementEndpoint()
                .map(URI::toString).orElse("the region's endpoint"));
        try {
            credentials.resolveCredentials();
        } catch (RuntimeException none) {
            marketplaceDescription.add("AWS credentials: NONE FOUND — set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
                    + " (or AWS_PROFILE); every AWS Marketplace call will fail until then");
            console.println("[aws] no AWS credentials found (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE):"
                    + " the AWS Marketplace endpoints set above cannot be called");
        }
    }

    private static Map<String, Integer> asMap(HourlyMetering.Report r) {
        Map<String, Integer> map = new java.util.LinkedHashMap<>();
        map.put("subscriptions", r.subscriptions());
        map.put("sent", r.recordsSent());
        map.put("duplicates", r.duplicates());
        map.put("notSubscribed", r.notSubscribed());
        map.put("flagged", r.flagged());
        map.put("calls", r.calls());
        map.put("pending", r.recordsLeftPending());
        map.put("failed", r.failed());
        return map;
    }

    /** What the start banner says about the marketplaces each cloud talks to. */
    List<String> marketplaceDescription() {
        return List.copyOf(marketplaceDescription);
    }
}
