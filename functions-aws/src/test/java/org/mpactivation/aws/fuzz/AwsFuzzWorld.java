package org.mpactivation.aws.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.ApplyMarketplaceNotice;
import org.mpactivation.application.CapturingMailer;
import org.mpactivation.application.FakeAwsMarketplace;
import org.mpactivation.application.FastPasswordHasher;
import org.mpactivation.application.FaultyItemStore;
import org.mpactivation.application.MutableClock;
import org.mpactivation.application.RecordingItemStore;
import org.mpactivation.application.SigningKey;
import org.mpactivation.aws.ActivationHandler;
import org.mpactivation.aws.AwsFunctions;
import org.mpactivation.aws.AwsSettings;
import org.mpactivation.aws.FulfillmentHandler;
import org.mpactivation.aws.UsageIntakeHandler;
import org.mpactivation.config.ActivationApplication;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.testkit.fuzz.WebAnswers;

/**
 * The AWS functions as production wires them (the real handler classes and composition), in this
 * process, on the in-memory store and the strict in-memory AWS Marketplace fake, one standing clock.
 * The store is recorded, so that a test can compare everything written before and after a request,
 * and can be made busy (every call times out or is throttled).
 */
public final class AwsFuzzWorld {

    public static final Instant START = Instant.parse("2026-03-02T10:20:30Z");
    public static final String PASSWORD = "correct horse 42";
    public static final String IAM_CALLER = "arn:aws:sts::111122223333:assumed-role/usage-reporter/session";

    public final MutableClock clock = new MutableClock(START);
    public final RecordingItemStore recorded;
    public final FaultyItemStore store;
    public final CapturingMailer mailer = new CapturingMailer();
    public final FakeAwsMarketplace marketplace = new FakeAwsMarketplace();
    public final AwsSettings settings;
    public final FulfillmentHandler fulfillment;
    public final ActivationHandler pages;
    public final UsageIntakeHandler usage;
    public final ApplyMarketplaceNotice notices;
    private final AtomicInteger ids = new AtomicInteger();
    /** The customer identifiers of every token issued, in order. */
    public final java.util.List<String> customers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** On the in-memory store. */
    public AwsFuzzWorld() {
        this(null);
    }

    /** @param table the store to run on (e.g. DynamoDB on dynalite); null: the in-memory store */
    public AwsFuzzWorld(java.util.function.Function<java.time.Clock, org.mpactivation.port.out.store.ItemStore> table) {
        this(table, null);
    }

    /**
     * @param table       the store to run on; null: the in-memory store
     * @param marketplace the AWS Marketplace the fulfillment function talks to; null: the in-memory fake
     */
    public AwsFuzzWorld(java.util.function.Function<java.time.Clock, org.mpactivation.port.out.store.ItemStore> table,
                        org.mpactivation.port.out.AwsMarketplace marketplace) {
        recorded = new RecordingItemStore(table == null ? new InMemoryItemStore(clock) : table.apply(clock));
        store = new FaultyItemStore(recorded);
        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("TABLE_NAME", "activation");
        env.put("MARKETPLACE_PRODUCT_CODE", FakeAwsMarketplace.PRODUCT_CODE);
        env.put("SESSION_SECRET", Base64.getEncoder().encodeToString(new byte[48]));
        env.put("SECURE_COOKIES", "false");
        env.put("METERING_DIMENSIONS", "{\"api_calls\":\"requests\",\"hosts\":\"hosts\"}");
        settings = AwsSettings.fromEnvironment(env);
        SigningKey key = SigningKey.fromBase64(settings.requiredSessionSecret());
        ActivationApplication pageApp = ActivationApplication.builder().store(store).signingKey(key).clock(clock)
                .mailer(mailer).passwords(new FastPasswordHasher()).secureCookies(false).build();
        ActivationApplication fulfillmentApp = ActivationApplication.builder().store(store).signingKey(key)
                .clock(clock).secureCookies(false).serveActivationPages(false)
                .awsMarketplace(marketplace == null ? this.marketplace : marketplace, false)
                .build();
        fulfillment = new FulfillmentHandler(fulfillmentApp.router());
        pages = new ActivationHandler(pageApp.router());
        usage = new UsageIntakeHandler(AwsFunctions.usageRouter(settings, store, clock));
        notices = AwsFunctions.noticeReceiver(store, marketplace == null ? this.marketplace : marketplace, clock);
    }

    /** A browser; the fulfillment path goes to the fulfillment function, the rest to the pages. */
    public LambdaClient browser() {
        return new LambdaClient(this::handlerFor);
    }

    RequestStreamHandler handlerFor(String path) {
        if (path.startsWith("/aws/fulfillment")) {
            return fulfillment;
        }
        if (path.startsWith("/internal/usage")) {
            return usage;
        }
        return pages;
    }

    /** A fresh unique id part, e.g. for a username. */
    public String unique(String prefix) {
        return prefix + ids.incrementAndGet() + Long.toString(System.nanoTime() % 100_000, 36);
    }

    /** A token the marketplace resolves to a new buyer. */
    public String newToken() {
        String n = unique("");
        customers.add("cust" + n);
        return marketplace.issueToken("tok-" + n, "cust" + n, String.format("%012d", Math.abs(n.hashCode()) % 1_000_000_000_000L));
    }

    /** A buyer who arrived from the marketplace and stands on the first page. */
    public LambdaClient arrived() {
        return arrived(newToken());
    }

    /** A buyer who arrived with this marketplace token. */
    public LambdaClient arrived(String token) {
        LambdaClient browser = browser();
        APIGatewayV2HTTPResponse arrival = browser.post("/aws/fulfillment", Map.of("x-amzn-marketplace-token",
                token));
        assertEquals(303, arrival.getStatusCode(), arrival.getBody());
        return browser;
    }

    /** A buyer who registered with a code from the e-mail and entered the company: on the activation step. */
    public LambdaClient registered(String username) {
        return registered(username, newToken());
    }

    public LambdaClient registered(String username, String token) {
        LambdaClient browser = arrived(token);
        String email = username + "@example.com";
        APIGatewayV2HTTPResponse sent = browser.submit("/activate/register", "/activate/register",
                Map.of("action", "send-code", "email", email));
        assertEquals(200, sent.getStatusCode(), sent.getBody());
        APIGatewayV2HTTPResponse basic = browser.submit("/activate/register", "/activate/register",
                basicInfo(username, email, mailer.lastCodeTo(email)));
        assertEquals(303, basic.getStatusCode(), basic.getBody());
        APIGatewayV2HTTPResponse company = browser.submit("/activate/register/company", "/activate/register/company",
                Map.of("companyName", "Acme 有限公司", "contactName", "Li Lei", "country", "China",
                        "address", "1 Example Road"));
        assertEquals(303, company.getStatusCode(), company.getBody());
        return browser;
    }

    /** A buyer who finished: the subscription is active and the workspace bound. */
    public LambdaClient activated(String username) {
        return activated(username, newToken());
    }

    public LambdaClient activated(String username, String token) {
        LambdaClient browser = registered(username, token);
        APIGatewayV2HTTPResponse done = browser.submit("/activate/register/workspace", "/activate/register/workspace",
                Map.of("workspaceName", "WS " + username, "language", "en", "site", "us-oregon"));
        assertEquals(303, done.getStatusCode(), done.getBody());
        return browser;
    }

    public static Map<String, String> basicInfo(String username, String email, String code) {
        Map<String, String> fields = new HashMap<>();
        fields.put("action", "next");
        fields.put("username", username);
        fields.put("password", PASSWORD);
        fields.put("passwordConfirmation", PASSWORD);
        fields.put("email", email);
        fields.put("code", code);
        fields.put("phone", "+86 138 0000 0000");
        return fields;
    }

    /** Every live item written so far, by key. */
    public Map<String, Item> snapshot() {
        return recorded.snapshot();
    }

    /** The snapshot without the items a refused request may move on by design (given by key prefix). */
    Map<String, Item> snapshotWithout(Predicate<String> movable) {
        Map<String, Item> items = new TreeMap<>(recorded.snapshot());
        items.keySet().removeIf(movable);
        return items;
    }

    /** The answer keeps the properties of every public answer (see {@link WebAnswers}). */
    static void checkAnswer(APIGatewayV2HTTPResponse response, boolean busyAllowed, String context) {
        WebAnswers.check(response.getStatusCode(), response.getHeaders(), response.getBody(), busyAllowed, context);
    }

    static boolean refused(APIGatewayV2HTTPResponse response) {
        return response.getStatusCode() >= 400;
    }

    /** The request for a failure message: what was sent, clipped. */
    static String describe(String method, String path, Object fields) {
        return method + " " + WebAnswers.clip(path) + " " + WebAnswers.clip(String.valueOf(fields));
    }

    /** The id of a workspace bound so far (the key of its item is {@code WS#id|META}). */
    public String anyWorkspaceId() {
        return snapshot().keySet().stream().filter(key -> key.startsWith("WS#") && key.endsWith("|META"))
                .map(key -> key.substring(3, key.indexOf('|'))).findFirst().orElseThrow();
    }
}
