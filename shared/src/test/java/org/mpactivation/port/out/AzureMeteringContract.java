package org.mpactivation.port.out;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.port.out.azure.AzureMetering;
import org.mpactivation.port.out.azure.UsageEvent;
import org.mpactivation.port.out.azure.UsageEventResult;
import org.mpactivation.port.out.azure.UsageEventStatus;

/**
 * What the Marketplace Metering API's {@code batchUsageEvent} does, as one suite that every stand-in for it must
 * pass: the in-memory fake the use-case tests run on, and the HTTP adapter pointed at the Azure simulator. It is the
 * Azure counterpart of {@link AwsMeteringContract}; a case that passes for one and fails for another is a drift to
 * mend, in the stand-in or in the adapter.
 *
 * <p>Facts (Microsoft Learn, "Marketplace metered billing APIs", api-version 2018-08-31): a batch carries 1 to 25
 * events, otherwise the whole request is refused (400); one event per resource, dimension and calendar hour, a second
 * one for that hour is a Duplicate whatever its quantity; events older than 24 hours are Expired; only active
 * (Subscribed) resources take usage, for dimensions of their plan. Per-event statuses: Accepted, Expired, Duplicate,
 * Error, ResourceNotFound, ResourceNotAuthorized, ResourceNotActive, InvalidDimension, InvalidQuantity, BadArgument.
 * Where the documentation is silent the stand-ins agree on: an hour in the future is a BadArgument.
 *
 * <p>A zero or negative quantity never reaches the API: {@link UsageEvent} refuses it in its constructor, so
 * InvalidQuantity is the marketplace's answer to a client other than ours.
 */
public abstract class AzureMeteringContract {

    /** The marketplace's time in every case. */
    protected static final Instant NOW = Instant.parse("2026-03-02T10:20:30Z");
    protected static final Instant HOUR = NOW.truncatedTo(ChronoUnit.HOURS);
    protected static final Duration WINDOW = Duration.ofHours(24);
    protected static final String PLAN = "metered";
    protected static final String REQUESTS = "requests";
    protected static final String STORAGE = "storage";

    // ---- what a runner provides

    /** A fresh stand-in whose clock reads {@code now} and which accepts events of the last {@code window}. */
    protected abstract AzureMetering start(Instant now, Duration window);

    /** A new active (Subscribed) subscription on {@link #PLAN}, whose dimensions are {@link #REQUESTS} and {@link #STORAGE}. */
    protected abstract String subscribed();

    /** The subscription is suspended. */
    protected abstract void suspend(String resourceId);

    /** The subscription is unsubscribed. */
    protected abstract void unsubscribe(String resourceId);

    /** Every call from now on is throttled (429), or none is. */
    protected abstract void throttle(boolean on);

    /** Every call from now on is refused access (403), or none is. */
    protected abstract void denyAccess(boolean on);

    /** The quantities the stand-in accepted for that subscription. */
    protected abstract List<BigDecimal> acceptedQuantities(String resourceId);

    // ---- the cases

    protected AzureMetering metering;
    protected String alice;

    @BeforeEach
    void startTheMarketplace() {
        metering = start(NOW, WINDOW);
        alice = subscribed();
    }

    private static UsageEvent event(String resourceId, String dimension, Instant hour, String quantity) {
        return new UsageEvent("ledger-" + resourceId + "-" + dimension + "-" + hour, resourceId, PLAN, dimension, hour,
                new BigDecimal(quantity));
    }

    private UsageEventResult sendOne(UsageEvent event) {
        List<UsageEventResult> results = metering.batchUsageEvent(List.of(event));
        assertEquals(1, results.size());
        assertEquals(event, results.get(0).event());
        return results.get(0);
    }

    @Test
    void givenAnEventOfAClosedHour_thenItIsAcceptedWithAnId() {
        UsageEventResult result = sendOne(event(alice, REQUESTS, HOUR.minus(1, ChronoUnit.HOURS), "12.5"));

        assertEquals(UsageEventStatus.Accepted, result.status());
        assertNotNull(result.usageEventId());
        List<BigDecimal> accepted = acceptedQuantities(alice);
        assertEquals(1, accepted.size());
        assertEquals(0, new BigDecimal("12.5").compareTo(accepted.get(0)));
    }

    @Test
    void givenTheSameEventAgain_thenItIsADuplicateOfTheSameQuantity() {
        UsageEvent event = event(alice, REQUESTS, HOUR.minus(1, ChronoUnit.HOURS), "7");
        UsageEventResult first = sendOne(event);

        UsageEventResult again = sendOne(event);

        assertEquals(UsageEventStatus.Duplicate, again.status());
        assertEquals(0, new BigDecimal("7").compareTo(again.acceptedQuantity()));
        assertTrue(again.duplicateOfSameQuantity());
        assertEquals(first.usageEventId(), again.usageEventId());
        assertEquals(1, acceptedQuantities(alice).size());
    }

    @Test
    void givenAnotherQuantityForTheSameHour_thenItIsADuplicateCarryingTheAcceptedQuantity() {
        UsageEvent event = event(alice, REQUESTS, HOUR.minus(2, ChronoUnit.HOURS), "7");
        sendOne(event);

        UsageEventResult other = sendOne(event.withQuantity(new BigDecimal("9")));

        assertEquals(UsageEventStatus.Duplicate, other.status());
        assertEquals(0, new BigDecimal("7").compareTo(other.acceptedQuantity()));
        assertFalse(other.duplicateOfSameQuantity());
        List<BigDecimal> accepted = acceptedQuantities(alice);
        assertEquals(1, accepted.size());
        assertEquals(0, new BigDecimal("7").compareTo(accepted.get(0)));
    }

    @Test
    void givenAnotherHourOrAnotherDimension_thenEachIsAccepted() {
        Instant hour = HOUR.minus(3, ChronoUnit.HOURS);
        List<UsageEventResult> results = metering.batchUsageEvent(List.of(
                event(alice, REQUESTS, hour, "1"),
                event(alice, REQUESTS, hour.plus(1, ChronoUnit.HOURS), "2"),
                event(alice, STORAGE, hour, "3")));

        assertEquals(3, results.size());
        results.forEach(result -> assertEquals(UsageEventStatus.Accepted, result.status()));
        assertEquals(3, results.stream().map(UsageEventResult::usageEventId).distinct().count());
    }

    @Test
    void givenAnHourLessThan24HoursAgo_thenItIsAccepted() {
        Instant oldestOpen = HOUR.minus(23, ChronoUnit.HOURS);

        assertEquals(UsageEventStatus.Accepted, sendOne(event(alice, REQUESTS, oldestOpen, "1")).status());
    }

    @Test
    void givenAnHourMoreThan24HoursAgo_thenItIsExpired() {
        Instant tooOld = HOUR.minus(24, ChronoUnit.HOURS);

        assertEquals(UsageEventStatus.Expired, sendOne(event(alice, REQUESTS, tooOld, "1")).status());
        assertTrue(acceptedQuantities(alice).isEmpty());
    }

    @Test
    void givenAnHourInTheFuture_thenItIsABadArgument() {
        Instant future = HOUR.plus(1, ChronoUnit.HOURS);

        assertEquals(UsageEventStatus.BadArgument, sendOne(event(alice, REQUESTS, future, "1")).status());
        assertTrue(acceptedQuantities(alice).isEmpty());
    }

    @Test
    void givenAnUnknownResource_thenItIsNotFound_andTheOthersOfTheBatchAreAccepted() {
        String unknown = "00000000-0000-0000-0000-000000000001";
        Instant hour = HOUR.minus(1, ChronoUnit.HOURS);

        List<UsageEventResult> results = metering.batchUsageEvent(List.of(
                event(unknown, REQUESTS, hour, "1"), event(alice, REQUESTS, hour, "2")));

        assertEquals(UsageEventStatus.ResourceNotFound, results.get(0).status());
        assertEquals(UsageEventStatus.Accepted, results.get(1).status());
    }

    @Test
    void givenASuspendedResource_thenItIsNotActive() {
        suspend(alice);

        assertEquals(UsageEventStatus.ResourceNotActive,
                sendOne(event(alice, REQUESTS, HOUR.minus(1, ChronoUnit.HOURS), "1")).status());
        assertTrue(acceptedQuantities(alice).isEmpty());
    }

    @Test
    void givenAnUnsubscribedResource_thenItIsNotActive() {
        unsubscribe(alice);

        assertEquals(UsageEventStatus.ResourceNotActive,
                sendOne(event(alice, REQUESTS, HOUR.minus(1, ChronoUnit.HOURS), "1")).status());
    }

    @Test
    void givenADimensionThePlanDoesNotHave_thenItIsAnInvalidDimension() {
        assertEquals(UsageEventStatus.InvalidDimension,
                sendOne(event(alice, "gpu-hours", HOUR.minus(1, ChronoUnit.HOURS), "1")).status());
    }

    @Test
    void givenAZeroOrNegativeQuantity_thenTheEventIsRefusedBeforeItIsSent() {
        Instant hour = HOUR.minus(1, ChronoUnit.HOURS);

        assertThrows(IllegalArgumentException.class, () -> event(alice, REQUESTS, hour, "0"));
        assertThrows(IllegalArgumentException.class, () -> event(alice, REQUESTS, hour, "-1"));
    }

    @Test
    void givenAStartTimeInsideAnHour_thenTheEventIsRefusedBeforeItIsSent() {
        assertThrows(IllegalArgumentException.class, () -> event(alice, REQUESTS, NOW.minus(1, ChronoUnit.HOURS), "1"));
    }

    @Test
    void given26Events_thenTheWholeBatchIsRefused_andNothingIsBilled() {
        List<UsageEvent> events = new ArrayList<>();
        for (int hours = 1; hours <= AzureMetering.MAX_EVENTS_PER_CALL + 1; hours++) {
            String dimension = hours % 2 == 0 ? REQUESTS : STORAGE;
            events.add(event(alice, dimension, HOUR.minus(hours / 2 + 1, ChronoUnit.HOURS), "1"));
        }

        MeteringRejectedException refused = assertThrows(MeteringRejectedException.class,
                () -> metering.batchUsageEvent(events));

        assertEquals(MeteringRejectedException.Reason.VALIDATION, refused.reason());
        assertTrue(acceptedQuantities(alice).isEmpty());
    }

    @Test
    void given25Events_thenEveryOneIsAccepted() {
        List<UsageEvent> events = new ArrayList<>();
        for (int hours = 1; hours <= AzureMetering.MAX_EVENTS_PER_CALL; hours++) {
            String dimension = hours % 2 == 0 ? REQUESTS : STORAGE;
            events.add(event(alice, dimension, HOUR.minus(hours / 2 + 1, ChronoUnit.HOURS), "1"));
        }

        List<UsageEventResult> results = metering.batchUsageEvent(events);

        assertEquals(25, results.size());
        results.forEach(result -> assertEquals(UsageEventStatus.Accepted, result.status()));
    }

    @Test
    void givenAnEmptyBatch_thenItIsRefused() {
        MeteringRejectedException refused = assertThrows(MeteringRejectedException.class,
                () -> metering.batchUsageEvent(List.of()));

        assertEquals(MeteringRejectedException.Reason.VALIDATION, refused.reason());
    }

    @Test
    void givenTheMarketplaceKeepsThrottling_thenTheCallFailsAsThrottled_andNothingIsBilled() {
        throttle(true);
        UsageEvent event = event(alice, REQUESTS, HOUR.minus(1, ChronoUnit.HOURS), "4");

        assertThrows(MarketplaceThrottledException.class, () -> metering.batchUsageEvent(List.of(event)));

        throttle(false);
        assertTrue(acceptedQuantities(alice).isEmpty());
        assertEquals(UsageEventStatus.Accepted, sendOne(event).status());
    }

    @Test
    void givenAccessIsDenied_thenTheCallFailsAsAnAccessFailure_notAsAVerdictOnTheUsage() {
        denyAccess(true);
        UsageEvent event = event(alice, REQUESTS, HOUR.minus(1, ChronoUnit.HOURS), "4");

        assertThrows(MarketplaceAccessException.class, () -> metering.batchUsageEvent(List.of(event)));

        denyAccess(false);
        assertEquals(UsageEventStatus.Accepted, sendOne(event).status());
    }

    @Test
    void givenTwoSubscriptions_thenTheSameHourAndDimensionIsAcceptedForEach() {
        String bob = subscribed();
        Instant hour = HOUR.minus(1, ChronoUnit.HOURS);

        List<UsageEventResult> results = metering.batchUsageEvent(List.of(
                event(alice, REQUESTS, hour, "1"), event(bob, REQUESTS, hour, "1")));

        results.forEach(result -> assertEquals(UsageEventStatus.Accepted, result.status()));
        assertNotEquals(results.get(0).usageEventId(), results.get(1).usageEventId());
    }
}
