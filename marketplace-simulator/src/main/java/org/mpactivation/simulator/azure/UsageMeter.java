package org.mpactivation.simulator.azure;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The Marketplace Metering rules for one usage event, and the record of accepted usage: one event per resource,
 * dimension and calendar hour (UTC); only Subscribed subscriptions take usage, only for dimensions of their
 * current plan, with a positive quantity, within the metering window (24 hours). Thread-safe.
 */
final class UsageMeter {

    /** The outcome of one event: its status and, for Accepted and Duplicate, the accepted event. */
    record Outcome(UsageStatus status, AcceptedUsage accepted, String message) {
    }

    private record HourKey(String resourceId, String dimension, Instant hour) {
    }

    private final AzureMarketplace marketplace;
    private final Clock clock;
    private final Duration window;
    private final Map<HourKey, AcceptedUsage> byHour = new HashMap<>();
    private final List<AcceptedUsage> accepted = new ArrayList<>();

    UsageMeter(AzureMarketplace marketplace, Duration window) {
        this.marketplace = marketplace;
        this.clock = marketplace.clock();
        this.window = window;
    }

    synchronized Outcome submit(JsonNode event) {
        String resourceId = text(event, "resourceId");
        String dimension = text(event, "dimension");
        String planId = text(event, "planId");
        Instant start = instant(event, "effectiveStartTime");
        JsonNode quantityNode = event.get("quantity");
        if (resourceId == null || dimension == null || planId == null || start == null) {
            return refused(UsageStatus.BadArgument,
                    "resourceId, dimension, planId and effectiveStartTime (ISO 8601) are required");
        }
        if (quantityNode == null || !quantityNode.isNumber()) {
            return refused(UsageStatus.InvalidQuantity, "quantity must be a number");
        }
        BigDecimal quantity = quantityNode.decimalValue();
        if (quantity.signum() <= 0) {
            return refused(UsageStatus.InvalidQuantity, "quantity must be greater than 0");
        }
        Optional<AzureSubscription> found = marketplace.find(resourceId);
        if (found.isEmpty()) {
            return refused(UsageStatus.ResourceNotFound, "No resource " + resourceId);
        }
        AzureSubscription subscription = found.get();
        if (subscription.status() != SubscriptionStatus.Subscribed) {
            return refused(UsageStatus.ResourceNotActive, "The resource is " + subscription.status());
        }
        if (!planId.equals(subscription.planId())) {
            return refused(UsageStatus.BadArgument, "planId is not the resource's current plan");
        }
        AzurePlan plan = marketplace.offerOf(resourceId).plan(planId).orElseThrow();
        if (!plan.hasDimension(dimension)) {
            return refused(UsageStatus.InvalidDimension, "The plan has no dimension " + dimension);
        }
        Instant now = clock.instant();
        if (start.isAfter(now)) {
            return refused(UsageStatus.BadArgument, "effectiveStartTime is in the future");
        }
        if (!start.isAfter(now.minus(window))) {
            return refused(UsageStatus.Expired, "effectiveStartTime is more than " + window.toHours() + " hours ago");
        }
        HourKey key = new HourKey(resourceId, dimension, start.truncatedTo(ChronoUnit.HOURS));
        AcceptedUsage earlier = byHour.get(key);
        if (earlier != null) {
            return new Outcome(UsageStatus.Duplicate, earlier,
                    "An event for this resource, dimension and hour was already accepted");
        }
        AcceptedUsage usage = new AcceptedUsage(UUID.randomUUID().toString(), resourceId, planId, dimension,
                quantity, start, now);
        byHour.put(key, usage);
        accepted.add(usage);
        return new Outcome(UsageStatus.Accepted, usage, null);
    }

    synchronized List<AcceptedUsage> accepted() {
        return List.copyOf(accepted);
    }

    private static Outcome refused(UsageStatus status, String message) {
        return new Outcome(status, null, message);
    }

    private static String text(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }

    private static Instant instant(JsonNode event, String field) {
        String value = text(event, field);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException withoutOffset) {
            try {
                return LocalDateTime.parse(value).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
