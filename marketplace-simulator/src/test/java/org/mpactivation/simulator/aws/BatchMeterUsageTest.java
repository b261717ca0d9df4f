package org.mpactivation.simulator.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.marketplacemetering.model.BatchMeterUsageResponse;
import software.amazon.awssdk.services.marketplacemetering.model.InvalidCustomerIdentifierException;
import software.amazon.awssdk.services.marketplacemetering.model.InvalidProductCodeException;
import software.amazon.awssdk.services.marketplacemetering.model.InvalidTagException;
import software.amazon.awssdk.services.marketplacemetering.model.InvalidUsageAllocationsException;
import software.amazon.awssdk.services.marketplacemetering.model.InvalidUsageDimensionException;
import software.amazon.awssdk.services.marketplacemetering.model.MarketplaceMeteringException;
import software.amazon.awssdk.services.marketplacemetering.model.Tag;
import software.amazon.awssdk.services.marketplacemetering.model.ThrottlingException;
import software.amazon.awssdk.services.marketplacemetering.model.TimestampOutOfBoundsException;
import software.amazon.awssdk.services.marketplacemetering.model.UsageAllocation;
import software.amazon.awssdk.services.marketplacemetering.model.UsageRecord;
import software.amazon.awssdk.services.marketplacemetering.model.UsageRecordResult;
import software.amazon.awssdk.services.marketplacemetering.model.UsageRecordResultStatus;

class BatchMeterUsageTest {

    private static final String PRODUCT = "prod-metered";

    private MarketplaceFixture fixture = new MarketplaceFixture();
    private AwsMarketplaceSimulator marketplace = fixture.simulator;
    private SimulatedCustomer alice;
    private SimulatedCustomer bob;

    BatchMeterUsageTest() {
        declare();
    }

    private void declare() {
        marketplace.product(PRODUCT).dimensions("requests", "storage");
        alice = marketplace.registerCustomer(PRODUCT, "AliceCustId", "111111111111");
        bob = marketplace.registerCustomer(PRODUCT, "BobCustId", "222222222222");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private Instant now() {
        return fixture.clock.instant();
    }

    private static UsageRecord byIdentifier(SimulatedCustomer customer, String dimension, int quantity, Instant at) {
        return UsageRecord.builder().customerIdentifier(customer.customerIdentifier()).dimension(dimension)
                .quantity(quantity).timestamp(at).build();
    }

    private static UsageRecord byAccount(SimulatedCustomer customer, String dimension, int quantity, Instant at) {
        return UsageRecord.builder().customerAWSAccountId(customer.awsAccountId()).dimension(dimension)
                .quantity(quantity).timestamp(at).build();
    }

    private BatchMeterUsageResponse meter(UsageRecord... records) {
        return fixture.metering.batchMeterUsage(r -> r.productCode(PRODUCT).usageRecords(records));
    }

    private static UsageRecordResultStatus status(BatchMeterUsageResponse response, int index) {
        return response.results().get(index).status();
    }

    @Test
    void acceptsUsageAndKeepsTheRecordForTheHour() {
        Instant at = now().minus(Duration.ofMinutes(30));
        BatchMeterUsageResponse response = meter(byIdentifier(alice, "requests", 42, at));

        assertEquals(1, response.results().size());
        assertTrue(response.unprocessedRecords().isEmpty());
        UsageRecordResult result = response.results().get(0);
        assertEquals(UsageRecordResultStatus.SUCCESS, result.status());
        assertEquals("AliceCustId", result.usageRecord().customerIdentifier());
        assertEquals(at, result.usageRecord().timestamp());
        assertNotNull(result.meteringRecordId());

        List<MeteringRecord> records = marketplace.meteringRecords();
        assertEquals(1, records.size());
        MeteringRecord record = records.get(0);
        assertEquals(result.meteringRecordId(), record.meteringRecordId());
        assertEquals(PRODUCT, record.productCode());
        assertEquals("AliceCustId", record.customerIdentifier());
        assertEquals("111111111111", record.customerAwsAccountId());
        assertEquals(alice.licenseArn(), record.licenseArn());
        assertEquals("requests", record.dimension());
        assertEquals(Instant.parse("2026-03-02T09:00:00Z"), record.hour());
        assertEquals(at, record.timestamp());
        assertEquals(42, record.quantity());
        assertEquals(1, marketplace.callCount(AwsOperation.BATCH_METER_USAGE));
    }

    @Test
    void anIdenticalResendSucceedsWithTheSameRecordIdAndADifferentQuantityIsADuplicate() {
        Instant at = now().minus(Duration.ofMinutes(5));
        String id = meter(byIdentifier(alice, "requests", 10, at)).results().get(0).meteringRecordId();

        BatchMeterUsageResponse resend = meter(byIdentifier(alice, "requests", 10, at));
        assertEquals(UsageRecordResultStatus.SUCCESS, status(resend, 0));
        assertEquals(id, resend.results().get(0).meteringRecordId());

        BatchMeterUsageResponse sameHourOtherQuantity = meter(byIdentifier(alice, "requests", 11, at.minusSeconds(60)));
        assertEquals(UsageRecordResultStatus.DUPLICATE_RECORD, status(sameHourOtherQuantity, 0));
        assertNull(sameHourOtherQuantity.results().get(0).meteringRecordId(), "a refused record gets no id");

        BatchMeterUsageResponse otherDimension = meter(byIdentifier(alice, "storage", 11, at),
                byIdentifier(bob, "requests", 11, at), byIdentifier(alice, "requests", 11, at.minus(Duration.ofHours(1))));
        for (int i = 0; i < 3; i++) {
            assertEquals(UsageRecordResultStatus.SUCCESS, status(otherDimension, i));
        }
        assertEquals(4, marketplace.meteringRecords().size());
        assertEquals(10, marketplace.meteringRecords().get(0).quantity(), "the first quantity stays billed");
    }

    @Test
    void statusesForUnsubscribedAndForeignCustomers() {
        marketplace.product("prod-other").dimensions("requests");
        SimulatedCustomer elsewhere = marketplace.registerCustomer("prod-other", "ElsewhereId", "333333333333");
        marketplace.unsubscribe(bob);
        Instant at = now();

        BatchMeterUsageResponse response = meter(byIdentifier(bob, "requests", 1, at),
                byIdentifier(elsewhere, "requests", 1, at), byIdentifier(alice, "requests", 1, at));
        assertEquals(UsageRecordResultStatus.CUSTOMER_NOT_SUBSCRIBED, status(response, 0));
        assertNull(response.results().get(0).meteringRecordId());
        assertEquals(UsageRecordResultStatus.CUSTOMER_NOT_SUBSCRIBED, status(response, 1));
        assertEquals(UsageRecordResultStatus.SUCCESS, status(response, 2));
        assertEquals(1, marketplace.meteringRecords().size());

        BatchMeterUsageResponse byAccounts = meter(
                UsageRecord.builder().customerAWSAccountId("999999999999").dimension("requests").quantity(1).timestamp(at).build(),
                byAccount(bob, "requests", 1, at));
        assertEquals(UsageRecordResultStatus.CUSTOMER_NOT_SUBSCRIBED, status(byAccounts, 0));
        assertEquals(UsageRecordResultStatus.CUSTOMER_NOT_SUBSCRIBED, status(byAccounts, 1));

        marketplace.resubscribe(bob);
        assertEquals(UsageRecordResultStatus.SUCCESS, status(meter(byIdentifier(bob, "requests", 1, at)), 0));

        InvalidCustomerIdentifierException e = assertThrows(InvalidCustomerIdentifierException.class,
                () -> meter(UsageRecord.builder().customerIdentifier("NoSuchCustomer").dimension("requests")
                        .quantity(1).timestamp(at).build()));
        assertEquals(400, e.statusCode());
    }

    @Test
    void acceptsTwentyFiveRecordsAndRefusesTwentySix() {
        List<UsageRecord> records = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            records.add(byIdentifier(i % 2 == 0 ? alice : bob, "requests", i, now().minus(Duration.ofHours(i / 2 % 5))));
        }
        MarketplaceMeteringException e = assertThrows(MarketplaceMeteringException.class,
                () -> fixture.metering.batchMeterUsage(r -> r.productCode(PRODUCT).usageRecords(records)));
        assertEquals("ValidationException", e.awsErrorDetails().errorCode());
        assertEquals(400, e.statusCode());
        assertTrue(marketplace.meteringRecords().isEmpty());

        List<UsageRecord> twentyFive = records.subList(0, 25);
        BatchMeterUsageResponse response = fixture.metering.batchMeterUsage(r -> r.productCode(PRODUCT).usageRecords(twentyFive));
        assertEquals(25, response.results().size());
    }

    @Test
    void theCustomerFieldsAreMutuallyExclusive() {
        Instant at = now();
        MarketplaceMeteringException both = assertThrows(MarketplaceMeteringException.class, () -> meter(
                byIdentifier(alice, "requests", 1, at).toBuilder().customerAWSAccountId(alice.awsAccountId()).build()));
        assertEquals("ValidationException", both.awsErrorDetails().errorCode());

        MarketplaceMeteringException mixed = assertThrows(MarketplaceMeteringException.class,
                () -> meter(byIdentifier(alice, "requests", 1, at), byAccount(bob, "requests", 1, at)));
        assertEquals("ValidationException", mixed.awsErrorDetails().errorCode());

        MarketplaceMeteringException neither = assertThrows(MarketplaceMeteringException.class,
                () -> meter(UsageRecord.builder().dimension("requests").quantity(1).timestamp(at).build()));
        assertEquals("ValidationException", neither.awsErrorDetails().errorCode());
        assertTrue(marketplace.meteringRecords().isEmpty());
    }

    @Test
    void meteringByAccountIdWithTheProductCode() {
        Instant at = now().minus(Duration.ofHours(2));
        BatchMeterUsageResponse response = meter(byAccount(alice, "storage", 7, at));

        assertEquals(UsageRecordResultStatus.SUCCESS, status(response, 0));
        assertEquals("111111111111", response.results().get(0).usageRecord().customerAWSAccountId());
        MeteringRecord record = marketplace.meteringRecords().get(0);
        assertEquals("CustomerAWSAccountId", record.identifiedBy());
        assertEquals("AliceCustId", record.customerIdentifier());

        assertEquals(UsageRecordResultStatus.DUPLICATE_RECORD,
                status(meter(byIdentifier(alice, "storage", 8, at)), 0), "one billing slot per subscription, whatever names it");
    }

    @Test
    void meteringByAccountIdAndPerRecordLicenseArnWithoutAProductCode() {
        marketplace.product("prod-concurrent").dimensions("requests").concurrentAgreements(true);
        SimulatedCustomer first = marketplace.registerCustomer("prod-concurrent", "444444444444");
        SimulatedCustomer second = marketplace.registerCustomer("prod-concurrent", "444444444444");
        Instant at = now().minus(Duration.ofMinutes(10));
        fixture.licenseArns.dropProductCode = true;
        fixture.licenseArns.licenses.addAll(List.of(first.licenseArn(), second.licenseArn()));

        BatchMeterUsageResponse response = fixture.metering.batchMeterUsage(r -> r.productCode("ignored").usageRecords(
                byAccount(first, "requests", 3, at), byAccount(second, "requests", 4, at)));

        assertEquals(UsageRecordResultStatus.SUCCESS, status(response, 0));
        assertEquals(UsageRecordResultStatus.SUCCESS, status(response, 1));
        assertEquals(first.licenseArn(), fixture.raw.lastBody().path("Results").path(0).path("UsageRecord").path("LicenseArn").asText());
        List<MeteringRecord> records = marketplace.meteringRecords();
        assertEquals(List.of(first.licenseArn(), second.licenseArn()), records.stream().map(MeteringRecord::licenseArn).toList());
        assertEquals(List.of(3, 4), records.stream().map(MeteringRecord::quantity).toList());
        assertTrue(records.stream().allMatch(record -> record.productCode().equals("prod-concurrent")));
    }

    @Test
    void aLicenseArnMustExistAndBelongToTheCustomer() {
        marketplace.product("prod-concurrent").dimensions("requests").concurrentAgreements(true);
        SimulatedCustomer customer = marketplace.registerCustomer("prod-concurrent", "444444444444");
        Instant at = now();
        fixture.licenseArns.dropProductCode = true;

        fixture.licenseArns.licenses.add("arn:aws:license-manager::444444444444:license:l-0000");
        MarketplaceMeteringException unknown = assertThrows(MarketplaceMeteringException.class,
                () -> meter(byAccount(customer, "requests", 1, at)));
        assertEquals("InvalidLicenseException", unknown.awsErrorDetails().errorCode());
        assertEquals(400, unknown.statusCode());

        fixture.licenseArns.licenses.set(0, customer.licenseArn());
        MarketplaceMeteringException otherAccount = assertThrows(MarketplaceMeteringException.class,
                () -> meter(byAccount(alice, "requests", 1, at)));
        assertEquals("InvalidLicenseException", otherAccount.awsErrorDetails().errorCode());

        fixture.licenseArns.licenses.clear();
        fixture.licenseArns.dropProductCode = false;
        MarketplaceMeteringException noLicense = assertThrows(MarketplaceMeteringException.class,
                () -> fixture.metering.batchMeterUsage(r -> r.productCode("prod-concurrent")
                        .usageRecords(byAccount(customer, "requests", 1, at))));
        assertEquals("InvalidLicenseException", noLicense.awsErrorDetails().errorCode());

        assertThrows(InvalidCustomerIdentifierException.class, () -> fixture.metering.batchMeterUsage(r -> r
                .productCode("prod-concurrent").usageRecords(byIdentifier(customer, "requests", 1, at))),
                "concurrent-agreement products take no CustomerIdentifier");
        assertTrue(marketplace.meteringRecords().isEmpty());
    }

    @Test
    void timestampsOlderThanTheWindowOrInTheFutureRefuseTheWholeBatch() {
        Instant justInside = now().minus(Duration.ofHours(6)).plusMillis(1);
        assertEquals(UsageRecordResultStatus.SUCCESS, status(meter(byIdentifier(alice, "requests", 1, justInside)), 0));

        TimestampOutOfBoundsException old = assertThrows(TimestampOutOfBoundsException.class,
                () -> meter(byIdentifier(bob, "requests", 1, now()), byIdentifier(bob, "storage", 1, now().minus(Duration.ofHours(6)))));
        assertEquals(400, old.statusCode());
        assertThrows(TimestampOutOfBoundsException.class,
                () -> meter(byIdentifier(bob, "requests", 1, now().plus(Duration.ofMinutes(1)))));
        assertEquals(1, marketplace.meteringRecords().size(), "nothing of a refused batch is billed");
    }

    @Test
    void theMeteringWindowIsConfigurable() {
        fixture.close();
        fixture = new MarketplaceFixture(builder -> builder.meteringWindow(Duration.ofHours(24)).futureTolerance(Duration.ofMinutes(5)));
        marketplace = fixture.simulator;
        declare();

        assertEquals(UsageRecordResultStatus.SUCCESS,
                status(meter(byIdentifier(alice, "requests", 1, now().minus(Duration.ofHours(23)))), 0));
        assertEquals(UsageRecordResultStatus.SUCCESS,
                status(meter(byIdentifier(alice, "storage", 1, now().plus(Duration.ofMinutes(4)))), 0));
        assertThrows(TimestampOutOfBoundsException.class,
                () -> meter(byIdentifier(alice, "requests", 1, now().minus(Duration.ofHours(24)))));
    }

    @Test
    void unknownProductsAndDimensionsAreRefused() {
        Instant at = now();
        assertThrows(InvalidProductCodeException.class, () -> fixture.metering.batchMeterUsage(r -> r
                .productCode("prod-unknown").usageRecords(byIdentifier(alice, "requests", 1, at))));
        InvalidUsageDimensionException e = assertThrows(InvalidUsageDimensionException.class,
                () -> meter(byIdentifier(alice, "requests", 1, at), byIdentifier(alice, "cpu-hours", 1, at)));
        assertEquals(400, e.statusCode());
        assertTrue(marketplace.meteringRecords().isEmpty());
    }

    @Test
    void usageAllocationsMustAddUpAndCarryValidTags() {
        Instant at = now();
        UsageAllocation teamA = UsageAllocation.builder().allocatedUsageQuantity(6)
                .tags(Tag.builder().key("team").value("a").build()).build();
        UsageAllocation teamB = UsageAllocation.builder().allocatedUsageQuantity(4)
                .tags(Tag.builder().key("team").value("b").build()).build();

        BatchMeterUsageResponse response = meter(byIdentifier(alice, "requests", 10, at).toBuilder()
                .usageAllocations(teamA, teamB).build());
        assertEquals(UsageRecordResultStatus.SUCCESS, status(response, 0));
        List<MeteringRecord.Allocation> allocations = marketplace.meteringRecords().get(0).allocations();
        assertEquals(6, allocations.get(0).quantity());
        assertEquals("b", allocations.get(1).tags().get("team"));

        assertThrows(InvalidUsageAllocationsException.class, () -> meter(byIdentifier(bob, "requests", 11, at)
                .toBuilder().usageAllocations(teamA, teamB).build()));
        Tag[] sixTags = new Tag[6];
        Arrays.setAll(sixTags, i -> Tag.builder().key("k" + i).value("v").build());
        assertThrows(InvalidTagException.class, () -> meter(byIdentifier(bob, "requests", 1, at).toBuilder()
                .usageAllocations(UsageAllocation.builder().allocatedUsageQuantity(1).tags(sixTags).build()).build()));
    }

    @Test
    void moreThanTenCallsASecondAreThrottled() {
        Instant at = now();
        for (int i = 0; i < AwsMarketplaceSimulator.DOCUMENTED_BATCH_METER_USAGE_QUOTA; i++) {
            meter(byIdentifier(alice, "requests", 1, at));
        }
        ThrottlingException e = assertThrows(ThrottlingException.class, () -> meter(byIdentifier(alice, "requests", 1, at)));
        assertEquals(400, e.statusCode());

        fixture.nextSecond();
        assertEquals(UsageRecordResultStatus.SUCCESS, status(meter(byIdentifier(alice, "requests", 1, at)), 0));
        assertEquals(12, marketplace.callCount(AwsOperation.BATCH_METER_USAGE));
    }

    @Test
    void injectedThrottlingIsRetriedByTheSdkUnlessRetriesAreOff() {
        Instant at = now();
        marketplace.faults().throttleNext(AwsOperation.BATCH_METER_USAGE, 1);
        assertThrows(ThrottlingException.class, () -> meter(byIdentifier(alice, "requests", 1, at)));

        marketplace.faults().throttleNext(AwsOperation.BATCH_METER_USAGE, 2);
        BatchMeterUsageResponse response = fixture.retryingMetering.batchMeterUsage(r -> r.productCode(PRODUCT)
                .usageRecords(byIdentifier(alice, "requests", 1, at)));
        assertEquals(UsageRecordResultStatus.SUCCESS, status(response, 0));
        assertEquals(4, marketplace.callCount(AwsOperation.BATCH_METER_USAGE));
    }

    @Test
    void programmedRecordsComeBackUnprocessedAndAreBilledWhenResent() {
        Instant at = now();
        marketplace.faults().leaveUnprocessedNext(2);
        UsageRecord[] records = {
            byIdentifier(alice, "requests", 1, at), byIdentifier(alice, "storage", 2, at), byIdentifier(bob, "requests", 3, at)
        };

        BatchMeterUsageResponse first = meter(records);
        assertEquals(List.of(records[0], records[1]), first.unprocessedRecords());
        assertEquals(1, first.results().size());
        assertEquals(bob.customerIdentifier(), first.results().get(0).usageRecord().customerIdentifier());
        assertEquals(1, marketplace.meteringRecords().size());

        BatchMeterUsageResponse retry = meter(first.unprocessedRecords().toArray(new UsageRecord[0]));
        assertTrue(retry.unprocessedRecords().isEmpty());
        assertEquals(2, retry.results().size());
        assertEquals(3, marketplace.meteringRecords().size());
    }

    @Test
    void anEmptyBatchIsAnsweredWithNoResultsAsTheModelAllowsZeroRecords() {
        BatchMeterUsageResponse response = fixture.metering.batchMeterUsage(r -> r.productCode(PRODUCT).usageRecords(List.of()));
        assertTrue(response.results().isEmpty());
        assertTrue(response.unprocessedRecords().isEmpty());
    }

    @Test
    void negativeQuantitiesAndMissingDimensionsFailValidation() {
        Instant at = now();
        MarketplaceMeteringException negative = assertThrows(MarketplaceMeteringException.class,
                () -> meter(byIdentifier(alice, "requests", -1, at)));
        assertEquals("ValidationException", negative.awsErrorDetails().errorCode());
        MarketplaceMeteringException noDimension = assertThrows(MarketplaceMeteringException.class,
                () -> meter(UsageRecord.builder().customerIdentifier("AliceCustId").quantity(1).timestamp(at).build()));
        assertEquals("ValidationException", noDimension.awsErrorDetails().errorCode());
    }
}
