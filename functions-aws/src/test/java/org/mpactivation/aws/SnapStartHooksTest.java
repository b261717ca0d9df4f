package org.mpactivation.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.crac.Context;
import org.crac.Resource;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;
import org.mpactivation.adapter.aws.AwsHttp;
import org.mpactivation.adapter.mail.SesSettings;
import org.mpactivation.adapter.mail.SmtpSettings;
import org.mpactivation.adapter.security.SecureRandomSource;
import org.mpactivation.adapter.store.CountingItemStore;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.SigningKey;
import org.mpactivation.aws.snapstart.AwsConnections;
import org.mpactivation.aws.snapstart.HandlerPriming;
import org.mpactivation.aws.snapstart.PrimedFunction;
import org.mpactivation.aws.snapstart.Primers;
import org.mpactivation.aws.snapstart.SdkPrimers;
import org.mpactivation.aws.snapstart.MarketplacePrimers;
import org.mpactivation.aws.snapstart.RenewableAwsCredentials;
import org.mpactivation.aws.snapstart.RenewableAwsHttp;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;
import org.mpactivation.adapter.aws.AwsHttp;
import org.mpactivation.aws.snapstart.SnapStartFunctions;
import org.mpactivation.config.ActivationApplication;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.port.out.AwsMarketplace;
import org.mpactivation.port.out.EmailMessage;
import org.mpactivation.port.out.Mailer;
import org.mpactivation.port.out.Metrics;
import org.mpactivation.port.out.RandomSource;
import org.mpactivation.web.AwsFulfillmentRoute;
import org.mpactivation.web.Router;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Drives the SnapStart hooks as Lambda does (register when the handler is built, beforeCheckpoint, then
 * afterRestore), with the handlers on test ports: priming touches neither the store nor the marketplace nor
 * the mail, yet exercises the pages, the JSON mapping, the SDK's and the store's client's marshalling and
 * password hashing, without fetching credentials or sending through the function's transports (no socket);
 * a restore renews the random source, the credentials and the HTTP clients, the SDK's and the light ones;
 * and the handler then serves a real request on the renewed random source.
 */
class SnapStartHooksTest {

    private static final String PRODUCT = "prod-snapstart1";

    private final Clock clock = Clock.systemUTC();
    private final CountingItemStore store = new CountingItemStore(new InMemoryItemStore(clock));
    private final CountingMarketplace marketplace = new CountingMarketplace();
    private final List<CountingRandom> randoms = new ArrayList<>();
    private final List<AwsCredentialsProvider> credentials = new ArrayList<>();
    private final AtomicInteger credentialsResolved = new AtomicInteger();
    private final List<RecordingHttp> httpClients = new ArrayList<>();
    private final List<AwsCredentialSource> lightCredentials = new ArrayList<>();
    private final AtomicInteger lightCredentialsResolved = new AtomicInteger();
    private final List<AwsHttp> lightHttp = new ArrayList<>();
    private final AtomicInteger lightRequests = new AtomicInteger();
    private final AwsConnections connections = new AwsConnections(
            () -> add(credentials, (AwsCredentialsProvider) () -> {
                credentialsResolved.incrementAndGet();
                return AwsBasicCredentials.create("id", "secret");
            }),
            () -> add(httpClients, new RecordingHttp()), () -> add(randoms, new CountingRandom()),
            () -> add(lightCredentials, (AwsCredentialSource) () -> {
                lightCredentialsResolved.incrementAndGet();
                return AwsCredentials.of("id", "secret");
            }),
            () -> add(lightHttp, (AwsHttp) request -> {
                // would open a socket: counted, and refused
                lightRequests.incrementAndGet();
                throw new java.io.IOException("no request goes through the function's transport in this test");
            }));
    private final RecordingHooks hooks = new RecordingHooks();
    private final AwsSettings settings = AwsSettings.fromEnvironment(Map.of("TABLE_NAME", "activation",
            "MARKETPLACE_PRODUCT_CODE", PRODUCT, "SECURE_COOKIES", "false",
            "SESSION_SECRET", Base64.getEncoder().encodeToString(new byte[48])));

    @Test
    void givenTheFulfillmentHandler_whenCheckpointedAndRestored_thenPrimedWithoutEffectsRenewedAndServing()
            throws Exception {
        Router router = ActivationApplication.builder().store(store).random(connections.random())
                .signingKey(SigningKey.fromBase64(settings.requiredSessionSecret())).clock(clock)
                .secureCookies(false).serveActivationPages(false).awsMarketplace(marketplace, false).build().router();
        HandlerPriming priming = SnapStartFunctions.fulfillmentPriming(settings, router, connections);
        FulfillmentHandler handler = new FulfillmentHandler(new PrimedFunction<>(router, priming), Metrics.NONE, hooks);
        assertEquals(List.of(priming), hooks.registered, "registered when the handler is built");
        assertSame(priming, handler.priming(), "and kept by the handler");

        hooks.beforeCheckpoint(null);

        assertEquals(0, store.writes(), "no store write while priming");
        assertEquals(0, store.reads(), "the store is not even read");
        assertEquals(0, marketplace.calls.get(), "no marketplace call while priming");
        Map<String, Integer> primed = priming.primed();
        assertEquals(Primers.ERROR_PAGES.size() * 2, primed.get("pages"), "each error page in both languages");
        assertTrue(primed.get("json") > 0, primed.toString());
        assertEquals(3, primed.get("router"), primed.toString());
        assertEquals(6, primed.get("dynamodb"), "GetItem, PutItem twice, DeleteItem, Query twice: " + primed);
        assertEquals(2, primed.get("marketplace"), "ResolveCustomer and GetEntitlements: " + primed);
        assertEquals(1, randoms.size());
        assertEquals(0, randoms.get(0).used.get(), "priming draws nothing from the graph's random source");
        assertEquals(0, credentialsResolved.get(), "no credentials are fetched before the snapshot");
        assertEquals(0, httpClients.size(), "no SDK HTTP client is built: the fulfillment's clients are all light");
        assertEquals(0, credentials.size(), "nor an SDK credentials provider");
        assertEquals(0, lightCredentialsResolved.get(), "the store's client fetches no credentials either");
        assertEquals(0, lightRequests.get(), "and sends nothing through the function's transport: no socket");
        assertEquals(1, lightHttp.size());

        hooks.afterRestore(null);

        assertEquals(1, priming.restores());
        assertEquals(2, randoms.size(), "a new random source");
        assertSame(randoms.get(1), connections.random().current());
        assertFalse(connections.credentials().built(), "still no SDK credentials provider");
        assertFalse(connections.http().built(), "still no SDK HTTP client");
        assertEquals(2, lightCredentials.size(), "a new credentials source for the light clients");
        assertSame(lightCredentials.get(1), ((RenewableAwsCredentials) connections.awsCredentials()).current());
        assertEquals(2, lightHttp.size(), "a new transport for the light clients");
        assertSame(lightHttp.get(1), ((RenewableAwsHttp) connections.awsHttp()).current());

        APIGatewayV2HTTPResponse response = LambdaHttp.invoke(handler, fulfillmentPost("token-after-restore"), null);

        assertEquals(303, response.getStatusCode(), response.getBody());
        assertEquals("/activate/start", response.getHeaders().get("Location"));
        assertNotNull(response.getCookies(), "a session cookie");
        assertEquals(1, marketplace.resolved.get());
        assertTrue(store.writes() > 0, "the arrival is recorded");
        assertTrue(randoms.get(1).used.get() > 0, "the session came from the renewed random source");
        assertEquals(0, randoms.get(0).used.get(), "nothing from the one in the snapshot");
    }

    @Test
    void givenTheActivationHandler_whenCheckpointed_thenEveryPageAndHashingPrimedWithoutStoreOrMail()
            throws Exception {
        CountingMailer mailer = new CountingMailer();
        Router router = ActivationApplication.builder().store(store).random(connections.random()).mailer(mailer)
                .signingKey(SigningKey.fromBase64(settings.requiredSessionSecret())).clock(clock)
                .secureCookies(false).build().router();
        HandlerPriming priming = SnapStartFunctions.activationPriming(settings, new SmtpSettings("127.0.0.1", 25,
                null, null, false, "activation@example.com", "Activation"), router, connections);
        ActivationHandler handler = new ActivationHandler(new PrimedFunction<>(router, priming), Metrics.NONE, hooks);
        assertSame(priming, handler.priming());
        assertEquals(List.of(priming), hooks.registered);

        hooks.beforeCheckpoint(null);
        hooks.afterRestore(null);

        assertEquals(0, store.writes());
        assertEquals(0, mailer.sent.get(), "no mail while priming");
        Map<String, Integer> primed = priming.primed();
        assertEquals(Primers.ACTIVATION_PAGES.size() * 2, primed.get("pages"), "every page in both languages");
        assertEquals(1, primed.get("passwords"), "one Argon2id hash and its check");
        assertTrue(primed.get("json") > 0, primed.toString());
        assertEquals(6, primed.get("dynamodb"), primed.toString());
        assertEquals(0, lightRequests.get(), "the store was primed on the canned transport");
        assertNotSame(randoms.get(0), connections.random().current());

        APIGatewayV2HTTPResponse health = LambdaHttp.invoke(handler, get("/healthz"), null);
        assertEquals(200, health.getStatusCode());
        assertEquals("ok", health.getBody());
    }

    @Test
    void givenTheOtherPrimers_thenEachOperationIsAnsweredInProcess() {
        assertEquals(1, MarketplacePrimers.metering(settings).work().getAsInt(), "BatchMeterUsage");
        assertEquals(1, MarketplacePrimers.entitlements(settings).work().getAsInt(), "GetEntitlements");
        assertEquals(2, MarketplacePrimers.marketplace(settings).work().getAsInt(), "ResolveCustomer, GetEntitlements");
        assertEquals(1, SdkPrimers.ses(settings, new SesSettings("eu-west-1", null, "activation@example.com",
                "Activation", null)).work().getAsInt(), "SendEmail");
    }

    private static APIGatewayV2HTTPEvent fulfillmentPost(String token) {
        APIGatewayV2HTTPEvent event = event("POST", AwsFulfillmentRoute.PATH);
        Map<String, String> headers = new HashMap<>(event.getHeaders());
        headers.put("content-type", "application/x-www-form-urlencoded");
        event.setHeaders(headers);
        event.setBody("x-amzn-marketplace-token=" + token);
        return event;
    }

    private static APIGatewayV2HTTPEvent get(String path) {
        return event("GET", path);
    }

    private static APIGatewayV2HTTPEvent event(String method, String path) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        http.setSourceIp("203.0.113.7");
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(http);
        context.setRequestId("req-snapstart");
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRequestContext(context);
        event.setRawPath(path);
        event.setHeaders(Map.of("host", "localhost"));
        event.setIsBase64Encoded(false);
        return event;
    }

    private static <T> T add(List<? super T> created, T value) {
        created.add(value);
        return value;
    }

    /** Lambda's part: the registered resources, called around the snapshot. */
    private static final class RecordingHooks extends Context<Resource> {
        final List<Resource> registered = new ArrayList<>();

        @Override
        public void register(Resource resource) {
            registered.add(resource);
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) {
            for (Resource resource : registered) {
                try {
                    resource.beforeCheckpoint(this);
                } catch (Exception e) {
                    throw new AssertionError("beforeCheckpoint failed", e);
                }
            }
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) {
            for (Resource resource : registered) {
                try {
                    resource.afterRestore(this);
                } catch (Exception e) {
                    throw new AssertionError("afterRestore failed", e);
                }
            }
        }
    }

    private static final class CountingRandom implements RandomSource {
        final AtomicInteger used = new AtomicInteger();
        private final SecureRandomSource random = new SecureRandomSource();

        @Override
        public String newId() {
            used.incrementAndGet();
            return random.newId();
        }

        @Override
        public String secret(int bytes) {
            used.incrementAndGet();
            return random.secret(bytes);
        }

        @Override
        public String sixDigitCode() {
            used.incrementAndGet();
            return random.sixDigitCode();
        }
    }

    private static final class CountingMarketplace implements AwsMarketplace {
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger resolved = new AtomicInteger();

        @Override
        public AwsCustomer resolveCustomer(String registrationToken) {
            calls.incrementAndGet();
            resolved.incrementAndGet();
            return new AwsCustomer("customer-" + registrationToken, "123456789012", PRODUCT, null);
        }

        @Override
        public List<Entitlement> entitlements(AwsCustomer customer) {
            calls.incrementAndGet();
            return List.of();
        }

        @Override
        public String partition() {
            return "aws";
        }
    }

    private static final class CountingMailer implements Mailer {
        final AtomicInteger sent = new AtomicInteger();

        @Override
        public void send(EmailMessage message) {
            sent.incrementAndGet();
        }
    }

    /** Stands in for the function's HTTP client: never asked to send here, only renewed. */
    private static final class RecordingHttp implements SdkHttpClient {
        volatile boolean closed;

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            throw new AssertionError("no request goes through the function's HTTP client in this test");
        }

        @Override
        public String clientName() {
            return "recording";
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
