package org.mpactivation.aws.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
import org.mpactivation.adapter.aws.AwsHttp;

/** BatchMeterUsage through the JSON client over HTTP against the simulated marketplace: the answers. */
class JsonAwsMeteringTest {

    private final MeteringFixture fixture = new MeteringFixture();
    private final JsonAwsMetering metering = fixture.metering;

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
        JsonAwsMetering reordered = fixture.through(http -> answersRewritten(http, JsonAwsMeteringTest::reverse));
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

    @Test
    void answersThatDoNotEchoTheLicence_areStillMatched_byTheOtherFields() {
        JsonAwsMetering withoutEcho = fixture.through(http -> answersRewritten(http, answer -> {
            answer.path("Results").forEach(r -> ((ObjectNode) r.path("UsageRecord")).remove("LicenseArn"));
            answer.path("UnprocessedRecords").forEach(r -> ((ObjectNode) r).remove("LicenseArn"));
        }));
        fixture.simulator.unsubscribe(fixture.secondAgreement);

        MeteringResult result = withoutEcho.batchMeterUsage(null, List.of(
                byLicense("k-second", fixture.secondAgreement, "requests", HOUR, 2),
                byLicense("k-first", fixture.firstAgreement, "requests", HOUR, 1)));

        assertEquals(Status.CUSTOMER_NOT_SUBSCRIBED, resultOf(result, "k-second").status());
        assertEquals(fixture.firstAgreement.licenseArn(),
                recordWithId(resultOf(result, "k-first").meteringRecordId()).licenseArn());
    }

    @Test
    void aTimestampWithMilliseconds_goesOutUnchanged_throughTheLicenceRewrite() {
        MeteringLine line = byLicense("k-1", fixture.firstAgreement, "requests", HOUR.plusMillis(250), 1);

        MeteringResult result = metering.batchMeterUsage(null, List.of(line));

        assertEquals(HOUR.plusMillis(250), recordWithId(result.results().get(0).meteringRecordId()).timestamp());
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
        MeteringRejectedException e = assertThrows(MeteringRejectedException.class,
                () -> fixture.through(captured::around).batchMeterUsage(AGREEMENTS_PRODUCT, List.of(both)));

        assertEquals(Reason.VALIDATION, e.reason());
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

    /** Keeps the body of the last request as it went on the wire. */
    private static final class Captured {
        private JsonNode body;
        private AwsHttp.Request request;

        AwsHttp around(AwsHttp http) {
            return request -> {
                this.request = request;
                body = new ObjectMapper().readTree(request.body());
                return http.send(request);
            };
        }
    }

    @Test
    void theWire_licenceRecords_carryLicenceArnAndAccount_noProductCode_andEpochSecondTimestamps() {
        Captured captured = new Captured();
        MeteringResult result = fixture.through(captured::around).batchMeterUsage(AGREEMENTS_PRODUCT, List.of(
                byLicense("k-1", fixture.firstAgreement, "requests", HOUR.plusMillis(250), 3)));

        assertEquals(Status.SUCCESS, result.results().get(0).status());
        assertEquals("AWSMPMeteringService.BatchMeterUsage", captured.request.headers().get("X-Amz-Target"));
        assertEquals("application/x-amz-json-1.1", captured.request.headers().get("Content-Type"));
        assertTrue(captured.request.headers().get("Authorization").contains("/us-east-1/aws-marketplace/aws4_request"));
        assertFalse(captured.body.has("ProductCode"), captured.body.toString());
        JsonNode record = captured.body.path("UsageRecords").get(0);
        assertEquals(fixture.firstAgreement.licenseArn(), record.path("LicenseArn").asText());
        assertEquals(fixture.firstAgreement.awsAccountId(), record.path("CustomerAWSAccountId").asText());
        assertFalse(record.has("CustomerIdentifier"));
        assertTrue(record.path("Timestamp").isNumber(), record.toString());
        assertEquals(HOUR.plusMillis(250).toEpochMilli() / 1000.0, record.path("Timestamp").asDouble(), 0.0);
        assertEquals(3, record.path("Quantity").asInt());
    }

    @Test
    void theWire_identifierRecords_carryTheProductCode_andNoLicence() {
        Captured captured = new Captured();
        fixture.through(captured::around).batchMeterUsage(LEGACY_PRODUCT, List.of(
                byIdentifier("k-1", fixture.alice, "requests", HOUR, 1)));

        assertEquals(LEGACY_PRODUCT, captured.body.path("ProductCode").asText());
        JsonNode record = captured.body.path("UsageRecords").get(0);
        assertEquals(fixture.alice.customerIdentifier(), record.path("CustomerIdentifier").asText());
        assertFalse(record.has("LicenseArn"));
        assertFalse(record.has("CustomerAWSAccountId"));
    }

    @Test
    void aRecordResultWithoutLicenceArn_andUnknownFields_isMatched() {
        JsonAwsMetering odd = fixture.through(http -> answersRewritten(http, answer -> {
            answer.put("SomethingNew", "ignored");
            answer.path("Results").forEach(r -> {
                ((ObjectNode) r).putObject("Extra").putArray("Nested").add(1);
                ((ObjectNode) r.path("UsageRecord")).remove("LicenseArn");
                ((ObjectNode) r.path("UsageRecord")).put("UsageAllocations", "not-a-list");
            });
        }));

        MeteringResult result = odd.batchMeterUsage(null, List.of(
                byLicense("k-1", fixture.firstAgreement, "requests", HOUR, 1)));

        assertEquals(Status.SUCCESS, resultOf(result, "k-1").status());
        assertNotNull(resultOf(result, "k-1").meteringRecordId());
    }

    @Test
    void anAnswerWithoutResults_leavesEveryLineUnprocessed() {
        JsonAwsMetering empty = fixture.through(http -> answersRewritten(http, answer -> {
            answer.remove("Results");
            answer.remove("UnprocessedRecords");
        }));
        List<MeteringLine> lines = List.of(byIdentifier("k-1", fixture.alice, "requests", HOUR, 1),
                byIdentifier("k-2", fixture.bob, "requests", HOUR, 1));

        MeteringResult result = empty.batchMeterUsage(LEGACY_PRODUCT, lines);

        assertEquals(List.of(), result.results());
        assertEquals(lines, result.unprocessed());
    }

    @Test
    void anUnknownRecordStatus_leavesTheLineToResend() {
        JsonAwsMetering odd = fixture.through(http -> answersRewritten(http,
                answer -> answer.path("Results").forEach(r -> ((ObjectNode) r).put("Status", "SomethingElse"))));
        MeteringLine line = byIdentifier("k-1", fixture.alice, "requests", HOUR, 1);

        MeteringResult result = odd.batchMeterUsage(LEGACY_PRODUCT, List.of(line));

        assertEquals(List.of(), result.results());
        assertEquals(List.of(line), result.unprocessed());
    }

    /** The transport with each 2xx answer's JSON changed by {@code change} on its way back. */
    private static AwsHttp answersRewritten(AwsHttp http, java.util.function.Consumer<ObjectNode> change) {
        ObjectMapper json = new ObjectMapper();
        return request -> {
            AwsHttp.Response response = http.send(request);
            if (response.status() / 100 != 2) {
                return response;
            }
            ObjectNode answer = (ObjectNode) json.readTree(response.body());
            change.accept(answer);
            java.util.Map<String, String> headers = new java.util.HashMap<>(response.headers());
            headers.remove("x-amz-crc32");
            return new AwsHttp.Response(response.status(), headers, json.writeValueAsBytes(answer));
        };
    }

    /** Reverses Results and UnprocessedRecords, as a service that kept no order might. */
    private static void reverse(ObjectNode answer) {
        reverse(answer, "Results");
        reverse(answer, "UnprocessedRecords");
    }

    private static void reverse(ObjectNode answer, String field) {
        if (!(answer.get(field) instanceof ArrayNode array)) {
            return;
        }
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        Collections.reverse(items);
        array.removeAll();
        items.forEach(array::add);
    }
}
