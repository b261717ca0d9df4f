package org.mpactivation.aws.metering;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.marketplacemetering.model.UsageRecord;
import software.amazon.awssdk.services.marketplacemetering.model.UsageRecordResult;

/**
 * Gives a BatchMeterUsage request the concurrent-agreements wire shape that the pinned Metering model
 * (2.41.x) cannot express: a {@code LicenseArn} on each usage record and no request-level
 * {@code ProductCode} when every record carries one. It also reads the {@code LicenseArn} that the answer
 * echoes on each record, which the model would drop.
 *
 * <p>It acts only on calls that carry a {@link Plan} (set by {@link SdkAwsMetering} as an execution
 * attribute); every other call passes through untouched, so one client can serve ResolveCustomer as well.
 * The body is rewritten in {@code modifyHttpContent}, before the request is signed, so the signature covers
 * the body actually sent. Register it on the Metering client:
 * {@code ClientOverrideConfiguration.builder().addExecutionInterceptor(new UsageRecordLicenses())}.
 */
public final class UsageRecordLicenses implements ExecutionInterceptor {

    /** The licences of one call, and what the answer echoed. */
    static final ExecutionAttribute<Plan> PLAN = new ExecutionAttribute<>("org.mpactivation.aws.metering.LicensePlan");
    private static final ExecutionAttribute<byte[]> REWRITTEN_BODY =
            new ExecutionAttribute<>("org.mpactivation.aws.metering.RewrittenBody");

    private static final String TARGET = "AWSMPMeteringService.BatchMeterUsage";
    // Exact decimals: a timestamp such as 1772445600.123 must go out as it came in.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    @Override
    public Optional<RequestBody> modifyHttpContent(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        Plan plan = attributes.getAttribute(PLAN);
        Optional<RequestBody> body = context.requestBody();
        if (plan == null || body.isEmpty() || !isBatchMeterUsage(context.httpRequest())) {
            return body;
        }
        byte[] rewritten = rewrite(body.get(), plan);
        attributes.putAttribute(REWRITTEN_BODY, rewritten);
        plan.applied = true;
        return Optional.of(RequestBody.fromBytes(rewritten));
    }

    /** Runs after {@link #modifyHttpContent} of this interceptor: the headers must describe the new body. */
    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        byte[] body = attributes.getAttribute(REWRITTEN_BODY);
        SdkHttpRequest request = context.httpRequest();
        if (body == null) {
            return request;
        }
        String length = Integer.toString(body.length);
        if (request instanceof SdkHttpFullRequest full) {
            return full.toBuilder()
                    .contentStreamProvider(() -> new ByteArrayInputStream(body))
                    .putHeader("Content-Length", length)
                    .build();
        }
        return request.toBuilder().putHeader("Content-Length", length).build();
    }

    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
                                                           ExecutionAttributes attributes) {
        Plan plan = attributes.getAttribute(PLAN);
        Optional<InputStream> body = context.responseBody();
        if (plan == null || body.isEmpty() || !context.httpResponse().isSuccessful()) {
            return body;
        }
        try {
            byte[] bytes = body.get().readAllBytes();
            JsonNode answer = JSON.readTree(bytes);
            List<Echo> results = new ArrayList<>();
            for (JsonNode result : answer.path("Results")) {
                results.add(Echo.of(result.path("UsageRecord"), text(result.get("Status")),
                        text(result.get("MeteringRecordId"))));
            }
            List<Echo> unprocessed = new ArrayList<>();
            for (JsonNode record : answer.path("UnprocessedRecords")) {
                unprocessed.add(Echo.of(record, null, null));
            }
            plan.echoedResults = results;
            plan.echoedUnprocessed = unprocessed;
            return Optional.of(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable BatchMeterUsage answer", e);
        }
    }

    private static boolean isBatchMeterUsage(SdkHttpRequest request) {
        return request.firstMatchingHeader("X-Amz-Target").map(t -> t.trim().equals(TARGET)).orElse(false);
    }

    private static byte[] rewrite(RequestBody original, Plan plan) {
        try (InputStream in = original.contentStreamProvider().newStream()) {
            ObjectNode request = (ObjectNode) JSON.readTree(in);
            JsonNode records = request.path("UsageRecords");
            if (!records.isArray() || records.size() != plan.licenseArns.size()) {
                throw new IllegalStateException("the serialized request holds " + records.size()
                        + " usage records, the licence plan " + plan.licenseArns.size());
            }
            boolean everyRecordLicensed = true;
            for (int i = 0; i < records.size(); i++) {
                String licenseArn = plan.licenseArns.get(i);
                if (licenseArn != null) {
                    ((ObjectNode) records.get(i)).put("LicenseArn", licenseArn);
                } else {
                    everyRecordLicensed = false;
                }
            }
            if (everyRecordLicensed && !records.isEmpty()) {
                // The product is named by the licences; AWS wants no ProductCode beside them.
                request.remove("ProductCode");
            }
            return JSON.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable BatchMeterUsage request", e);
        }
    }

    private static String text(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    /**
     * The licences of one BatchMeterUsage call, by record position (null for a record without one), and
     * the records the answer echoed, with their licences.
     *
     * <p>The echoed licences are paired with the SDK's view of the answer by content, not by position, so
     * nothing depends on the order in which interceptors see the body: a raw record goes with the SDK record
     * that agrees with it on every field the SDK reads (account, customer, dimension, timestamp, quantity,
     * status, MeteringRecordId). Two raw records that agree on all of those differ at most in their licence
     * and carry the same outcome, so either pairing gives every line the same result.
     */
    static final class Plan {
        final List<String> licenseArns;
        volatile boolean applied;
        private volatile List<Echo> echoedResults = List.of();
        private volatile List<Echo> echoedUnprocessed = List.of();

        Plan(List<String> licenseArns) {
            this.licenseArns = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(licenseArns)));
        }

        /** The licence echoed on the answered record the SDK read as {@code result}, or null; each is used once. */
        synchronized String claimResultLicense(UsageRecordResult result) {
            return claim(echoedResults, result.usageRecord(), result.statusAsString(), result.meteringRecordId());
        }

        /** The licence echoed on the unprocessed record the SDK read as {@code record}, or null. */
        synchronized String claimUnprocessedLicense(UsageRecord record) {
            return claim(echoedUnprocessed, record, null, null);
        }

        private static String claim(List<Echo> echoes, UsageRecord record, String status, String meteringRecordId) {
            if (record == null) {
                return null;
            }
            for (Echo echo : echoes) {
                if (!echo.claimed && echo.describes(record, status, meteringRecordId)) {
                    echo.claimed = true;
                    return echo.licenseArn;
                }
            }
            return null;
        }
    }

    /** One usage record as the answer's raw JSON holds it. */
    static final class Echo {
        final String customerIdentifier;
        final String customerAwsAccountId;
        final String licenseArn;
        final String dimension;
        final Instant timestamp;
        final Integer quantity;
        final String status;
        final String meteringRecordId;
        boolean claimed;

        private Echo(JsonNode record, String status, String meteringRecordId) {
            this.customerIdentifier = text(record.get("CustomerIdentifier"));
            this.customerAwsAccountId = text(record.get("CustomerAWSAccountId"));
            this.licenseArn = text(record.get("LicenseArn"));
            this.dimension = text(record.get("Dimension"));
            this.timestamp = instant(record.get("Timestamp"));
            JsonNode quantity = record.get("Quantity");
            this.quantity = quantity != null && quantity.canConvertToInt() ? quantity.intValue() : null;
            this.status = status;
            this.meteringRecordId = meteringRecordId;
        }

        static Echo of(JsonNode record, String status, String meteringRecordId) {
            return new Echo(record, status, meteringRecordId);
        }

        boolean describes(UsageRecord record, String sdkStatus, String sdkRecordId) {
            return Objects.equals(customerIdentifier, record.customerIdentifier())
                    && Objects.equals(customerAwsAccountId, record.customerAWSAccountId())
                    && Objects.equals(dimension, record.dimension())
                    && Objects.equals(quantity, record.quantity())
                    && (timestamp == null || record.timestamp() == null
                        || timestamp.equals(record.timestamp().truncatedTo(ChronoUnit.MILLIS)))
                    && Objects.equals(status, sdkStatus)
                    && Objects.equals(meteringRecordId, sdkRecordId);
        }

        /** AWS JSON 1.1 sends timestamps as epoch seconds (a number, possibly with a fraction). */
        private static Instant instant(JsonNode node) {
            if (node == null || !node.isNumber()) {
                return null;
            }
            BigDecimal millis = node.decimalValue().movePointRight(3).setScale(0, RoundingMode.DOWN);
            return Instant.ofEpochMilli(millis.longValueExact());
        }
    }
}
