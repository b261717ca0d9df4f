package org.mpactivation.azure.fuzz;

import com.microsoft.azure.functions.HttpResponseMessage;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.AzurePurchases;
import org.mpactivation.application.CapturingMailer;
import org.mpactivation.application.FaultyItemStore;
import org.mpactivation.application.RecordingItemStore;
import org.mpactivation.azure.ActivationFunction;
import org.mpactivation.azure.AzureGraph;
import org.mpactivation.azure.AzureSettings;
import org.mpactivation.azure.FakeHttpRequest;
import org.mpactivation.azure.WebhookFunction;
import org.mpactivation.azure.fulfillment.EntraClientCredentials;
import org.mpactivation.azure.fulfillment.HttpAzureFulfillment;
import org.mpactivation.azure.fulfillment.RetryPolicy;
import org.mpactivation.azure.metering.HttpAzureMetering;
import org.mpactivation.azure.signin.BuyerBrowser;
import org.mpactivation.azure.signin.EntraSignInSettings;
import org.mpactivation.azure.webhook.EntraWebhookVerifier;
import org.mpactivation.domain.MarketplaceSubscription;
import org.mpactivation.domain.Workspace;
import org.mpactivation.domain.WorkspaceLanguage;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.azure.SaasSubscription;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.repository.AuditTrail;
import org.mpactivation.repository.SubscriptionRepository;
import org.mpactivation.repository.WorkspaceRepository;
import org.mpactivation.simulator.azure.AzureMarketplaceSimulator;
import org.mpactivation.simulator.azure.AzureOffer;
import org.mpactivation.simulator.azure.AzurePlan;
import org.mpactivation.simulator.azure.Identity;
import org.mpactivation.simulator.azure.MovableClock;
import org.mpactivation.simulator.azure.Purchase;
import org.mpactivation.simulator.entra.DirectoryUser;
import org.mpactivation.simulator.entra.EntraSimulator;
import org.mpactivation.simulator.entra.Issuers;
import org.mpactivation.simulator.entra.RegisteredApp;
import org.mpactivation.simulator.entra.TokenForm;
import org.mpactivation.testkit.fuzz.WebAnswers;

/**
 * The Azure functions as production composes them ({@link AzureGraph}), called in this process through
 * the function classes with the worker's request type, on the in-memory store (recorded, and made busy
 * on demand), the Azure Marketplace simulator (its wire protocol, reached by the real client) and the
 * Entra stand-in (client credentials, the buyer's sign-in, webhook tokens), one movable clock.
 */
public final class AzureFuzzWorld implements AutoCloseable {

    public static final Instant START = Instant.parse("2026-03-02T10:20:30Z");
    public static final String OFFER = "contoso-saas";
    public static final String PUBLISHER_TENANT = "9a1b2c3d-0000-4000-8000-00000000aaaa";
    public static final String BUYER_TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    public static final URI BASE = URI.create("http://127.0.0.1:9");

    public final MovableClock clock = new MovableClock(START);
    public final EntraSimulator entra = EntraSimulator.builder().clock(clock).issuers(Issuers.MICROSOFT).start();
    public final AzureMarketplaceSimulator azure;
    public final String apiClientId = UUID.randomUUID().toString();
    final String signInClientId = UUID.randomUUID().toString();
    final DirectoryUser buyer = new DirectoryUser(BUYER_TENANT, UUID.randomUUID().toString(),
            "ada@contoso.example", "Ada Buyer");
    public final CapturingMailer mailer = new CapturingMailer();
    public final RecordingItemStore recorded;
    public final FaultyItemStore store;
    public final SubscriptionRepository subscriptions;
    public final AzureGraph graph;
    public final HttpAzureFulfillment fulfillment;
    public final ActivationFunction activation;
    public final WebhookFunction webhook;
    private final AtomicInteger ids = new AtomicInteger();
    /** The next call of this name ("resolve", "activate", "operation", "updateOperation") times out. */
    public final java.util.concurrent.atomic.AtomicReference<String> timeOutNext =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** On the in-memory store. */
    public AzureFuzzWorld() {
        this(null);
    }

    /** @param table the store to run on (e.g. DynamoDB on dynalite); null: the in-memory store */
    public AzureFuzzWorld(java.util.function.Function<java.time.Clock, org.mpactivation.port.out.store.ItemStore> table) {
        recorded = new RecordingItemStore(table == null ? new InMemoryItemStore(clock) : table.apply(clock));
        store = new FaultyItemStore(recorded);
        subscriptions = new SubscriptionRepository(store);
        azure = AzureMarketplaceSimulator.builder().clock(clock)
                .acceptedTokens(token -> entra.issuedFor(EntraSimulator.MARKETPLACE_APP_ID, token)).start();
        azure.createOffer(new AzureOffer("contoso", OFFER, List.of(
                AzurePlan.flatRate("basic", "requests"),
                AzurePlan.perSeat("team", "requests"),
                AzurePlan.perSeat("team-plus", "requests"))));
        String apiSecret = "api-" + UUID.randomUUID();
        String signInSecret = "signin-" + UUID.randomUUID();
        entra.registerApp(new RegisteredApp(apiClientId, apiSecret, List.of()));
        entra.registerApp(new RegisteredApp(signInClientId, signInSecret,
                List.of(BASE.resolve("/azure/signin/callback").toString())));
        entra.addUser(buyer);

        Map<String, String> env = new HashMap<>();
        env.put(AzureSettings.TABLE_NAME, "activation");
        env.put(AzureSettings.SESSION_SECRET, Base64.getEncoder().encodeToString(new byte[48]));
        env.put(AzureSettings.PUBLIC_BASE_URL, BASE.toString());
        env.put(AzureSettings.LOCAL_PLAIN_HTTP, "true");
        env.put(AzureSettings.METERING_DIMENSIONS, "{\"api_calls\":\"requests\"}");
        env.put(AzureSettings.WEBHOOK_TENANT_ID, PUBLISHER_TENANT);
        env.put(AzureSettings.WEBHOOK_AUDIENCE, apiClientId);
        env.put(AzureSettings.WEBHOOK_KEY_SET_URL, entra.keySetUri(PUBLISHER_TENANT).toString());
        env.put(EntraSignInSettings.AUTHORITY, entra.authority("organizations").toString());
        env.put(EntraSignInSettings.CLIENT_ID, signInClientId);
        env.put(EntraSignInSettings.CLIENT_SECRET, signInSecret);
        AzureSettings settings = AzureSettings.from(env);
        EntraClientCredentials tokens = EntraClientCredentials.forTenant(entra.endpoint(), PUBLISHER_TENANT,
                apiClientId, apiSecret, clock);
        RetryPolicy quick = new RetryPolicy(2, Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(2));
        fulfillment = new HttpAzureFulfillment(azure.baseUri(), tokens, quick, Pause.REAL);
        graph = new AzureGraph(settings, store, clock, new TimingOut(fulfillment),
                new TimingOut(new HttpAzureFulfillment(azure.baseUri(), tokens, quick, Pause.REAL)),
                timingOut(new HttpAzureMetering(azure.baseUri(), tokens, quick, Pause.REAL)),
                EntraSignInSettings.from(env).buyerSignIn(clock),
                new EntraWebhookVerifier(settings.webhookTokens(), clock,
                        new DefaultResourceRetriever(2_000, 2_000, 64 * 1024)),
                () -> mailer);
        activation = new ActivationFunction(graph.activationRouter());
        webhook = new WebhookFunction(graph.webhookRouter());
    }

    public String unique(String prefix) {
        return prefix + ids.incrementAndGet();
    }

    public Purchase buy(String plan, Integer seats) {
        return azure.subscribe(OFFER, plan, seats, new Identity(buyer.email(), buyer.objectId(), buyer.tenantId(),
                "1003" + buyer.objectId().substring(0, 8)));
    }

    /** A browser that calls the functions in this process. */
    public Client browser() {
        return new Client();
    }

    /** A bearer token the marketplace's webhook call carries. */
    public String webhookToken() {
        return entra.marketplaceWebhookToken(apiClientId, PUBLISHER_TENANT, TokenForm.V2);
    }

    /**
     * A subscription the buyer bought, activated with the marketplace and bound to a workspace: stored as
     * the landing and activation steps store it.
     */
    public String activatedSubscription(String planId, Integer quantity) {
        Purchase purchase = buy(planId, quantity);
        fulfillment.activate(purchase.subscriptionId(), planId, quantity);
        SaasSubscription read = fulfillment.subscription(purchase.subscriptionId());
        Instant now = clock.instant();
        MarketplaceSubscription arrived = MarketplaceSubscription.newAzure(read.id(), AzurePurchases.of(read), now);
        MarketplaceSubscription activated = AzurePurchases.follow(arrived, read, "landing", now)
                .withBillingAccount("billing-1", now).activated("activation:test", now);
        MarketplaceSubscription stored = subscriptions.createOrGet(activated);
        new AuditTrail(store).recordChangeOf(stored);
        String workspaceId = unique("ws-");
        new WorkspaceRepository(store).createOrGet(new Workspace(workspaceId, "Workspace", WorkspaceLanguage.EN,
                "us-oregon", "console-1", "billing-1", stored.id(), now, now, 0));
        subscriptions.linkWorkspace(stored.id(), workspaceId, now);
        return purchase.subscriptionId();
    }

    public Map<String, Item> snapshot() {
        return recorded.snapshot();
    }

    /** The answer keeps the properties of every public answer (see {@link WebAnswers}). */
    public static void checkAnswer(FakeHttpRequest.Response response, boolean busyAllowed, String context) {
        WebAnswers.check(response.getStatusCode(), response.headers(),
                response.getBody() == null ? null : response.getBody().toString(), busyAllowed, context);
    }

    @Override
    public void close() {
        azure.close();
        entra.close();
    }

    /** The metering client, whose call times out once after the marketplace accepted it where the test says. */
    private org.mpactivation.port.out.azure.AzureMetering timingOut(org.mpactivation.port.out.azure.AzureMetering metering) {
        return events -> {
            var results = metering.batchUsageEvent(events);
            if (timeOutNext.compareAndSet("batchUsageEvent", null)) {
                throw new org.mpactivation.port.out.MarketplaceUnavailableException("batchUsageEvent timed out",
                        new java.net.SocketTimeoutException("Read timed out"));
            }
            return results;
        };
    }

    /** The marketplace client as the functions use it, which times out once where the test says. */
    private final class TimingOut implements org.mpactivation.port.out.azure.AzureFulfillment {
        private final org.mpactivation.port.out.azure.AzureFulfillment delegate;

        TimingOut(org.mpactivation.port.out.azure.AzureFulfillment delegate) {
            this.delegate = delegate;
        }

        private void maybeTimeOut(String call) {
            if (timeOutNext.compareAndSet(call, null)) {
                throw new org.mpactivation.port.out.MarketplaceUnavailableException(call + " timed out",
                        new java.net.SocketTimeoutException("Read timed out"));
            }
        }

        @Override
        public org.mpactivation.port.out.azure.ResolvedPurchase resolve(String landingToken) {
            maybeTimeOut("resolve");
            return delegate.resolve(landingToken);
        }

        @Override
        public void activate(String subscriptionId, String planId, Integer quantity) {
            maybeTimeOut("activate");
            delegate.activate(subscriptionId, planId, quantity);
        }

        @Override
        public SaasSubscription subscription(String subscriptionId) {
            maybeTimeOut("subscription");
            return delegate.subscription(subscriptionId);
        }

        @Override
        public java.util.stream.Stream<SaasSubscription> subscriptions() {
            return delegate.subscriptions();
        }

        @Override
        public List<org.mpactivation.port.out.azure.AvailablePlan> availablePlans(String subscriptionId) {
            return delegate.availablePlans(subscriptionId);
        }

        @Override
        public org.mpactivation.port.out.azure.MarketplaceOperation operation(String subscriptionId,
                                                                                String operationId) {
            maybeTimeOut("operation");
            return delegate.operation(subscriptionId, operationId);
        }

        @Override
        public void updateOperation(String subscriptionId, String operationId, String planId, Integer quantity,
                                    org.mpactivation.port.out.azure.OperationOutcome outcome) {
            maybeTimeOut("updateOperation");
            delegate.updateOperation(subscriptionId, operationId, planId, quantity, outcome);
        }
    }

    /** Keeps the cookie the answers set (the Azure worker sends one Set-Cookie per answer) and sends it back. */
    public final class Client {

        private final Map<String, String> cookies = new LinkedHashMap<>();

        public Map<String, String> cookies() {
            return cookies;
        }

        public Client withCookies(Map<String, String> values) {
            cookies.clear();
            cookies.putAll(values);
            return this;
        }

        public FakeHttpRequest.Response send(String method, String pathAndQuery, Map<String, String> headers, String body) {
            FakeHttpRequest request = "POST".equals(method)
                    ? FakeHttpRequest.post(BASE + pathAndQuery, body) : FakeHttpRequest.get(BASE + pathAndQuery);
            headers.forEach(request::header);
            if (!cookies.isEmpty()) {
                StringBuilder header = new StringBuilder();
                cookies.forEach((name, value) -> header.append(header.length() == 0 ? "" : "; ")
                        .append(name).append('=').append(value));
                request.header("Cookie", header.toString());
            }
            HttpResponseMessage answer;
            if (pathAndQuery.startsWith("/azure/webhook")) {
                answer = webhook.run(request, null);
            } else if (pathAndQuery.startsWith("/azure/landing")) {
                answer = activation.landing(request, null);
            } else if (pathAndQuery.startsWith("/azure/signin")) {
                answer = activation.signIn(request, null);
            } else {
                answer = activation.run(request, null);
            }
            FakeHttpRequest.Response response = (FakeHttpRequest.Response) answer;
            String setCookie = response.getHeader("Set-Cookie");
            if (setCookie != null) {
                String pair = setCookie.split(";", 2)[0];
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    String value = pair.substring(equals + 1).strip();
                    if (setCookie.toLowerCase().contains("max-age=0") || value.isEmpty()) {
                        cookies.remove(pair.substring(0, equals).strip());
                    } else {
                        cookies.put(pair.substring(0, equals).strip(), value);
                    }
                }
            }
            return response;
        }

        /** Posts a form, url-encoded. */
        public FakeHttpRequest.Response post(String path, Map<String, String> fields) {
            StringBuilder body = new StringBuilder();
            fields.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
                    .append(java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)).append('=')
                    .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)));
            return send("POST", path, Map.of("Content-Type", "application/x-www-form-urlencoded"), body.toString());
        }

        /** The page's form fields a browser sends unseen: the CSRF token and the submission id if any. */
        public Map<String, String> hiddenFieldsOf(String page) {
            Object body = get(page).getBody();
            String html = body == null ? "" : body.toString();
            Map<String, String> fields = new LinkedHashMap<>();
            for (String name : List.of("_csrf", "submissionId")) {
                java.util.regex.Matcher matcher = java.util.regex.Pattern
                        .compile("name=\"" + name + "\" value=\"([^\"]+)\"").matcher(html);
                if (matcher.find()) {
                    fields.put(name, matcher.group(1).replace("&#61;", "=").replace("&amp;", "&"));
                }
            }
            return fields;
        }

        public FakeHttpRequest.Response get(String pathAndQuery) {
            return send("GET", pathAndQuery, Map.of(), null);
        }

        /** Lands with the portal's token and starts the sign-in: the Entra authorization URL, or null. */
        public URI landAndStartSignIn(Purchase purchase) {
            FakeHttpRequest.Response response = get("/azure/landing?token=" + purchase.urlEncodedToken());
            for (int hops = 0; hops < 4 && response.getStatusCode() / 100 == 3; hops++) {
                String location = response.getHeader("Location");
                if (location == null) {
                    return null;
                }
                URI target = URI.create(location);
                if (!target.isAbsolute() || target.toString().startsWith(BASE.toString())) {
                    String path = target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery());
                    response = get(path);
                } else {
                    return target;
                }
            }
            return null;
        }

        /** Signs in at the Entra stand-in as the buyer: the callback's query parameters (code, state). */
        public Map<String, String> signInAtEntra(URI authorizationUrl) {
            return new BuyerBrowser().signIn(authorizationUrl, buyer.objectId());
        }
    }
}
