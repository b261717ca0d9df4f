package org.mpactivation.benchmarks.warm;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.mpactivation.adapter.security.Argon2PasswordHasher;
import org.mpactivation.application.FakeAwsMarketplace;
import org.mpactivation.application.FakeAwsMetering;
import org.mpactivation.application.MutableClock;
import org.mpactivation.application.SigningKey;
import org.mpactivation.aws.ActivationHandler;
import org.mpactivation.aws.AwsFunctions;
import org.mpactivation.aws.AwsSettings;
import org.mpactivation.aws.FulfillmentHandler;
import org.mpactivation.aws.UsageIntakeHandler;
import org.mpactivation.config.ActivationApplication;
import org.mpactivation.port.in.NoticeReceiver;
import org.mpactivation.port.out.store.ItemStore;

/**
 * The AWS functions as production composes them (the real handler classes, {@link ActivationApplication},
 * {@link AwsFunctions}), wired as the functions-aws fuzz world wires them, except that the password hasher is
 * the real Argon2id one behind a timing decorator. The AWS Marketplace is the strict in-memory fake, the
 * mail a mailbox in memory, the clock one that stands still until moved; the store is given.
 */
final class AwsWorld {

    static final Instant START = Instant.parse("2026-03-02T10:20:30Z");
    static final String IAM_CALLER = "arn:aws:sts::111122223333:assumed-role/usage-reporter/session";
    static final String PASSWORD = "correct horse 42";

    final MutableClock clock = new MutableClock(START);
    final SideCosts costs = new SideCosts();
    final CodeMailbox mailbox = new CodeMailbox();
    final FakeAwsMarketplace marketplace = new FakeAwsMarketplace();
    final AwsSettings settings;
    final ItemStore store;
    final FulfillmentHandler fulfillment;
    final ActivationHandler pages;
    final UsageIntakeHandler usage;
    final NoticeReceiver notices;
    private final AtomicInteger ids = new AtomicInteger();

    /** @param storeOnClock the store, built on the world's clock */
    AwsWorld(Function<java.time.Clock, ItemStore> storeOnClock) {
        store = storeOnClock.apply(clock);
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
                .mailer(mailbox).passwords(new TimedPasswordHasher(new Argon2PasswordHasher(), costs))
                .secureCookies(false).build();
        ActivationApplication fulfillmentApp = ActivationApplication.builder().store(store).signingKey(key)
                .clock(clock).secureCookies(false).serveActivationPages(false).awsMarketplace(marketplace, false)
                .build();
        fulfillment = new FulfillmentHandler(fulfillmentApp.router());
        pages = new ActivationHandler(pageApp.router());
        usage = new UsageIntakeHandler(AwsFunctions.usageRouter(settings, store, clock));
        notices = AwsFunctions.noticeReceiver(store, marketplace, clock);
    }

    /** A new buyer's browser. */
    LambdaBrowser browser() {
        return new LambdaBrowser(this::handlerFor, null);
    }

    /** The caller of the internal usage endpoint, authorized by IAM. */
    LambdaBrowser usageCaller() {
        return new LambdaBrowser(this::handlerFor, IAM_CALLER);
    }

    /** A token that the marketplace resolves to a new buyer: [token, customer identifier, account id]. */
    String[] newBuyer() {
        int n = ids.incrementAndGet();
        String customer = "cust-" + n;
        String account = String.format(java.util.Locale.ROOT, "%012d", 300_000_000_000L + n);
        return new String[] {marketplace.issueToken("tok-" + n, customer, account), customer, account};
    }

    String unique(String prefix) {
        return prefix + ids.incrementAndGet();
    }

    /** The hourly metering run as AwsFunctions wires it, on a metering fake that knows the buyers. */
    org.mpactivation.application.HourlyMetering hourlyMetering(FakeAwsMetering metering) {
        return AwsFunctions.hourlyMetering(settings, store, metering, clock, org.mpactivation.port.out.Pause.REAL);
    }

    FakeAwsMetering meteringFake() {
        FakeAwsMetering metering = new FakeAwsMetering(clock, Duration.ofHours(6));
        metering.product(FakeAwsMarketplace.PRODUCT_CODE).dimensions("requests", "hosts");
        return metering;
    }

    private RequestStreamHandler handlerFor(String path) {
        if (path.startsWith("/aws/fulfillment")) {
            return fulfillment;
        }
        if (path.startsWith("/internal/usage")) {
            return usage;
        }
        return pages;
    }
}
