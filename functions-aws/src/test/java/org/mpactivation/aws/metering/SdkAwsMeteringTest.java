package org.mpactivation.aws.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mpactivation.aws.metering.MeteringFixture.AGREEMENTS_PRODUCT;
import static org.mpactivation.aws.metering.MeteringFixture.HOUR;
import static org.mpactivation.aws.metering.MeteringFixture.LEGACY_PRODUCT;
import static org.mpactivation.aws.metering.MeteringFixture.byIdentifier;
import static org.mpactivation.aws.metering.MeteringFixture.byLicense;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.port.out.AwsMetering;
import org.mpactivation.port.out.MeteringLine;
import org.mpactivation.port.out.MeteringRejectedException;
import org.mpactivation.port.out.MeteringRejectedException.Reason;
import org.mpactivation.port.out.MeteringResult;
import org.mpactivation.port.out.MeteringResult.LineResult;
import org.mpactivation.port.out.MeteringResult.Status;
import org.mpactivation.simulator.aws.MeteringRecord;
import org.mpactivation.simulator.aws.SimulatedCustomer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.marketplacemetering.MarketplaceMeteringClient;

/** BatchMeterUsage through the real SDK client against the simulated marketplace: the answers. */
class SdkAwsMeteringTest {

    private final MeteringFixture fixture = new MeteringFixture();
    private final SdkAwsMetering metering = fixture.metering;

    @AfterEach
    void close() {
        fixture.close();
    }

    private static LineResult resultOf(MeteringResult result, String ledgerKey) {
        return result.results().stream().filter(r -> r.line().ledgerKey().equals(ledgerKey)).findFirst()
                .orElseThrow(() -> new AssertionError("no result for " + ledgerKey));
    }

    private MeteringRecord recordWithId(String meteringRecordId) {
        return fixture.simulator.meteringRecords().stream()
                .filter(r -> r.meteringRecordId().equals(meteringRecordId)).findFirst()
                .orElseThrow(() -> new AssertionError("the marketplace holds no record " + meteringRecordId));
    }

    @Test
    void customerIdentifierForm_isBilledPerLine_withProductCodeAndTheLinesHour() {
        MeteringLine requests = byIdentifier("k-1", fixture.alice, "requests", HOUR, 42);
        MeteringLine seats = byIdentifier("k-2", fixture.bob, "seats", HOUR, 3);

        MeteringResult result = metering.batchMeterUsage(LEGACY_PRODUCT, List.of(requests, seats));

        assertEquals(List.of(), result.unprocessed());
        assertEquals(2, result.results().size());
        for (LineResult line : result.results()) {
            assertEquals(Status.SUCCESS, line.status());
            assertNotNull(line.meteringRecordId());
        }
        MeteringRecord billed = recordWithId(resultOf(result, "k-1").meteringRecordId());
        assertEquals(LEGACY_PRODUCT, billed.productCode());
        assertEquals("AliceCustId", billed.customerIdentifier());
        assertEquals("CustomerIdentifier", billed.identifiedBy());
        assertEquals("requests", billed.dimension());
        assertEquals(HOUR, billed.timestamp());
        assertEquals(42, billed.quantity());
        assertEquals(3, recordWithId(resultOf(result, "k-2").meteringRecordId()).quantity());
        assertEquals(1, fixture.calls());
    }

    @Test
    void licenceForm_sendsAccountAndPerRecordLicence_withoutProductCode_andMatchesEachAgreement() {
        // Same account, dimension, hour and quantity: only the licence tells the two records apart.
        MeteringLine first = byLicense("k-first", fixture.firstAgreement, "requests", HOUR, 7);
        MeteringLine second = byLicense("k-second", fixture.secondAgreement, "requests", HOUR, 7);

        MeteringResult result = metering.batchMeterUsage(null, List.of(first, second));

        assertEquals(List.of(), result.unprocessed());
        LineResult firstResult = resultOf(result, "k-first");
        LineResult secondResult = resultOf(result, "k-second");
        assertEquals(Status.SUCCESS, firstResult.status());
        assertEquals(Status.SUCCESS, secondResult.status());
        assertNotEquals(firstResult.meteringRecordId(), secondResult.meteringRecordId());

        MeteringRecord billedFirst = recordWithId(firstResult.meteringRecordId());
        assertEquals(fixture.firstAgreement.licenseArn(), billedFirst.licenseArn());
        assertEquals("333333333333", billedFirst.customerAwsAccountId());
        assertEquals("CustomerAWSAccountId", billedFirst.identifiedBy());
        assertEquals(AGREEMENTS_PRODUCT, billedFirst.productCode());
        assertEquals(fixture.secondAgreement.licenseArn(),
                recordWithId(secondResult.meteringRecordId()).licenseArn());
    }

    @Test
    void licenceForm_dropsAGivenProductCode_becauseTheLicencesNameTheProduct() {
        MeteringLine line = byLicense("k-1", fixture.firstAgreement, "seats", HOUR, 2);

        MeteringResult result = metering.batchMeterUsage(AGREEMENTS_PRODUCT, List.of(line));

        assertEquals(Status.SUCCESS, result.results().get(0).status());
        assertEquals(fixture.firstAgreement.licenseArn(),
                recordWithId(result.results().get(0).meteringRecordId()).licenseArn());
    }

    @Test
    void anotherQuantityForTheSameHour_isDuplicate_withoutRecordId_andTheFirstStaysBilled() {
        metering.batchMeterUsage(LEGACY_PRODUCT, List.of(byIdentifier("k-1", fixture.alice, "requests", HOUR, 5)));

        MeteringResult again = metering.batchMeterUsage(LEGACY_PRODUCT,
                List.of(byIdentifier("k-2", fixture.alice, "requests", HOUR, 8)));

        LineResult duplicate = resultOf(again, "k-2");
        assertEquals(Status.DUPLICATE, duplicate.status());
        assertNull(duplicate.meteringRecordId());
        assertEquals(1, fixture.simulator.meteringRecords().size());
        assertEquals(5, fixture.simulator.meteringRecords().get(0).quantity());
    }

    @Test
    void identicalResend_isSuccessAgain_withTheSameRecordId_andBilledOnce() {
        MeteringLine line = byIdentifier("k-1", fixture.alice, "requests", HOUR, 5);
        String firstId = metering.batchMeterUsage(LEGACY_PRODUCT, List.of(line)).results().get(0).meteringRecordId();

        LineResult resent = metering.batchMeterUsage(LEGACY_PRODUCT, List.of(line)).results().get(0);

        assertEquals(Status.SUCCESS, resent.status());
        assertEquals(firstId, resent.meteringRecordId());
        assertEquals(1, fixture.simulator.meteringRecords().size());
    }

    @Test
    void identicalResend_ofALicenceRecord_isSuccessAgain_withTheSameRecordId() {
        MeteringLine line = byLicense("k-1", fixture.secondAgreement, "requests", HOUR, 9);
        String firstId = metering.batchMeterUsage(null, List.of(line)).results().get(0).meteringRecordId();

        LineResult resent = metering.batchMeterUsage(null, List.of(line)).results().get(0);

        assertEquals(Status.SUCCESS, resent.status());
        assertEquals(firstId, resent.meteringRecordId());
    }

    @Test
    void unsubscribedBuyer_isCustomerNotSubscribed_andNotBilled() {
        fixture.simulator.unsubscribe(fixture.bob);

        MeteringResult result = metering.batchMeterUsage(LEGACY_PRODUCT, List.of(
                byIdentifier("k-alice", fixture.alice, "requests", HOUR, 1),
                byIdentifier("k-bob", fixture.bob, "requests", HOUR, 1)));

        assertEquals(Status.SUCCESS, resultOf(result, "k-alice").status());
        LineResult bob = resultOf(result, "k-bob");
        assertEquals(Status.CUSTOMER_NOT_SUBSCRIBED, bob.status());
        assertNull(bob.meteringRecordId());
        assertEquals(1, fixture.simulator.meteringRecords().size());
    }

    @Test
    void endedAgreement_isCustomerNotSubscribed_whileTheOtherAgreementOfTheAccountIsBilled() {
        fixture.simulator.unsubscribe(fixture.firstAgreement);

        MeteringResult result = metering.batchMeterUsage(null, List.of(
                byLicense("k-first", fixture.firstAgreement, "requests", HOUR, 4),
                byLicense("k-second", fixture.secondAgreement, "requests", HOUR, 4)));

        assertEquals(Status.CUSTOMER_NOT_SUBSCRIBED, resultOf(result, "k-first").status());
        assertEquals(Status.SUCCESS, resultOf(result, "k-second").status());
    }

    @Test
    void unprocessedRecords_comeBackAsTheOriginalLines_andSendingThemAgainBillsThem() {
        fixture.simulator.faults().leaveUnprocessedNext(2);
        MeteringLine first = byIdentifier("k-1", fixture.alice, "requests", HOUR, 1);
        MeteringLine second = byIdentifier("k-2", fixture.alice, "seats", HOUR, 2);
        MeteringLine third = byIdentifier("k-3", fixture.bob, "requests", HOUR, 3);

        MeteringResult result = metering.batchMeterUsage(LEGACY_PRODUCT, List.of(first, second, third));

        assertEquals(List.of(first, second), result.unprocessed());
        assertEquals(List.of("k-3"), result.results().stream().map(r -> r.line().ledgerKey()).toList());
        assertEquals(1, fixture.simulator.meteringRecords().size());

        MeteringResult retried = metering.batchMeterUsage(LEGACY_PRODUCT, result.unprocessed());
        assertEquals(List.of(), retried.unprocessed());
        assertTrue(retried.results().stream().allMatch(r -> r.status() == Status.SUCCESS));
        assertEquals(3, fixture.simulator.meteringRecords().size());
    }

    @Test
    void unprocessedLicenceRecord_isTheLineOfItsOwnAgreement() {
        fixture.simulator.faults().leaveUnprocessedNext(1);
        MeteringLine first = byLicense("k-first", fixture.firstAgreement, "requests", HOUR, 6);
        MeteringLine second = byLicense("k-second", fixture.secondAgreement, "requests", HOUR, 6);

        MeteringResult result = metering.batchMeterUsage(null, List.of(first, second));

        assertEquals(1, result.unprocessed().size());
        assertEquals("k-first", result.unprocessed().get(0).ledgerKey());
        LineResult billed = resultOf(result, "k-second");
        assertEquals(fixture.secondAgreement.licenseArn(), recordWithId(billed.meteringRecordId()).licenseArn());
    }

    @Test
    void answersInAnotherOrder_areMatchedByWhatTheyEcho_notByPosition() {
        // Registered first, the reverser works on the answer after the licence interceptor has read it: the
        // SDK sees another order than the raw answer the licences were taken from.
        try (MarketplaceMeteringClient client = fixture.clientWith(new ReverseAnswers(), new UsageRecordLicenses())) {
            SdkAwsMetering reordered = new SdkAwsMetering(client);
            fixture.simulator.faults().leaveUnprocessedNext(1);

            MeteringResult legacy = reordered.batchMeterUsage(LEGACY_PRODUCT, List.of(
                    byIdentifier("k-unprocessed", fixture.alice, "seats", HOUR, 1),
                    byIdentifier("k-alice", fixture.alice, "requests", HOUR, 10),
                    byIdentifier("k-bob", fixture.bob, "requests", HOUR, 20)));
            assertEquals("k-unprocessed", legacy.unprocessed().get(0).ledgerKey());
            assertEquals(10, recordWithId(resultOf(legacy, "k-alice").meteringRecordId()).quantity());
            assertEquals(20, recordWithId(resultOf(legacy, "k-bob").meteringRecordId()).quantity());

            MeteringResult agreements = reordered.batchMeterUsage(null, List.of(
                    byLicense("k-first", fixture.firstAgreement, "seats", HOUR, 5),
                    byLicense("k-second", fixture.secondAgreement, "seats", HOUR, 5)));
            assertEquals(fixture.firstAgreement.licenseArn(),
                    recordWithId(resultOf(agreements, "k-first").meteringRecordId()).licenseArn());
            assertEquals(fixture.secondAgreement.licenseArn(),
                    recordWithId(resultOf(agreements, "k-second").meteringRecordId()).licenseArn());
        }
    }

    @Test
    void answersThatDoNotEchoTheLicence_areStillMatched_byTheOtherFields() {
        // Registered last, the stripper works on the answer before the licence interceptor reads it.
        try (MarketplaceMeteringClient client = fixture.clientWith(new UsageRecordLicenses(), new StripEchoedLicences())) {
            SdkAwsMetering withoutEcho = new SdkAwsMetering(client);
            fixture.simulator.unsubscribe(fixture.secondAgreement);

            MeteringResult result = withoutEcho.batchMeterUsage(null, List.of(
                    byLicense("k-second", fixture.secondAgreement, "requests", HOUR, 2),
                    byLicense("k-first", fixture.firstAgreement, "requests", HOUR, 1)));

            assertEquals(Status.CUSTOMER_NOT_SUBSCRIBED, resultOf(result, "k-second").status());
            assertEquals(fixture.firstAgreement.licenseArn(),
                    recordWithId(resultOf(result, "k-first").meteringRecordId()).licenseArn());
        }
    }

    @Test
    void aTimestampWithMilliseconds_goesOutUnchanged_throughTheLicenceRewrite() {
        MeteringLine line = byLicense("k-1", fixture.firstAgreement, "requests", HOUR.plusMillis(250), 1);

        MeteringResult result = metering.batchMeterUsage(null, List.of(line));

        assertEquals(HOUR.plusMillis(250), recordWithId(result.results().get(0).meteringRecordId()).timestamp());
    }

    @Test
    void answersInAnotherOrder_seenSoByTheLicenceInterceptorToo_areMatched() {
        try (MarketplaceMeteringClient client = fixture.clientWith(new UsageRecordLicenses(), new ReverseAnswers())) {
            MeteringResult result = new SdkAwsMetering(client).batchMeterUsage(null, List.of(
                    byLicense("k-first", fixture.firstAgreement, "seats", HOUR, 5),
                    byLicense("k-second", fixture.secondAgreement, "seats", HOUR, 5)));

            assertEquals(fixture.firstAgreement.licenseArn(),
                    recordWithId(resultOf(result, "k-first").meteringRecordId()).licenseArn());
            assertEquals(fixture.secondAgreement.licenseArn(),
                    recordWithId(resultOf(result, "k-second").meteringRecordId()).licenseArn());
        }
    }

    @Test
    void resultsComeInRequestOrder() {
        List<MeteringLine> lines = List.of(
                byIdentifier("k-1", fixture.bob, "seats", HOUR, 1),
                byIdentifier("k-2", fixture.alice, "seats", HOUR, 2),
                byIdentifier("k-3", fixture.alice, "requests", HOUR, 3));

        MeteringResult result = metering.batchMeterUsage(LEGACY_PRODUCT, lines);

        assertEquals(lines, result.results().stream().map(LineResult::line).toList());
    }

    @Test
    void twentyFiveLines_goInOneCall() {
        List<MeteringLine> lines = new ArrayList<>();
        for (int i = 0; i < AwsMetering.MAX_RECORDS_PER_CALL; i++) {
            SimulatedCustomer customer = fixture.simulator.registerCustomer(LEGACY_PRODUCT);
            lines.add(byIdentifier("k-" + i, customer, "requests", HOUR, i));
        }

        MeteringResult result = metering.batchMeterUsage(LEGACY_PRODUCT, lines);

        assertEquals(25, result.results().size());
        assertEquals(1, fixture.calls());
        assertEquals(25, fixture.simulator.meteringRecords().size());
    }

    @Test
    void moreThanTwentyFiveLines_goOutAsGiven_andAwsRefusesThemAsValidation() {
        List<MeteringLine> lines = IntStream.range(0, 26)
                .mapToObj(i -> byIdentifier("k-" + i, fixture.alice, "requests", HOUR.minus(Duration.ofMinutes(i)), 1))
                .toList();

        MeteringRejectedException e = assertThrows(MeteringRejectedException.class,
                () -> metering.batchMeterUsage(LEGACY_PRODUCT, lines));

        assertEquals(Reason.VALIDATION, e.reason());
        assertEquals(1, fixture.calls());
        assertEquals(List.of(), fixture.simulator.meteringRecords());
    }

    @Test
    void noLines_giveAnEmptyResultWithoutACall() {
        MeteringResult result = metering.batchMeterUsage(LEGACY_PRODUCT, List.of());

        assertEquals(List.of(), result.results());
        assertEquals(List.of(), result.unprocessed());
        assertEquals(0, fixture.calls());
    }

    @Test
    void bothCustomerForms_inOneBatch_goOutAsGiven_andAwsRefusesThemAsValidation() {
        List<MeteringLine> mixed = List.of(
                byIdentifier("k-1", fixture.alice, "requests", HOUR, 1),
                byLicense("k-2", fixture.firstAgreement, "requests", HOUR, 1));

        MeteringRejectedException e = assertThrows(MeteringRejectedException.class,
                () -> metering.batchMeterUsage(LEGACY_PRODUCT, mixed));

        assertEquals(Reason.VALIDATION, e.reason());
        assertEquals(1, fixture.calls());
    }

    @Test
    void aLineCarryingBothCustomerFields_goesOutWithBoth_notMendedIntoOne() {
        MeteringLine both = new MeteringLine("k-1", fixture.alice.customerIdentifier(),
                fixture.firstAgreement.awsAccountId(), fixture.firstAgreement.licenseArn(), "requests", HOUR, 1);
        Captured captured = new Captured();
        try (MarketplaceMeteringClient client = fixture.clientWith(new UsageRecordLicenses(), captured)) {
            MeteringRejectedException e = assertThrows(MeteringRejectedException.class,
                    () -> new SdkAwsMetering(client).batchMeterUsage(AGREEMENTS_PRODUCT, List.of(both)));

            assertEquals(Reason.VALIDATION, e.reason());
        }
        JsonNode record = captured.body.path("UsageRecords").get(0);
        assertEquals(fixture.alice.customerIdentifier(), record.path("CustomerIdentifier").asText());
        assertEquals(fixture.firstAgreement.awsAccountId(), record.path("CustomerAWSAccountId").asText());
        assertEquals(fixture.firstAgreement.licenseArn(), record.path("LicenseArn").asText());
    }

    @Test
    void customerIdentifierLines_withoutProductCode_goOutAsGiven_andAwsRefusesThemAsValidation() {
        List<MeteringLine> lines = List.of(byIdentifier("k-1", fixture.alice, "requests", HOUR, 1));

        MeteringRejectedException e = assertThrows(MeteringRejectedException.class,
                () -> metering.batchMeterUsage(null, lines));

        assertEquals(Reason.VALIDATION, e.reason());
        assertEquals(1, fixture.calls());
    }

    /** Keeps the body of the last request as it went on the wire (after the licence rewrite). */
    private static final class Captured implements ExecutionInterceptor {
        private JsonNode body;

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            context.requestBody().ifPresent(requestBody -> {
                try (InputStream in = requestBody.contentStreamProvider().newStream()) {
                    body = new ObjectMapper().readTree(in);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    @Test
    void aClientWithoutTheLicenceInterceptor_isRefused() {
        try (MarketplaceMeteringClient bare = fixture.clientWith()) {
            assertThrows(IllegalArgumentException.class, () -> new SdkAwsMetering(bare));
        }
    }

    @Test
    void theFactoryWithItsOwnHttpClient_meters() {
        try (MarketplaceMeteringClient own = SdkAwsMetering.meteringClient(Region.US_EAST_1,
                MeteringFixture.CREDENTIALS, fixture.simulator.endpoint())) {
            MeteringResult result = new SdkAwsMetering(own).batchMeterUsage(LEGACY_PRODUCT,
                    List.of(byIdentifier("k-1", fixture.alice, "requests", HOUR, 1)));
            assertEquals(Status.SUCCESS, result.results().get(0).status());
        }
    }

    /** Removes every LicenseArn from the raw answer, as a service that did not echo it would. */
    private static final class StripEchoedLicences implements ExecutionInterceptor {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                               ExecutionAttributes attributes) {
            Optional<InputStream> body = context.responseBody();
            if (body.isEmpty() || !context.httpResponse().isSuccessful()) {
                return body;
            }
            try {
                ObjectNode answer = (ObjectNode) JSON.readTree(body.get().readAllBytes());
                answer.path("Results").forEach(r -> ((ObjectNode) r.path("UsageRecord")).remove("LicenseArn"));
                answer.path("UnprocessedRecords").forEach(r -> ((ObjectNode) r).remove("LicenseArn"));
                return Optional.of(new ByteArrayInputStream(JSON.writeValueAsBytes(answer)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Reverses Results and UnprocessedRecords in the raw answer, as a service that kept no order might. */
    private static final class ReverseAnswers implements ExecutionInterceptor {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                               ExecutionAttributes attributes) {
            Optional<InputStream> body = context.responseBody();
            if (body.isEmpty() || !context.httpResponse().isSuccessful()) {
                return body;
            }
            try {
                ObjectNode answer = (ObjectNode) JSON.readTree(body.get().readAllBytes());
                reverse(answer, "Results");
                reverse(answer, "UnprocessedRecords");
                return Optional.of(new ByteArrayInputStream(JSON.writeValueAsBytes(answer)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static void reverse(ObjectNode answer, String field) {
            if (!(answer.get(field) instanceof ArrayNode array)) {
                return;
            }
            List<com.fasterxml.jackson.databind.JsonNode> items = new ArrayList<>();
            array.forEach(items::add);
            Collections.reverse(items);
            array.removeAll();
            items.forEach(array::add);
        }
    }
}
