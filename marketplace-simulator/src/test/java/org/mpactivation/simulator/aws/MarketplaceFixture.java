package org.mpactivation.simulator.aws;

import java.net.URI;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.marketplaceentitlement.MarketplaceEntitlementClient;
import software.amazon.awssdk.services.marketplacemetering.MarketplaceMeteringClient;
import software.amazon.awssdk.services.marketplacemetering.MarketplaceMeteringClientBuilder;

/**
 * A simulator on a hand-moved clock and quota ticker, with real SDK clients pointed at it: retrying as the
 * SDK does by default, and not retrying, for tests that assert a single answer.
 */
final class MarketplaceFixture implements AutoCloseable {

    static final Instant START = Instant.parse("2026-03-02T10:20:30.456Z");
    static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSIMULATOR", "simulator-secret"));

    final MutableClock clock = new MutableClock(START);
    final AtomicLong ticker = new AtomicLong(1_000_000_000L);
    final AwsMarketplaceSimulator simulator;
    final SdkHttpClient http = UrlConnectionHttpClient.create();
    final RawResponses raw = new RawResponses();
    final LicenseArnRecords licenseArns = new LicenseArnRecords();
    /** Metering client without retries: every call is answered once. */
    final MarketplaceMeteringClient metering;
    /** Metering client with the SDK's default retries. */
    final MarketplaceMeteringClient retryingMetering;
    final MarketplaceEntitlementClient entitlements;

    MarketplaceFixture() {
        this(builder -> { });
    }

    MarketplaceFixture(Consumer<AwsMarketplaceSimulator.Builder> settings) {
        AwsMarketplaceSimulator.Builder builder = AwsMarketplaceSimulator.builder().clock(clock).quotaTicker(ticker::get);
        settings.accept(builder);
        simulator = builder.start();
        metering = meteringClient(false);
        retryingMetering = meteringClient(true);
        entitlements = MarketplaceEntitlementClient.builder()
                .httpClient(http)
                .credentialsProvider(CREDENTIALS)
                .region(Region.US_EAST_1)
                .endpointOverride(simulator.endpoint())
                .overrideConfiguration(noRetries().toBuilder().addExecutionInterceptor(raw).build())
                .build();
    }

    private MarketplaceMeteringClient meteringClient(boolean retries) {
        ClientOverrideConfiguration.Builder config = retries
                ? ClientOverrideConfiguration.builder()
                : noRetries().toBuilder();
        return meteringBuilder(simulator.endpoint())
                .overrideConfiguration(config.addExecutionInterceptor(licenseArns).addExecutionInterceptor(raw).build())
                .build();
    }

    MarketplaceMeteringClientBuilder meteringBuilder(URI endpoint) {
        return MarketplaceMeteringClient.builder()
                .httpClient(http)
                .credentialsProvider(CREDENTIALS)
                .region(Region.US_EAST_1)
                .endpointOverride(endpoint);
    }

    static ClientOverrideConfiguration noRetries() {
        return ClientOverrideConfiguration.builder().retryStrategy(DefaultRetryStrategy.doNotRetry()).build();
    }

    /** Moves the quota window on by a whole second. */
    void nextSecond() {
        ticker.addAndGet(1_000_000_000L);
    }

    @Override
    public void close() {
        metering.close();
        retryingMetering.close();
        entitlements.close();
        http.close();
        simulator.close();
    }
}
