package org.mpactivation.simulator.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

/** The Marketplace Metering API calls: {@code POST /usageEvent} and {@code POST /batchUsageEvent}. */
final class MeteringApi {

    /** The most events a batch may carry. */
    static final int MAX_BATCH = 25;

    private final UsageMeter meter;
    private final Clock clock;

    MeteringApi(UsageMeter meter, Clock clock) {
        this.meter = meter;
        this.clock = clock;
    }

    ApiResponse handle(ApiCall call) {
        return switch (call.api()) {
            case USAGE_EVENT -> single(call.body());
            case BATCH_USAGE_EVENT -> batch(call.body());
            default -> throw new IllegalArgumentException(call.api() + " is not a metering call");
        };
    }

    private ApiResponse single(ObjectNode event) {
        UsageMeter.Outcome outcome = meter.submit(event);
        return switch (outcome.status()) {
            case Accepted -> ApiResponse.ok(AzureWire.usageResult(event, outcome.status(), outcome.accepted(), now()));
            case Duplicate -> {
                ObjectNode body = AzureWire.object();
                body.put("code", "Conflict");
                body.put("message", outcome.message());
                ObjectNode info = AzureWire.acceptedUsage(outcome.accepted());
                info.put("status", UsageStatus.Duplicate.name());
                body.set("additionalInfo", info);
                yield new ApiResponse(409, body, Map.of());
            }
            default -> new ApiResponse(400,
                    AzureWire.meteringError("BadArgument", outcome.message(), outcome.status().name()), Map.of());
        };
    }

    private ApiResponse batch(ObjectNode body) {
        JsonNode request = body.get("request");
        if (request == null || !request.isArray() || request.isEmpty() || request.size() > MAX_BATCH) {
            return new ApiResponse(400, AzureWire.meteringError("BadArgument",
                    "request must be an array of 1 to " + MAX_BATCH + " usage events", "BadArgument"), Map.of());
        }
        ObjectNode response = AzureWire.object();
        ArrayNode results = response.putArray("result");
        for (JsonNode event : request) {
            results.add(batchItem(event));
        }
        response.put("count", results.size());
        return ApiResponse.ok(response);
    }

    private ObjectNode batchItem(JsonNode event) {
        if (!event.isObject()) {
            ObjectNode result = AzureWire.usageResult(AzureWire.object(), UsageStatus.BadArgument, null, now());
            result.set("error", error("BadArgument", "A usage event must be a JSON object"));
            return result;
        }
        UsageMeter.Outcome outcome = meter.submit(event);
        ObjectNode result = AzureWire.usageResult(event, outcome.status(), outcome.accepted(), now());
        if (outcome.status() == UsageStatus.Duplicate) {
            ObjectNode error = error("Conflict", outcome.message());
            error.putObject("additionalInfo").set("acceptedMessage", AzureWire.acceptedUsage(outcome.accepted()));
            result.set("error", error);
        } else if (outcome.status() != UsageStatus.Accepted) {
            result.set("error", error(outcome.status().name(), outcome.message()));
        }
        return result;
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode error = AzureWire.object();
        error.put("code", code);
        error.put("message", message);
        return error;
    }

    private Instant now() {
        return clock.instant();
    }
}
