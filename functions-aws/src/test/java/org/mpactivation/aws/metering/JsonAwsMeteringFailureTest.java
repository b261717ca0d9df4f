package org.mpactivation.aws.metering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mpactivation.aws.metering.MeteringFixture.HOUR;
import static org.mpactivation.aws.metering.MeteringFixture.LEGACY_PRODUCT;
import static org.mpactivation.aws.metering.MeteringFixture.NOW;
import static org.mpactivation.aws.metering.MeteringFixture.byIdentifier;
import static org.mpactivation.aws.metering.MeteringFixture.byLicense;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.port.out.MarketplaceThrottledException;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.MeteringLine;
import org.mpactivation.port.out.MeteringRejectedException;
import org.mpactivation.port.out.MeteringRejectedException.Reason;
import org.mpactivation.simulator.aws.AwsOperation;
import org.mpactivation.simulator.aws.MarketplaceError;
import org.mpactivation.simulator.aws.SimulatedCustomer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.mpactivation.adapter.aws.AwsClientException;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsHttp;
import org.mpactivation.adapter.aws.AwsServiceException;

/** BatchMeterUsage refusals and failures: what the port's caller sees, and that the client does not retry. */
class JsonAwsMeteringFailureTest {

    private final MeteringFixture fixture = new MeteringFixture();
    private final JsonAwsMetering metering = fixture.metering;

    @AfterEach
    void close() {
        fixture.close();
    }

    private List<MeteringLine> aliceUsage() {
        return List.of(byIdentifier("k-1", fixture.alice, "requests", HOUR, 1));
    }

    private MeteringRejectedException rejected(String productCode, List<MeteringLine> lines) {
        return assertThrows(MeteringRejectedException.class, () -> metering.batchMeterUsage(productCode, lines));
    }

    @Test
    void throttling_isThrottledException_afterOneCall_becauseTheClientDoesNotRetry() {
        fixture.simulator.faults().throttleNext(AwsOperation.BATCH_METER_USAGE, 3);

        MarketplaceThrottledException e = assertThrows(MarketplaceThrottledException.class,
                () -> metering.batchMeterUsage(LEGACY_PRODUCT, aliceUsage()));

        assertEquals("ThrottlingException", assertInstanceOf(AwsServiceException.class, e.getCause()).errorCode());
        assertEquals(1, fixture.calls());
        assertEquals(2, fixture.simulator.faults().pendingErrors(AwsOperation.BATCH_METER_USAGE));
        assertEquals(0, fixture.simulator.meteringRecords().size());
    }

    @Test
    void theCallQuota_beyondTenPerSecond_isThrottledException() {
        for (int i = 0; i < 10; i++) {
            metering.batchMeterUsage(LEGACY_PRODUCT, aliceUsage());
        }

        assertThrows(MarketplaceThrottledException.class, () -> metering.batchMeterUsage(LEGACY_PRODUCT, aliceUsage()));
        assertEquals(11, fixture.calls());

        fixture.quotaTicker.addAndGet(Duration.ofSeconds(1).toNanos());
        metering.batchMeterUsage(LEGACY_PRODUCT, aliceUsage());
        assertEquals(12, fixture.calls());
    }

    @Test
    void internalServiceError_isUnavailable_notThrottled_afterOneCall() {
        fixture.simulator.faults().failNext(AwsOperation.BATCH_METER_USAGE, MarketplaceError.INTERNAL_SERVICE_ERROR);

        MarketplaceUnavailableException e = assertThrows(MarketplaceUnavailableException.class,
                () -> metering.batchMeterUsage(LEGACY_PRODUCT, aliceUsage()));

        assertFalse(e instanceof MarketplaceThrottledException);
        assertEquals("InternalServiceErrorException",
                assertInstanceOf(AwsServiceException.class, e.getCause()).errorCode());
        assertEquals(1, fixture.calls());
    }

    @Test
    void noAnswer_isUnavailable_withTheClientExceptionAsCause() throws IOException {
        URI closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        JsonAwsMetering unreachable = JsonAwsMetering.create("us-east-1", MeteringFixture.CREDENTIALS, closed,
                fixture.http);

        MarketplaceUnavailableException e = assertThrows(MarketplaceUnavailableException.class,
                () -> unreachable.batchMeterUsage(LEGACY_PRODUCT, aliceUsage()));

        assertFalse(e instanceof MarketplaceThrottledException);
        assertFalse(e instanceof MarketplaceAccessException);
        assertInstanceOf(AwsClientException.class, e.getCause());
    }

    @Test
    void anHourSixHoursOld_isRejectedAsTimestampOutOfBounds_andNothingIsBilled() {
        MeteringLine fresh = byIdentifier("k-fresh", fixture.alice, "requests", HOUR, 1);
        MeteringLine stale = byIdentifier("k-stale", fixture.bob, "requests", NOW.minus(Duration.ofHours(6)), 1);

        MeteringRejectedException e = rejected(LEGACY_PRODUCT, List.of(fresh, stale));

        assertEquals(Reason.TIMESTAMP_OUT_OF_BOUNDS, e.reason());
        assertEquals("TimestampOutOfBoundsException", assertInstanceOf(AwsServiceException.class, e.getCause()).errorCode());
        assertEquals(0, fixture.simulator.meteringRecords().size());
        assertEquals(1, fixture.calls());
    }

    @Test
    void anHourInTheFuture_isRejectedAsTimestampOutOfBounds() {
        MeteringLine next = byIdentifier("k-next", fixture.alice, "requests", HOUR.plus(Duration.ofHours(1)), 1);

        assertEquals(Reason.TIMESTAMP_OUT_OF_BOUNDS, rejected(LEGACY_PRODUCT, List.of(next)).reason());
    }

    @Test
    void aDimensionTheProductDoesNotDeclare_isRejectedAsInvalidDimension() {
        MeteringLine line = byIdentifier("k-1", fixture.alice, "gigabytes", HOUR, 1);

        assertEquals(Reason.INVALID_DIMENSION, rejected(LEGACY_PRODUCT, List.of(line)).reason());
    }

    @Test
    void anUnknownCustomerIdentifier_isRejectedAsInvalidCustomer() {
        MeteringLine line = new MeteringLine("k-1", "NobodyCustId", null, null, "requests", HOUR, 1);

        assertEquals(Reason.INVALID_CUSTOMER, rejected(LEGACY_PRODUCT, List.of(line)).reason());
    }

    @Test
    void anUnknownProductCode_isRejectedAsInvalidProduct() {
        assertEquals(Reason.INVALID_PRODUCT, rejected("prod-unknown", aliceUsage()).reason());
    }

    @Test
    void aLicenceOfAnotherAccount_isRejectedAsInvalidLicence_fromTheUnmodelledErrorCode() {
        SimulatedCustomer other = fixture.secondAgreement;
        MeteringLine line = new MeteringLine("k-1", null, "999999999999", other.licenseArn(), "requests", HOUR, 1);

        MeteringRejectedException e = rejected(null, List.of(line));

        assertEquals(Reason.INVALID_LICENSE, e.reason());
        AwsServiceException cause = assertInstanceOf(AwsServiceException.class, e.getCause());
        assertEquals("InvalidLicenseException", cause.errorCode());
    }

    @Test
    void anUnknownLicence_isRejectedAsInvalidLicence() {
        MeteringLine line = byLicense("k-1", fixture.firstAgreement, "requests", HOUR, 1);
        MeteringLine unknown = new MeteringLine("k-2", null, line.customerAwsAccountId(),
                line.licenseArn() + "0", "requests", HOUR, 1);

        assertEquals(Reason.INVALID_LICENSE, rejected(null, List.of(line, unknown)).reason());
        assertEquals(0, fixture.simulator.meteringRecords().size());
    }

    @Test
    void aDisabledApi_isAnAccessOutage_notARefusal() {
        fixture.simulator.faults().disable(AwsOperation.BATCH_METER_USAGE);

        MarketplaceAccessException e = assertThrows(MarketplaceAccessException.class,
                () -> metering.batchMeterUsage(LEGACY_PRODUCT, aliceUsage()));

        assertInstanceOf(MarketplaceUnavailableException.class, e);
        assertEquals(1, fixture.calls());
    }

    @Test
    void deniedOrUnknownCredentials_areAccessOutages_withTheErrorAsCause() {
        for (MarketplaceError error : List.of(MarketplaceError.ACCESS_DENIED, MarketplaceError.UNRECOGNIZED_CLIENT,
                MarketplaceError.INVALID_CLIENT_TOKEN_ID, MarketplaceError.EXPIRED_TOKEN)) {
            fixture.simulator.faults().failNext(AwsOperation.BATCH_METER_USAGE, error);

            MarketplaceAccessException e = assertThrows(MarketplaceAccessException.class,
                    () -> metering.batchMeterUsage(LEGACY_PRODUCT, aliceUsage()), error.code());

            AwsServiceException cause = assertInstanceOf(AwsServiceException.class, e.getCause());
            assertEquals(error.code(), cause.errorCode());
        }
        assertEquals(List.of(), fixture.simulator.meteringRecords());
    }

    @Test
    void credentialsThatCannotBeLoaded_areAnAccessOutage_withoutACall() {
        AwsCredentialSource broken = () -> {
            throw new AwsClientException("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
        };
        JsonAwsMetering brokenMetering = JsonAwsMetering.create("us-east-1", broken, fixture.simulator.endpoint(),
                fixture.http);

        assertThrows(MarketplaceAccessException.class, () -> brokenMetering.batchMeterUsage(LEGACY_PRODUCT, aliceUsage()));
        assertEquals(0, fixture.calls());
    }

    @Test
    void aServerErrorWithABodyThatIsNotJson_isUnavailable_afterOneCall() {
        AtomicCounter sent = new AtomicCounter();
        JsonAwsMetering broken = JsonAwsMetering.create("us-east-1", MeteringFixture.CREDENTIALS,
                fixture.simulator.endpoint(), request -> {
                    sent.count++;
                    return new AwsHttp.Response(500, Map.of("content-type", "text/html"),
                            "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8));
                });

        MarketplaceUnavailableException e = assertThrows(MarketplaceUnavailableException.class,
                () -> broken.batchMeterUsage(LEGACY_PRODUCT, aliceUsage()));

        assertFalse(e instanceof MarketplaceThrottledException || e instanceof MarketplaceAccessException);
        AwsServiceException cause = assertInstanceOf(AwsServiceException.class, e.getCause());
        assertEquals(500, cause.status());
        assertEquals(1, sent.count, "no retry");
    }

    @Test
    void aThrottlingAnswerNamedOnlyByTheHttpStatus429_isThrottled() {
        JsonAwsMetering throttled = JsonAwsMetering.create("us-east-1", MeteringFixture.CREDENTIALS,
                fixture.simulator.endpoint(), request -> new AwsHttp.Response(429, Map.of(), new byte[0]));

        assertThrows(MarketplaceThrottledException.class, () -> throttled.batchMeterUsage(LEGACY_PRODUCT, aliceUsage()));
    }

    @Test
    void anAnswerThatIsNotJson_isUnavailable() {
        JsonAwsMetering garbled = JsonAwsMetering.create("us-east-1", MeteringFixture.CREDENTIALS,
                fixture.simulator.endpoint(), request -> new AwsHttp.Response(200, Map.of(),
                        "{\"Results\": [".getBytes(StandardCharsets.UTF_8)));

        MarketplaceUnavailableException e = assertThrows(MarketplaceUnavailableException.class,
                () -> garbled.batchMeterUsage(LEGACY_PRODUCT, aliceUsage()));
        assertInstanceOf(AwsClientException.class, e.getCause());
    }

    private static final class AtomicCounter {
        int count;
    }
}
