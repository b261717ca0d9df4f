package org.mpactivation.application;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.port.out.MarketplaceThrottledException;
import org.mpactivation.port.out.MeteringRejectedException;
import org.mpactivation.port.out.azure.AzureMetering;
import org.mpactivation.port.out.azure.UsageEvent;
import org.mpactivation.port.out.azure.UsageEventResult;
import org.mpactivation.port.out.azure.UsageEventStatus;

/**
 * An in-memory Marketplace Metering API as strict as the Azure simulator: 1 to 25 events per batch, one accepted
 * event per resource, dimension and hour, hours within the metering window of the injected clock and not in the
 * future, known subscriptions that are Subscribed, on the plan named, with the dimension named. Records what it
 * accepted; can be told to throttle or deny access for the next calls.
 */
public final class FakeAzureMetering implements AzureMetering {

    /** One accepted event. */
    public record Accepted(String usageEventId, UsageEvent event) {
    }

    private record Subscription(String planId, Set<String> dimensions, boolean active) {
    }

    private record HourKey(String resourceId, String dimension, Instant hour) {
    }

    private final Clock clock;
    private final Duration window;
    private final Map<String, Subscription> subscriptions = new HashMap<>();
    private final Map<HourKey, Accepted> byHour = new HashMap<>();
    private final List<Accepted> accepted = new ArrayList<>();
    private int throttled;
    private int denied;
    private int calls;

    public FakeAzureMetering(Clock clock, Duration window) {
        this.clock = clock;
        this.window = window;
    }

    /** A subscription on this plan, whose plan has these dimensions; Subscribed. */
    public synchronized FakeAzureMetering subscription(String resourceId, String planId, String... dimensions) {
        subscriptions.put(resourceId, new Subscription(planId, Set.of(dimensions), true));
        return this;
    }

    /** The subscription is no longer active (suspended or unsubscribed). */
    public synchronized void deactivate(String resourceId) {
        Subscription subscription = subscriptions.get(resourceId);
        subscriptions.put(resourceId, new Subscription(subscription.planId(), subscription.dimensions(), false));
    }

    public synchronized void throttleNext(int next) {
        throttled = next;
    }

    public synchronized void denyAccessNext(int next) {
        denied = next;
    }

    public synchronized List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    public synchronized int calls() {
        return calls;
    }

    @Override
    public synchronized List<UsageEventResult> batchUsageEvent(List<UsageEvent> events) {
        calls++;
        if (denied > 0) {
            denied--;
            throw new MarketplaceAccessException("the marketplace refused our access token (403)", null);
        }
        if (throttled > 0) {
            throttled--;
            throw new MarketplaceThrottledException("the marketplace throttled the call (429)", null);
        }
        if (events.isEmpty() || events.size() > MAX_EVENTS_PER_CALL) {
            throw new MeteringRejectedException(MeteringRejectedException.Reason.VALIDATION,
                    "a batch carries 1 to " + MAX_EVENTS_PER_CALL + " usage events, not " + events.size(), null);
        }
        List<UsageEventResult> results = new ArrayList<>(events.size());
        for (UsageEvent event : events) {
            results.add(submit(event));
        }
        return results;
    }

    private UsageEventResult submit(UsageEvent event) {
        Subscription subscription = subscriptions.get(event.resourceId());
        if (subscription == null) {
            return UsageEventResult.refused(event, UsageEventStatus.ResourceNotFound);
        }
        if (!subscription.active()) {
            return UsageEventResult.refused(event, UsageEventStatus.ResourceNotActive);
        }
        if (!subscription.planId().equals(event.planId())) {
            return UsageEventResult.refused(event, UsageEventStatus.BadArgument);
        }
        if (!subscription.dimensions().contains(event.dimension())) {
            return UsageEventResult.refused(event, UsageEventStatus.InvalidDimension);
        }
        Instant now = clock.instant();
        if (event.effectiveStartTime().isAfter(now)) {
            return UsageEventResult.refused(event, UsageEventStatus.BadArgument);
        }
        if (!event.effectiveStartTime().isAfter(now.minus(window))) {
            return UsageEventResult.refused(event, UsageEventStatus.Expired);
        }
        HourKey key = new HourKey(event.resourceId(), event.dimension(), event.effectiveStartTime());
        Accepted earlier = byHour.get(key);
        if (earlier != null) {
            BigDecimal quantity = earlier.event().quantity();
            return UsageEventResult.duplicate(event, earlier.usageEventId(), quantity);
        }
        Accepted fresh = new Accepted(UUID.randomUUID().toString(), event);
        byHour.put(key, fresh);
        accepted.add(fresh);
        return UsageEventResult.accepted(event, fresh.usageEventId());
    }
}
