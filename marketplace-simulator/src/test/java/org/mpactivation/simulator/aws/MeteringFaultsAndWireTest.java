package org.mpactivation.simulator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.marketplacemetering.model.BatchMeterUsageResponse;
import software.amazon.awssdk.services.marketplacemetering.model.MarketplaceMeteringException;
import software.amazon.awssdk.services.marketplacemetering.model.TimestampOutOfBoundsException;
import software.amazon.awssdk.services.marketplacemetering.model.UsageRecord;
import software.amazon.awssdk.services.marketplacemetering.model.UsageRecordResultStatus;

/**
 * BatchMeterUsage: the access faults a test can program, the billing-month close, the record of what was
 * metered, and wire-level requests the SDK's types cannot build (a quantity beyond a 32-bit int).
 */
class MeteringFaultsAndWireTest {

    private static final String PRODUCT = "prod-wire";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final MarketplaceFixture fixture = new MarketplaceFixture(builder -> builder
            .meteringWindow(AwsMarketplaceSimulator.CURRENT_METERING_WINDOW)
            .callsPerSecond(AwsOperation.BATCH_METER_USAGE, 0));
    private final AwsMarketplaceSimulator marketplace = fixture.simulator;
    private final SimulatedCustomer alice;
    private final SimulatedCustomer bob;

    MeteringFaultsAndWireTest() {
        marketplace.product(PRODUCT).dimensions("requests");
        alice = marketplace.registerCustomer(PRODUCT, "AliceCustId", "111111111111");
        bob = marketplace.registerCustomer(PRODUCT, "BobCustId", "222222222222");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private BatchMeterUsageResponse meter(SimulatedCustomer customer, Instant at, int quantity) {
        UsageRecord record = UsageRecord.builder().customerIdentifier(customer.customerIdentifier())
                .dimension("requests").quantity(quantity).timestamp(at).build();
        return fixture.metering.batchMeterUsage(r -> r.productCode(PRODUCT).usageRecords(record));
    }

    private Instant hour() {
        return fixture.clock.instant().truncatedTo(ChronoUnit.HOURS);
    }

    @Test
    void accessDeniedForTheNextCalls_thenServedAgain() {
        marketplace.faults().denyAccessNext(AwsOperation.BATCH_METER_USAGE, 2);

        for (int i = 0; i < 2; i++) {
            MarketplaceMeteringException e = assertThrows(MarketplaceMeteringException.class,
                    () -> meter(alice, hour(), 1));
            assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode());
            assertEquals(400, e.statusCode());
        }

        assertEquals(UsageRecordResultStatus.SUCCESS, meter(alice, hour(), 1).results().get(0).status());
    }

    @Test
    void accessDeniedForAPeriodOfTheClock_thenServedAgain() {
        marketplace.faults().denyAccessFor(AwsOperation.BATCH_METER_USAGE, Duration.ofMinutes(30));

        assertThrows(MarketplaceMeteringException.class, () -> meter(alice, hour(), 1));
        fixture.clock.advance(Duration.ofMinutes(29));
        assertThrows(MarketplaceMeteringException.class, () -> meter(alice, hour(), 1));
        fixture.clock.advance(Duration.ofMinutes(1));

        assertEquals(UsageRecordResultStatus.SUCCESS, meter(alice, hour(), 1).results().get(0).status());
    }

    @Test
    void unrecognizedCredentials_canBeProgrammed_asAnyError() {
        marketplace.faults().failNext(AwsOperation.BATCH_METER_USAGE, MarketplaceError.UNRECOGNIZED_CLIENT);

        MarketplaceMeteringException e = assertThrows(MarketplaceMeteringException.class, () -> meter(alice, hour(), 1));

        assertEquals("UnrecognizedClientException", e.awsErrorDetails().errorCode());
        assertTrue(marketplace.meteringRecords().isEmpty());
    }

    @Test
    void aClosedBillingMonth_isAcceptedUntilSixUtcOnTheFirst_thenOutOfBounds() {
        Instant lastHourOfMarch = Instant.parse("2026-03-31T23:00:00Z");
        fixture.clock.advance(Duration.between(fixture.clock.instant(), Instant.parse("2026-04-01T05:59:00Z")));
        assertEquals(UsageRecordResultStatus.SUCCESS, meter(alice, lastHourOfMarch, 1).results().get(0).status());

        fixture.clock.advance(Duration.ofMinutes(1));

        assertThrows(TimestampOutOfBoundsException.class, () -> meter(bob, lastHourOfMarch, 1));
    }

    @Test
    void theRecordOfWhatWasMetered_isQueryablePerSubscriptionAndById() {
        String id = meter(alice, hour(), 4).results().get(0).meteringRecordId();
        meter(bob, hour(), 5);

        List<MeteringRecord> alices = marketplace.meteringRecords(alice);
        assertEquals(1, alices.size());
        MeteringRecord record = alices.get(0);
        assertEquals(id, record.meteringRecordId());
        assertEquals("AliceCustId", record.customerIdentifier());
        assertEquals("requests", record.dimension());
        assertEquals(hour(), record.hour());
        assertEquals(4, record.quantity());
        assertEquals(record, marketplace.meteringRecord(id).orElseThrow());
        assertEquals(2, marketplace.meteringRecords().size());
    }

    // ---- the wire: what the SDK's types cannot express

    private HttpResponse<String> post(ObjectNode body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(marketplace.endpoint() + "/"))
                .header("Content-Type", "application/x-amz-json-1.1")
                .header("X-Amz-Target", AwsOperation.BATCH_METER_USAGE.target())
                .header("X-Amz-Date", "20260302T102030Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIDWIRE/20260302/us-east-1/aws-marketplace/"
                        + "aws4_request, SignedHeaders=host;x-amz-date, Signature=00")
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private ObjectNode request(long... quantities) {
        ObjectNode body = JSON.createObjectNode();
        body.put("ProductCode", PRODUCT);
        ArrayNode records = body.putArray("UsageRecords");
        for (long quantity : quantities) {
            ObjectNode record = records.addObject();
            record.put("CustomerIdentifier", alice.customerIdentifier());
            record.put("Dimension", "requests");
            record.put("Timestamp", hour().getEpochSecond());
            record.put("Quantity", quantity);
        }
        return body;
    }

    private static String errorCode(HttpResponse<String> response) throws IOException {
        JsonNode body = JSON.readTree(response.body());
        return body.path("__type").asText();
    }

    @Test
    void aQuantityBeyondTheLargestInt_failsValidation_andTheLargestIsAccepted() throws Exception {
        HttpResponse<String> tooLarge = post(request(2_147_483_648L));
        assertEquals(400, tooLarge.statusCode());
        assertEquals("ValidationException", errorCode(tooLarge));

        HttpResponse<String> largest = post(request(2_147_483_647L));
        assertEquals(200, largest.statusCode());
        assertEquals("Success", JSON.readTree(largest.body()).path("Results").get(0).path("Status").asText());
    }

    @Test
    void aNegativeQuantity_failsValidation() throws Exception {
        HttpResponse<String> negative = post(request(-1));

        assertEquals(400, negative.statusCode());
        assertEquals("ValidationException", errorCode(negative));
        assertTrue(marketplace.meteringRecords().isEmpty());
    }

    @Test
    void twentySixRecords_failValidation_andNothingIsBilled() throws Exception {
        long[] quantities = new long[26];
        HttpResponse<String> response = post(request(quantities));

        assertEquals(400, response.statusCode());
        assertEquals("ValidationException", errorCode(response));
        assertTrue(marketplace.meteringRecords().isEmpty());
    }
}
