package org.mpactivation.aws.metering;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.mpactivation.port.out.MeteringLine;
import org.mpactivation.simulator.aws.AwsMarketplaceSimulator;
import org.mpactivation.simulator.aws.AwsOperation;
import org.mpactivation.simulator.aws.SimulatedCustomer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.marketplacemetering.MarketplaceMeteringClient;

/**
 * A simulated AWS Marketplace on a fixed clock and a hand-moved quota ticker, with the adapter under test
 * on a client built by {@link SdkAwsMetering#meteringClient}. Two products: one metered by customer
 * identifier, one integrated for concurrent agreements (account id + licence).
 */
final class MeteringFixture implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-03-02T10:20:30Z");
    /** The hour being metered: the current one. */
    static final Instant HOUR = NOW.truncatedTo(ChronoUnit.HOURS);
    static final String LEGACY_PRODUCT = "prod-legacy";
    static final String AGREEMENTS_PRODUCT = "prod-agreements";
    static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDMETERINGTEST", "metering-test-secret"));

    final AtomicLong quotaTicker = new AtomicLong(1_000_000_000L);
    final AwsMarketplaceSimulator simulator = AwsMarketplaceSimulator.builder()
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .quotaTicker(quotaTicker::get)
            .start();
    final SdkHttpClient http = UrlConnectionHttpClient.create();
    final MarketplaceMeteringClient client =
            SdkAwsMetering.meteringClient(Region.US_EAST_1, CREDENTIALS, simulator.endpoint(), http);
    final SdkAwsMetering metering = new SdkAwsMetering(client);

    final SimulatedCustomer alice;
    final SimulatedCustomer bob;
    /** Two agreements of one account on the concurrent-agreements product. */
    final SimulatedCustomer firstAgreement;
    final SimulatedCustomer secondAgreement;

    MeteringFixture() {
        simulator.product(LEGACY_PRODUCT).dimensions("requests", "seats");
        simulator.product(AGREEMENTS_PRODUCT).dimensions("requests", "seats")
                .withLicenseArns(true).concurrentAgreements(true);
        alice = simulator.registerCustomer(LEGACY_PRODUCT, "AliceCustId", "111111111111");
        bob = simulator.registerCustomer(LEGACY_PRODUCT, "BobCustId", "222222222222");
        firstAgreement = simulator.registerCustomer(AGREEMENTS_PRODUCT, "333333333333");
        secondAgreement = simulator.registerCustomer(AGREEMENTS_PRODUCT, "333333333333");
    }

    /**
     * A client without retries carrying exactly these interceptors, in this order. The SDK runs request hooks
     * in registration order and response hooks in reverse: an interceptor registered after
     * {@link UsageRecordLicenses} sees the answer before it.
     */
    MarketplaceMeteringClient clientWith(ExecutionInterceptor... interceptors) {
        ClientOverrideConfiguration.Builder config = ClientOverrideConfiguration.builder()
                .retryStrategy(DefaultRetryStrategy.doNotRetry());
        for (ExecutionInterceptor interceptor : interceptors) {
            config.addExecutionInterceptor(interceptor);
        }
        return MarketplaceMeteringClient.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(http)
                .endpointOverride(simulator.endpoint())
                .overrideConfiguration(config.build())
                .build();
    }

    static MeteringLine byIdentifier(String ledgerKey, SimulatedCustomer customer, String dimension, Instant hour,
                                     int quantity) {
        return new MeteringLine(ledgerKey, customer.customerIdentifier(), null, null, dimension, hour, quantity);
    }

    static MeteringLine byLicense(String ledgerKey, SimulatedCustomer customer, String dimension, Instant hour,
                                  int quantity) {
        return new MeteringLine(ledgerKey, null, customer.awsAccountId(), customer.licenseArn(), dimension, hour,
                quantity);
    }

    long calls() {
        return simulator.callCount(AwsOperation.BATCH_METER_USAGE);
    }

    @Override
    public void close() {
        client.close();
        http.close();
        simulator.close();
    }
}
