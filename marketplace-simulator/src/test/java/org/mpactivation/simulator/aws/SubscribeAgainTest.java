package org.mpactivation.simulator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.marketplacemetering.model.BatchMeterUsageResponse;
import software.amazon.awssdk.services.marketplacemetering.model.ResolveCustomerResponse;
import software.amazon.awssdk.services.marketplacemetering.model.UsageRecord;
import software.amazon.awssdk.services.marketplacemetering.model.UsageRecordResultStatus;

/** A buyer whose subscription ended buys the product again: same customer identifier, new licence. */
class SubscribeAgainTest {

    private static final String PRODUCT = "prod-again";

    private final MarketplaceFixture fixture = new MarketplaceFixture();
    private final AwsMarketplaceSimulator marketplace = fixture.simulator;

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void givenEndedSubscription_whenTheBuyerSubscribesAgain_thenSameIdentifierNewLicenceAndItIsTheOneBilled() {
        marketplace.product(PRODUCT).withLicenseArns(true).dimensions("requests");
        SimulatedCustomer first = marketplace.registerCustomer(PRODUCT, "ReturningCustId", "444444444444");
        assertThrows(IllegalArgumentException.class, () -> marketplace.subscribeAgain(first),
                "a buyer who still subscribes cannot buy again");
        marketplace.unsubscribe(first);

        SimulatedCustomer again = marketplace.subscribeAgain(first);

        assertEquals(first.customerIdentifier(), again.customerIdentifier());
        assertEquals(first.awsAccountId(), again.awsAccountId());
        assertNotEquals(first.licenseArn(), again.licenseArn());
        assertTrue(marketplace.isSubscribed(again));
        assertTrue(!marketplace.isSubscribed(first), "the ended registration stays ended");
        ResolveCustomerResponse resolved = fixture.metering.resolveCustomer(
                r -> r.registrationToken(marketplace.issueToken(again)));
        assertEquals(first.customerIdentifier(), resolved.customerIdentifier());
        assertEquals(first.awsAccountId(), resolved.customerAWSAccountId());

        Instant at = fixture.clock.instant().minus(Duration.ofMinutes(30));
        BatchMeterUsageResponse response = fixture.metering.batchMeterUsage(r -> r.productCode(PRODUCT)
                .usageRecords(UsageRecord.builder().customerIdentifier(first.customerIdentifier())
                        .dimension("requests").quantity(3).timestamp(at).build()));
        assertEquals(UsageRecordResultStatus.SUCCESS, response.results().get(0).status());
        List<MeteringRecord> records = marketplace.meteringRecords();
        assertEquals(again.licenseArn(), records.get(0).licenseArn(), "billed to the live subscription");
    }
}
