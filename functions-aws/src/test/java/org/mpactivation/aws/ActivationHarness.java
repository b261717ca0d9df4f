package org.mpactivation.aws;

import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;
import org.mpactivation.adapter.aws.UrlConnectionAwsHttp;
import org.mpactivation.testkit.Browser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mpactivation.adapter.mail.SmtpMailer;
import org.mpactivation.adapter.mail.SmtpSettings;
import org.mpactivation.adapter.aws.UrlConnectionAwsHttp;
import org.mpactivation.adapter.store.DynamoDbItemStore;
import org.mpactivation.adapter.store.DynamoDbTables;
import org.mpactivation.adapter.store.DynamoDbTestClients;
import org.mpactivation.application.SigningKey;
import org.mpactivation.aws.metering.JsonAwsMetering;
import org.mpactivation.port.in.NoticeReceiver;
import org.mpactivation.port.out.AwsMetering;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.Metrics;
import org.mpactivation.config.ActivationApplication;
import org.mpactivation.simulator.aws.AwsMarketplaceSimulator;
import org.mpactivation.testkit.Dynalite;
import org.mpactivation.testkit.DynamoDbEndpoint;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Everything real that the end-to-end tests run against: the Lambda handler classes behind a local
 * HTTP front, a DynamoDB table on dynalite, an SMTP server (GreenMail), and a server speaking the
 * AWS Marketplace Metering and Entitlement wire protocol.
 */
final class ActivationHarness implements AutoCloseable {

    static final String PRODUCT_CODE = "prod-8xk2y1mqz3";
    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    final TestClock clock = new TestClock();
    final AwsMarketplaceSimulator marketplace = AwsMarketplaceSimulator.start(clock);
    final GreenMail mail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    final DynamoDbClient dynamoDb;
    final String table = "activation-" + UUID.randomUUID();
    final LambdaHttpBridge http;
    final AwsSettings settings;
    final DynamoDbItemStore store;
    final Metrics metrics;
    final StaticCredentialsProvider credentials =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
    final AwsCredentialSource marketplaceCredentials =
            AwsCredentialSource.fixed(new AwsCredentials("test", "test", null, null));

    ActivationHarness() throws Exception {
        this(true);
    }

    /**
     * @param concurrentAgreements true: the product names buyers by account and licence (2026 form);
     *                             false: by customer identifier (older products, SNS notifications)
     */
    ActivationHarness(boolean concurrentAgreements) throws Exception {
        this(concurrentAgreements, Metrics.NONE);
    }

    /** @param metrics where the handlers and use cases count (the process's EMF writer, for the log checks) */
    ActivationHarness(boolean concurrentAgreements, Metrics metrics) throws Exception {
        this.metrics = metrics;
        mail.start();
        marketplace.product(PRODUCT_CODE).withLicenseArns(true).concurrentAgreements(concurrentAgreements)
                .dimensions("requests", "hosts", "storage");
        DynamoDbEndpoint endpoint = Dynalite.shared().endpoint();
        dynamoDb = endpoint.client();
        DynamoDbTables.create(DynamoDbTestClients.client(endpoint), table);

        Map<String, String> env = new HashMap<>();
        env.put("AWS_REGION", "us-east-1");
        env.put("TABLE_NAME", table);
        env.put("DYNAMODB_ENDPOINT", endpoint.endpoint().toString());
        env.put("MARKETPLACE_METERING_ENDPOINT", marketplace.endpoint().toString());
        env.put("MARKETPLACE_ENTITLEMENT_ENDPOINT", marketplace.endpoint().toString());
        env.put("MARKETPLACE_PRODUCT_CODE", PRODUCT_CODE);
        env.put("SESSION_SECRET", Base64.getEncoder().encodeToString(new byte[48]));
        env.put("SECURE_COOKIES", "false");
        env.put("METERING_DIMENSIONS", "{\"api_calls\":\"requests\",\"hosts\":\"hosts\",\"gigabytes\":\"storage\"}");
        settings = AwsSettings.fromEnvironment(env);
        store = new DynamoDbItemStore(AwsFunctions.dynamoDb(settings, DynamoDbTestClients.credentials(endpoint),
                UrlConnectionAwsHttp.standard()), table, clock);
        SigningKey key = SigningKey.fromBase64(settings.requiredSessionSecret());
        SmtpMailer mailer = new SmtpMailer(new SmtpSettings("127.0.0.1", mail.getSmtp().getPort(), null, null,
                false, "activation@example.com", "Activation"));

        ActivationApplication pages = ActivationApplication.builder().store(store).signingKey(key).clock(clock)
                .mailer(mailer).secureCookies(false).metrics(metrics).build();
        ActivationApplication fulfillment = ActivationApplication.builder().store(store).signingKey(key)
                .clock(clock).secureCookies(false).serveActivationPages(false)
                .awsMarketplace(AwsFunctions.marketplace(settings, marketplaceCredentials, UrlConnectionAwsHttp.standard()),
                        false)
                .metrics(metrics).build();
        http = new LambdaHttpBridge(Map.of(
                "/aws/fulfillment", new FulfillmentHandler(fulfillment.router(), metrics),
                "/", new ActivationHandler(pages.router(), metrics)));
    }

    /** The production metering adapter pointed at the simulator (no client retries, as in production). */
    AwsMetering sdkMetering() {
        return JsonAwsMetering.create("us-east-1", marketplaceCredentials, marketplace.endpoint(),
                UrlConnectionAwsHttp.standard());
    }

    MeteringHandler meteringHandler(AwsMetering metering) {
        return new MeteringHandler(AwsFunctions.hourlyMetering(settings, store, metering, clock, Pause.REAL), metrics);
    }

    UsageIntakeHandler usageHandler() {
        return new UsageIntakeHandler(AwsFunctions.usageRouter(settings, store, clock), metrics);
    }

    NoticeReceiver noticeReceiver() {
        return AwsFunctions.noticeReceiver(store,
                AwsFunctions.marketplace(settings, marketplaceCredentials, UrlConnectionAwsHttp.standard()), clock);
    }

    RenewalHandler renewalHandler() {
        return new RenewalHandler(AwsFunctions.renewalCheck(settings, store,
                AwsFunctions.marketplace(settings, marketplaceCredentials, UrlConnectionAwsHttp.standard()), clock));
    }

    Browser browser() {
        return new Browser(http.baseUri());
    }

    /** The code of the last e-mail sent to this address. */
    String lastCodeSentTo(String email) {
        MimeMessage[] messages = mail.getReceivedMessagesForDomain(email);
        if (messages.length == 0) {
            throw new AssertionError("no e-mail to " + email);
        }
        Matcher matcher = CODE.matcher(GreenMailUtil.getBody(messages[messages.length - 1]));
        if (!matcher.find()) {
            throw new AssertionError("no code in the e-mail to " + email);
        }
        return matcher.group(1);
    }

    int mailsTo(String email) {
        return mail.getReceivedMessagesForDomain(email).length;
    }

    /** Every item of the table, by key, for before/after comparisons. */
    Map<String, Map<String, AttributeValue>> snapshot() {
        Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
        Map<String, AttributeValue> start = null;
        do {
            ScanResponse page = dynamoDb.scan(ScanRequest.builder().tableName(table).consistentRead(true)
                    .exclusiveStartKey(start).build());
            page.items().forEach(item -> items.put(item.get("pk").s() + "|" + item.get("sk").s(), item));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }

    /** The store without the e-mail codes and their check counters (the code's own and the account-wide one). */
    Map<String, Map<String, AttributeValue>> snapshotWithoutCodes() {
        Map<String, Map<String, AttributeValue>> items = snapshot();
        items.keySet().removeIf(key -> key.startsWith("CODE#") || key.startsWith("LIMIT#code-checks#"));
        return items;
    }

    List<Map<String, AttributeValue>> items(String pkPrefix, String sk) {
        return snapshot().values().stream()
                .filter(item -> item.get("pk").s().startsWith(pkPrefix) && item.get("sk").s().equals(sk))
                .toList();
    }

    @Override
    public void close() {
        http.close();
        marketplace.close();
        mail.stop();
        dynamoDb.close();
    }

    static String unique(String prefix) {
        return prefix + Arrays.stream(UUID.randomUUID().toString().split("-")).findFirst().orElseThrow();
    }
}
