package org.mpactivation.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.port.out.MeteringRejectedException.Reason;
import org.mpactivation.port.out.MeteringResult.LineResult;
import org.mpactivation.port.out.MeteringResult.Status;

/**
 * What BatchMeterUsage does, as one suite that every stand-in for it must pass: the in-memory fake the
 * use-case tests run on, the simulated marketplace spoken to over HTTP, and the SDK adapter pointed at the
 * simulated marketplace. A case that passes for one and fails for another is a drift to mend, in the
 * stand-in or in the adapter. Azure's metering stand-ins join this suite when the Azure metering lands.
 *
 * <p>A runner provides the subject and a way to declare the catalogue: products with their dimensions,
 * integrated by customer identifier or by licence (concurrent agreements), buyers of both kinds, and the
 * marketplace's current time and accepted window. Every case declares what it needs; each refusal is a
 * whole-batch refusal with the {@link Reason} the SDK adapter reports for the real error code.
 *
 * <p>Facts (public API reference and service model documentation): at most 25 records per call;
 * {@code CustomerIdentifier} and {@code CustomerAWSAccountId} are mutually exclusive, also across one
 * request; records are refused 6 hours or more after the event in the API reference, 24 hours in the
 * current service documentation, with records of a closed billing month accepted until 06:00 UTC on the
 * first day of the next month; a record out of that range refuses the whole batch
 * ({@code TimestampOutOfBoundsException}); quantities are 0 to 2147483647; an identical resend is
 * idempotent (same status, same MeteringRecordId).
 */
public abstract class AwsMeteringContract {

    /** The marketplace's time in every case (unless a case moves it). */
    protected static final Instant NOW = Instant.parse("2026-03-02T10:20:30Z");
    protected static final Instant HOUR = NOW.truncatedTo(ChronoUnit.HOURS);
    protected static final Duration SIX_HOURS = Duration.ofHours(6);
    protected static final Duration TWENTY_FOUR_HOURS = Duration.ofHours(24);

    protected static final String LEGACY = "prod-contract-legacy";
    protected static final String AGREEMENTS = "prod-contract-agreements";
    protected static final String OTHER_AGREEMENTS = "prod-contract-other";

    /** A buyer as the marketplace names them: by customer identifier, or by account id and licence. */
    public record Buyer(String productCode, String customerIdentifier, String customerAwsAccountId,
                           String licenseArn) {

        public MeteringLine line(String ledgerKey, String dimension, Instant hour, int quantity) {
            return customerIdentifier != null
                    ? new MeteringLine(ledgerKey, customerIdentifier, null, null, dimension, hour, quantity)
                    : new MeteringLine(ledgerKey, null, customerAwsAccountId, licenseArn, dimension, hour, quantity);
        }
    }

    // ---- what a runner provides

    /**
     * A fresh stand-in whose clock reads {@code now} and which accepts records less than {@code window} old;
     * called before every case, and again by cases that need another window (the runner discards the one
     * before).
     */
    protected abstract AwsMetering start(Instant now, Duration window);

    /** Moves the stand-in's clock forward to {@code at}. */
    protected abstract void moveClockTo(Instant at);

    /**
     * Declares a product with these dimensions.
     *
     * @param byLicenseOnly integrated for concurrent agreements: buyers are named by account id and licence,
     *     never by customer identifier
     */
    protected abstract void product(String productCode, boolean byLicenseOnly, String... dimensions);

    /** Subscribes a buyer named by customer identifier to a product declared without {@code byLicenseOnly}. */
    protected abstract Buyer customer(String productCode, String customerIdentifier, String awsAccountId);

    /** Subscribes the account to a product with a new licence (agreement); the buyer is named by account and licence. */
    protected abstract Buyer licensee(String productCode, String awsAccountId);

    /** Ends the buyer's subscription. */
    protected abstract void unsubscribe(Buyer buyer);

    /** The next call leaves its last {@code records} records unprocessed (a transient failure on AWS's side). */
    protected abstract void leaveUnprocessedNext(int records);

    /** The next {@code calls} calls are throttled. */
    protected abstract void throttleNext(int calls);

    /** The next {@code calls} calls are answered AccessDeniedException. */
    protected abstract void denyAccessNext(int calls);

    // ---- the catalogue of every case

    protected AwsMetering metering;
    protected Buyer alice;
    protected Buyer bob;
    protected Buyer firstAgreement;
    protected Buyer secondAgreement;
    protected Buyer otherProductAgreement;

    @BeforeEach
    void declareTheCatalogue() {
        metering = start(NOW, TWENTY_FOUR_HOURS);
        declare();
    }

    private void declare() {
        product(LEGACY, false, "requests", "seats");
        product(AGREEMENTS, true, "requests", "seats");
        product(OTHER_AGREEMENTS, true, "requests");
        alice = customer(LEGACY, "AliceCustId", "111111111111");
        bob = customer(LEGACY, "BobCustId", "222222222222");
        firstAgreement = licensee(AGREEMENTS, "333333333333");
        secondAgreement = licensee(AGREEMENTS, "333333333333");
        otherProductAgreement = licensee(OTHER_AGREEMENTS, "444444444444");
    }

    private MeteringResult send(String productCode, MeteringLine... lines) {
        return metering.batchMeterUsage(productCode, List.of(lines));
    }

    private Reason refusal(String productCode, List<MeteringLine> lines) {
        return assertThrows(MeteringRejectedException.class, () -> metering.batchMeterUsage(productCode, lines))
                .reason();
    }

    private static LineResult only(MeteringResult result) {
        assertEquals(List.of(), result.unprocessed());
        assertEquals(1, result.results().size());
        return result.results().get(0);
    }

    private void assertBilledOnceWith(Buyer buyer, String dimension, Instant hour, int quantity) {
        LineResult again = only(send(buyer.productCode(), buyer.line("probe", dimension, hour, quantity)));
        assertEquals(Status.SUCCESS, again.status(), "billed with " + quantity);
    }

    private void assertNotBilled(Buyer buyer, String dimension, Instant hour) {
        // Nothing billed yet: any quantity is accepted; a second, different one then is a duplicate.
        assertEquals(Status.SUCCESS, only(send(buyer.productCode(), buyer.line("probe", dimension, hour, 7))).status());
        assertEquals(Status.DUPLICATE, only(send(buyer.productCode(), buyer.line("probe", dimension, hour, 8))).status());
    }

    // ---- accepted records

    @Test
    void aRecordByCustomerIdentifier_isSuccess_withARecordId() {
        LineResult result = only(send(LEGACY, alice.line("k-1", "requests", HOUR, 42)));

        assertEquals(Status.SUCCESS, result.status());
        assertNotNull(result.meteringRecordId());
        assertEquals("k-1", result.line().ledgerKey());
    }

    @Test
    void aRecordByAccountAndLicence_isSuccess_withARecordId_whateverProductCodeIsGiven() {
        LineResult withoutCode = only(send(null, firstAgreement.line("k-1", "requests", HOUR, 5)));
        LineResult withCode = only(send(AGREEMENTS, secondAgreement.line("k-2", "requests", HOUR, 6)));

        assertEquals(Status.SUCCESS, withoutCode.status());
        assertNotNull(withoutCode.meteringRecordId());
        assertEquals(Status.SUCCESS, withCode.status());
        assertNotEquals(withoutCode.meteringRecordId(), withCode.meteringRecordId(),
                "two agreements of one account are billed apart");
    }

    @Test
    void severalRecords_areEachAnswered_inOneCall() {
        MeteringResult result = send(LEGACY, alice.line("k-1", "requests", HOUR, 1), alice.line("k-2", "seats", HOUR, 2),
                bob.line("k-3", "requests", HOUR, 3));

        assertEquals(List.of(), result.unprocessed());
        assertEquals(List.of("k-1", "k-2", "k-3"), result.results().stream().map(r -> r.line().ledgerKey()).sorted().toList());
        result.results().forEach(r -> assertEquals(Status.SUCCESS, r.status()));
    }

    @Test
    void twentyFiveRecords_areAccepted() {
        List<MeteringLine> lines = new ArrayList<>();
        for (int i = 0; i < AwsMetering.MAX_RECORDS_PER_CALL; i++) {
            lines.add(alice.line("k-" + i, i % 2 == 0 ? "requests" : "seats", HOUR.minus(Duration.ofHours(i / 2)), i));
        }

        MeteringResult result = metering.batchMeterUsage(LEGACY, lines);

        assertEquals(25, result.results().size());
        result.results().forEach(r -> assertEquals(Status.SUCCESS, r.status()));
    }

    @Test
    void quantitiesZeroAndTheLargestInt_areAccepted() {
        assertEquals(Status.SUCCESS, only(send(LEGACY, alice.line("k-0", "requests", HOUR, 0))).status());
        assertEquals(Status.SUCCESS, only(send(LEGACY, alice.line("k-max", "seats", HOUR, Integer.MAX_VALUE))).status());
    }

    @Test
    void anEmptyBatch_isAnsweredWithNothing() {
        MeteringResult result = metering.batchMeterUsage(LEGACY, List.of());

        assertEquals(List.of(), result.results());
        assertEquals(List.of(), result.unprocessed());
    }

    // ---- idempotence and duplicates

    @Test
    void anIdenticalResend_isSuccessAgain_withTheSameRecordId() {
        String first = only(send(LEGACY, alice.line("k-1", "requests", HOUR, 42))).meteringRecordId();

        LineResult again = only(send(LEGACY, alice.line("k-1", "requests", HOUR, 42)));

        assertEquals(Status.SUCCESS, again.status());
        assertEquals(first, again.meteringRecordId());
    }

    @Test
    void anIdenticalResend_ofALicenceRecord_isSuccessAgain_withTheSameRecordId() {
        String first = only(send(null, firstAgreement.line("k-1", "seats", HOUR, 3))).meteringRecordId();

        LineResult again = only(send(null, firstAgreement.line("k-1", "seats", HOUR, 3)));

        assertEquals(Status.SUCCESS, again.status());
        assertEquals(first, again.meteringRecordId());
    }

    @Test
    void anotherQuantity_forABilledCustomerDimensionAndHour_isDuplicateRecord_withoutId() {
        only(send(LEGACY, alice.line("k-1", "requests", HOUR, 42)));

        LineResult other = only(send(LEGACY, alice.line("k-2", "requests", HOUR, 43)));

        assertEquals(Status.DUPLICATE, other.status());
        assertNull(other.meteringRecordId());
        assertBilledOnceWith(alice, "requests", HOUR, 42);
    }

    @Test
    void anotherHourOrDimension_isNoDuplicate() {
        only(send(LEGACY, alice.line("k-1", "requests", HOUR, 42)));

        assertEquals(Status.SUCCESS, only(send(LEGACY, alice.line("k-2", "requests", HOUR.minusSeconds(3600), 43))).status());
        assertEquals(Status.SUCCESS, only(send(LEGACY, alice.line("k-3", "seats", HOUR, 43))).status());
    }

    // ---- unprocessed records and ended subscriptions

    @Test
    void anUnprocessedRecord_comesBackAsItsLine_andIsBilledWhenSentAgain() {
        MeteringLine line = alice.line("k-1", "requests", HOUR, 9);
        leaveUnprocessedNext(1);

        MeteringResult first = send(LEGACY, line);

        assertEquals(List.of(), first.results());
        assertEquals(List.of(line), first.unprocessed());
        LineResult second = only(send(LEGACY, line));
        assertEquals(Status.SUCCESS, second.status());
        assertNotNull(second.meteringRecordId());
    }

    @Test
    void anUnsubscribedBuyer_isCustomerNotSubscribed_whileTheOthersAreBilled() {
        unsubscribe(alice);

        MeteringResult result = send(LEGACY, alice.line("k-a", "requests", HOUR, 1), bob.line("k-b", "requests", HOUR, 2));

        for (LineResult line : result.results()) {
            boolean isAlice = line.line().ledgerKey().equals("k-a");
            assertEquals(isAlice ? Status.CUSTOMER_NOT_SUBSCRIBED : Status.SUCCESS, line.status());
            if (isAlice) {
                assertNull(line.meteringRecordId());
            }
        }
        assertEquals(2, result.results().size());
    }

    @Test
    void anEndedAgreement_isCustomerNotSubscribed_whileTheOtherAgreementOfTheAccountIsBilled() {
        unsubscribe(firstAgreement);

        MeteringResult result = send(null, firstAgreement.line("k-1", "requests", HOUR, 1),
                secondAgreement.line("k-2", "requests", HOUR, 1));

        for (LineResult line : result.results()) {
            assertEquals(line.line().ledgerKey().equals("k-1") ? Status.CUSTOMER_NOT_SUBSCRIBED : Status.SUCCESS,
                    line.status());
        }
        assertEquals(2, result.results().size());
    }

    // ---- refused requests: the input rules (ValidationException)

    @Test
    void moreThanTwentyFiveRecords_areRefusedAsValidation() {
        List<MeteringLine> lines = new ArrayList<>();
        for (int i = 0; i <= AwsMetering.MAX_RECORDS_PER_CALL; i++) {
            lines.add(alice.line("k-" + i, "requests", HOUR.minus(Duration.ofHours(i)), 1));
        }

        assertEquals(Reason.VALIDATION, refusal(LEGACY, lines));
        assertNotBilled(alice, "requests", HOUR);
    }

    @Test
    void aRequestNamingBuyersByCustomerIdentifierAndByAccount_isRefusedAsValidation() {
        List<MeteringLine> mixed = List.of(alice.line("k-1", "requests", HOUR, 1),
                firstAgreement.line("k-2", "requests", HOUR, 1));

        assertEquals(Reason.VALIDATION, refusal(LEGACY, mixed));
        assertNotBilled(alice, "requests", HOUR);
    }

    @Test
    void aRecordCarryingBothCustomerFields_isRefusedAsValidation_notSentWithOneOfThem() {
        MeteringLine both = new MeteringLine("k-1", alice.customerIdentifier(), firstAgreement.customerAwsAccountId(),
                firstAgreement.licenseArn(), "requests", HOUR, 1);

        assertEquals(Reason.VALIDATION, refusal(AGREEMENTS, List.of(both)));
        assertEquals(Reason.VALIDATION, refusal(LEGACY, List.of(both)));
        assertNotBilled(firstAgreement, "requests", HOUR);
    }

    @Test
    void aCustomerIdentifierWithALicence_isRefusedAsValidation() {
        MeteringLine line = new MeteringLine("k-1", alice.customerIdentifier(), null, firstAgreement.licenseArn(),
                "requests", HOUR, 1);

        assertEquals(Reason.VALIDATION, refusal(LEGACY, List.of(line)));
    }

    @Test
    void customerIdentifierRecords_withoutAProductCode_areRefusedAsValidation() {
        assertEquals(Reason.VALIDATION, refusal(null, List.of(alice.line("k-1", "requests", HOUR, 1))));
    }

    // ---- refused requests: the timestamps

    @Test
    void aRecordAsOldAsTheWindow_refusesTheWholeBatch_asTimestampOutOfBounds() {
        List<MeteringLine> lines = List.of(alice.line("k-fresh", "requests", HOUR, 1),
                bob.line("k-stale", "requests", NOW.minus(TWENTY_FOUR_HOURS), 1));

        assertEquals(Reason.TIMESTAMP_OUT_OF_BOUNDS, refusal(LEGACY, lines));
        assertNotBilled(alice, "requests", HOUR);
    }

    @Test
    void aRecordJustInsideTheWindow_isAccepted() {
        MeteringLine line = alice.line("k-1", "requests", NOW.minus(TWENTY_FOUR_HOURS).plusSeconds(1), 1);

        assertEquals(Status.SUCCESS, only(send(LEGACY, line)).status());
    }

    @Test
    void withTheSixHourWindow_aRecordSixHoursOld_isRefused_andOneJustYoungerIsAccepted() {
        metering = start(NOW, SIX_HOURS);
        declare();

        assertEquals(Reason.TIMESTAMP_OUT_OF_BOUNDS,
                refusal(LEGACY, List.of(alice.line("k-1", "requests", NOW.minus(SIX_HOURS), 1))));
        assertEquals(Status.SUCCESS,
                only(send(LEGACY, alice.line("k-2", "requests", NOW.minus(SIX_HOURS).plusSeconds(1), 1))).status());
    }

    @Test
    void aRecordInTheFuture_isRefusedAsTimestampOutOfBounds() {
        assertEquals(Reason.TIMESTAMP_OUT_OF_BOUNDS,
                refusal(null, List.of(firstAgreement.line("k-1", "requests", NOW.plusSeconds(1), 1))));
    }

    @Test
    void aClosedBillingMonth_isAcceptedUntilSixInTheMorningOfTheFirst_thenRefused() {
        Instant lastHourOfMarch = Instant.parse("2026-03-31T23:00:00Z");
        moveClockTo(Instant.parse("2026-04-01T05:59:59Z"));
        assertEquals(Status.SUCCESS, only(send(LEGACY, alice.line("k-1", "requests", lastHourOfMarch, 1))).status());

        moveClockTo(Instant.parse("2026-04-01T06:00:00Z"));

        assertEquals(Reason.TIMESTAMP_OUT_OF_BOUNDS,
                refusal(LEGACY, List.of(alice.line("k-2", "seats", lastHourOfMarch, 1))));
        assertEquals(Status.SUCCESS, only(send(LEGACY,
                alice.line("k-3", "seats", Instant.parse("2026-04-01T00:00:00Z"), 1))).status());
    }

    // ---- refused requests: the catalogue

    @Test
    void aDimensionTheProductDoesNotDeclare_isRefusedAsInvalidDimension() {
        assertEquals(Reason.INVALID_DIMENSION, refusal(LEGACY, List.of(alice.line("k-1", "gigabytes", HOUR, 1))));
        assertEquals(Reason.INVALID_DIMENSION,
                refusal(null, List.of(otherProductAgreement.line("k-2", "seats", HOUR, 1))));
    }

    @Test
    void aProductCodeTheSellerDoesNotHave_isRefusedAsInvalidProduct() {
        assertEquals(Reason.INVALID_PRODUCT, refusal("prod-unknown", List.of(alice.line("k-1", "requests", HOUR, 1))));
    }

    @Test
    void anUnknownCustomerIdentifier_isRefusedAsInvalidCustomer() {
        MeteringLine nobody = new MeteringLine("k-1", "NobodyCustId", null, null, "requests", HOUR, 1);

        assertEquals(Reason.INVALID_CUSTOMER, refusal(LEGACY, List.of(alice.line("k-0", "requests", HOUR, 1), nobody)));
        assertNotBilled(alice, "requests", HOUR);
    }

    @Test
    void aCustomerIdentifier_forAProductIntegratedByLicence_isRefusedAsInvalidCustomer() {
        assertEquals(Reason.INVALID_CUSTOMER, refusal(AGREEMENTS, List.of(alice.line("k-1", "requests", HOUR, 1))));
    }

    @Test
    void anUnknownLicence_isRefusedAsInvalidLicence() {
        MeteringLine unknown = new MeteringLine("k-1", null, firstAgreement.customerAwsAccountId(),
                firstAgreement.licenseArn() + "0", "requests", HOUR, 1);

        assertEquals(Reason.INVALID_LICENSE, refusal(null, List.of(firstAgreement.line("k-0", "requests", HOUR, 1), unknown)));
        assertNotBilled(firstAgreement, "requests", HOUR);
    }

    @Test
    void aLicenceOfAnotherAccount_isRefusedAsInvalidLicence() {
        MeteringLine foreign = new MeteringLine("k-1", null, "999999999999", secondAgreement.licenseArn(),
                "requests", HOUR, 1);

        assertEquals(Reason.INVALID_LICENSE, refusal(null, List.of(foreign)));
    }

    @Test
    void licencesOfTwoProducts_inOneRequest_areRefusedAsInvalidLicence() {
        List<MeteringLine> lines = List.of(firstAgreement.line("k-1", "requests", HOUR, 1),
                otherProductAgreement.line("k-2", "requests", HOUR, 1));

        assertEquals(Reason.INVALID_LICENSE, refusal(null, lines));
    }

    // ---- outages

    @Test
    void throttling_isThrottled_andTheSameRequestSucceedsLater() {
        MeteringLine line = alice.line("k-1", "requests", HOUR, 1);
        throttleNext(1);

        assertThrows(MarketplaceThrottledException.class, () -> send(LEGACY, line));

        assertEquals(Status.SUCCESS, only(send(LEGACY, line)).status());
    }

    @Test
    void deniedAccess_isAnAccessOutage_notARefusal_andTheSameRequestSucceedsLater() {
        MeteringLine line = firstAgreement.line("k-1", "requests", HOUR, 1);
        denyAccessNext(2);

        MarketplaceUnavailableException first = assertThrows(MarketplaceUnavailableException.class, () -> send(null, line));
        assertInstanceOf(MarketplaceAccessException.class, first);
        assertThrows(MarketplaceAccessException.class, () -> send(null, line));

        assertEquals(Status.SUCCESS, only(send(null, line)).status());
    }
}
