package org.mpactivation.simulator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthSchemeOption;
import software.amazon.awssdk.services.marketplacemetering.MarketplaceMeteringClient;
import software.amazon.awssdk.services.marketplacemetering.model.BatchMeterUsageResponse;
import software.amazon.awssdk.services.marketplacemetering.model.MarketplaceMeteringException;
import software.amazon.awssdk.services.marketplacemetering.model.UsageRecord;
import software.amazon.awssdk.services.marketplacemetering.model.UsageRecordResultStatus;

class ProtocolTest {

    private final MarketplaceFixture fixture = new MarketplaceFixture(
            builder -> builder.callsPerSecond(AwsOperation.BATCH_METER_USAGE, 0));
    private final AwsMarketplaceSimulator marketplace = fixture.simulator;

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void anUnsignedRequestIsAnsweredLikeAws() {
        marketplace.product("prod-a").dimensions("users");
        String token = marketplace.issueToken(marketplace.registerCustomer("prod-a"));
        try (MarketplaceMeteringClient anonymous = fixture.meteringBuilder(marketplace.endpoint())
                .credentialsProvider(AnonymousCredentialsProvider.create())
                .overrideConfiguration(MarketplaceFixture.noRetries())
                .build()) {
            MarketplaceMeteringException e = assertThrows(MarketplaceMeteringException.class,
                    () -> anonymous.resolveCustomer(r -> r.registrationToken(token)));
            assertEquals(403, e.statusCode());
            assertEquals("MissingAuthenticationTokenException", e.awsErrorDetails().errorCode());
        }
        assertEquals(0, marketplace.callCount(AwsOperation.RESOLVE_CUSTOMER), "refused before it reaches the operation");
    }

    @Test
    void aSignatureScopedToAnotherServiceIsRefused() {
        marketplace.product("prod-a").dimensions("users");
        String token = marketplace.issueToken(marketplace.registerCustomer("prod-a"));
        try (MarketplaceMeteringClient misconfigured = fixture.meteringBuilder(marketplace.endpoint())
                .authSchemeProvider(params -> List.of(AuthSchemeOption.builder()
                        .schemeId(AwsV4AuthScheme.SCHEME_ID)
                        .putSignerProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "execute-api")
                        .putSignerProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
                        .build()))
                .overrideConfiguration(MarketplaceFixture.noRetries())
                .build()) {
            MarketplaceMeteringException e = assertThrows(MarketplaceMeteringException.class,
                    () -> misconfigured.resolveCustomer(r -> r.registrationToken(token)));
            assertEquals(403, e.statusCode());
            assertEquals("InvalidSignatureException", e.awsErrorDetails().errorCode());
        }
    }

    @Test
    void everyAnswerCarriesARequestId() {
        marketplace.product("prod-a").dimensions("users");
        String token = marketplace.issueToken(marketplace.registerCustomer("prod-a"));
        String first = fixture.metering.resolveCustomer(r -> r.registrationToken(token)).responseMetadata().requestId();
        String second = fixture.metering.resolveCustomer(r -> r.registrationToken(token)).responseMetadata().requestId();
        assertNotNull(first);
        assertNotEquals("UNKNOWN", first);
        assertNotEquals(first, second);

        MarketplaceMeteringException e = assertThrows(MarketplaceMeteringException.class,
                () -> fixture.metering.resolveCustomer(r -> r.registrationToken("unknown")));
        assertNotNull(e.requestId());
        assertFalse(e.requestId().isBlank());
    }

    @Test
    void operationsTheSimulatorDoesNotServeAreUnknown() {
        marketplace.product("prod-a").dimensions("users");
        MarketplaceMeteringException e = assertThrows(MarketplaceMeteringException.class,
                () -> fixture.metering.meterUsage(r -> r.productCode("prod-a").usageDimension("users")
                        .usageQuantity(1).timestamp(Instant.now())));
        assertEquals("UnknownOperationException", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
    }

    @Test
    void startsOnAGivenPortAndReleasesItOnClose() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        AwsMarketplaceSimulator onPort = AwsMarketplaceSimulator.builder().port(port).start();
        try {
            assertEquals(port, onPort.port());
            assertEquals("http://127.0.0.1:" + port, onPort.endpoint().toString());
            onPort.product("prod-a").dimensions("users");
            SimulatedCustomer customer = onPort.registerCustomer("prod-a");
            try (MarketplaceMeteringClient client = fixture.meteringBuilder(onPort.endpoint()).build()) {
                assertEquals(customer.customerIdentifier(), client.resolveCustomer(
                        r -> r.registrationToken(onPort.issueToken(customer))).customerIdentifier());
            }
        } finally {
            onPort.close();
        }
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", port).close());
    }

    @Test
    void concurrentMeteringBillsEverySlotOnce() throws Exception {
        marketplace.product("prod-a").dimensions("requests");
        List<SimulatedCustomer> customers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            customers.add(marketplace.registerCustomer("prod-a"));
        }
        Instant at = fixture.clock.instant();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<BatchMeterUsageResponse>> calls = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (SimulatedCustomer customer : customers) {
                    calls.add(threads.submit(() -> fixture.metering.batchMeterUsage(r -> r.productCode("prod-a")
                            .usageRecords(UsageRecord.builder().customerIdentifier(customer.customerIdentifier())
                                    .dimension("requests").quantity(5).timestamp(at).build()))));
                }
            }
            Set<String> ids = new HashSet<>();
            for (Future<BatchMeterUsageResponse> call : calls) {
                BatchMeterUsageResponse response = call.get();
                assertEquals(UsageRecordResultStatus.SUCCESS, response.results().get(0).status());
                ids.add(response.results().get(0).meteringRecordId());
            }
            assertEquals(8, ids.size(), "each customer's hour is billed once, resends get the same id");
        } finally {
            threads.shutdownNow();
        }
        assertEquals(8, marketplace.meteringRecords().size());
        assertEquals(40, marketplace.callCount(AwsOperation.BATCH_METER_USAGE));
        assertTrue(marketplace.callCounts().get(AwsOperation.GET_ENTITLEMENTS) == 0);
    }

    @Test
    void resetForgetsEverything() {
        marketplace.product("prod-a").dimensions("users");
        marketplace.registerCustomer("prod-a");
        marketplace.faults().leaveUnprocessedNext(3);
        marketplace.reset();
        assertTrue(marketplace.products().isEmpty());
        assertTrue(marketplace.customers().isEmpty());
        assertEquals(0, marketplace.faults().pendingUnprocessedRecords());
    }
}
