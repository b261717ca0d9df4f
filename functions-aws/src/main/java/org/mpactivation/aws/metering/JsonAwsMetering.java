package org.mpactivation.aws.metering;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsHttp;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.aws.Retries;
import org.mpactivation.aws.MarketplaceCallTracing;
import org.mpactivation.aws.MarketplaceServices;
import org.mpactivation.port.out.AwsMetering;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.port.out.MarketplaceThrottledException;
import org.mpactivation.port.out.MarketplaceUnavailableException;
import org.mpactivation.port.out.MeteringLine;
import org.mpactivation.port.out.MeteringRejectedException;
import org.mpactivation.port.out.MeteringRejectedException.Reason;
import org.mpactivation.port.out.MeteringResult;
import org.mpactivation.port.out.MeteringResult.LineResult;
import org.mpactivation.port.out.MeteringResult.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link AwsMetering} on the light AWS JSON client: one {@code BatchMeterUsage} call per non-empty
 * {@link #batchMeterUsage} call, sent as given: the adapter neither splits nor mends a request, so a request
 * AWS refuses (more than {@value AwsMetering#MAX_RECORDS_PER_CALL} records, both wire forms in one request, a
 * record carrying both customer fields, customer-identifier records without a product code) goes out and
 * AWS's error comes back as {@link MeteringRejectedException}, exactly as for any other refusal.
 *
 * <p>Two wire forms, which AWS refuses to see mixed in one call ("You can't specify both CustomerIdentifier
 * and CustomerAWSAccountID in the same request"):
 * <ul>
 *   <li>lines naming the buyer by customer identifier: {@code CustomerIdentifier} on each record and the
 *       request's {@code ProductCode};</li>
 *   <li>lines naming the buyer by account and licence ({@link MeteringLine#byLicense()}, required of SaaS
 *       products listed from June 2026 for concurrent agreements): {@code CustomerAWSAccountId} and a
 *       per-record {@code LicenseArn}, and no {@code ProductCode} when every record carries a licence (the
 *       licences name the product).</li>
 * </ul>
 * Timestamps go out as AWS JSON 1.1 writes them: epoch seconds with three decimals, so an hour with
 * milliseconds reaches AWS unchanged.
 *
 * <p>Answers are matched back to lines by what AWS echoes on each record (customer, licence, dimension,
 * timestamp, quantity), not by position: the API does not promise to keep the order. A line the answer does
 * not account for is returned as unprocessed, which is safe because AWS treats an identical resend as
 * idempotent (same status, same MeteringRecordId). A record echoed without its licence is matched by the
 * other fields.
 *
 * <p>Failures ({@link MeteringErrors}): throttling becomes {@link MarketplaceThrottledException}; errors of our
 * own credentials or configuration (access denied, unrecognised, invalid or expired credentials, a disabled
 * API, credentials that could not be loaded) {@link MarketplaceAccessException}; internal errors, other 5xx and
 * I/O failures {@link MarketplaceUnavailableException}; other refusals of the whole batch
 * {@link MeteringRejectedException} with the reason ({@link Reason#VALIDATION} for {@code ValidationException}).
 * Only the error code is logged, never the records.
 */
public final class JsonAwsMetering implements AwsMetering {

    private static final Logger LOG = LoggerFactory.getLogger(JsonAwsMetering.class);

    /**
     * How long one call may take (there is one attempt): the read timeout of the transport the functions
     * give it ({@code UrlConnectionAwsHttp.standard()}), after at most three seconds to connect.
     */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final AwsJsonClient client;

    private JsonAwsMetering(AwsJsonClient client) {
        this.client = client;
    }

    /**
     * The adapter on its own Metering client: region, credentials and transport given explicitly (nothing is
     * discovered at cold start), each request traced, and <strong>no retries</strong>. The metering job
     * retries failed batches itself, with backoff and jitter, under a rate limiter sized to the
     * BatchMeterUsage quota (about 10 calls per second per account and Region). Retries underneath would
     * multiply the calls made against that quota (a throttled call would be sent again at once, by each
     * concurrent worker), hide throttling from the limiter that must slow down, and stretch one call past the
     * time budget the job plans with. One call is one attempt, so the job sees every answer.
     *
     * @param credentials the seller's credentials; a failure to load them is reported as
     *     {@link MarketplaceAccessException}, not as a failed call, and no request is sent
     * @param endpointOverride another endpoint (a local marketplace in tests); null for the Region's own
     * @param http the transport, shared with other clients; {@code UrlConnectionAwsHttp} in the functions
     */
    public static JsonAwsMetering create(String region, AwsCredentialSource credentials, URI endpointOverride,
                                         AwsHttp http) {
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(credentials, "credentials");
        MarketplaceCallTracing tracing = new MarketplaceCallTracing("MarketplaceMetering");
        URI endpoint = endpointOverride != null ? endpointOverride : MarketplaceServices.meteringEndpoint(region);
        return new JsonAwsMetering(MarketplaceServices.client(MarketplaceServices.METERING, endpoint, region,
                new MeteringErrors.OwnCredentials(credentials), tracing.transport(Objects.requireNonNull(http, "http")),
                Retries.none(), tracing));
    }

    @Override
    public MeteringResult batchMeterUsage(String productCode, List<MeteringLine> lines) {
        Objects.requireNonNull(lines, "lines");
        lines.forEach(line -> Objects.requireNonNull(line, "line"));
        if (lines.isEmpty()) {
            return new MeteringResult(List.of(), List.of());
        }
        MeteringAnswer answer;
        try {
            answer = client.call("BatchMeterUsage", json -> request(json, productCode, lines), MeteringAnswer::read);
        } catch (RuntimeException e) {
            throw MeteringErrors.translate(e);
        }
        return match(lines, answer);
    }

    /** Every line as it is: both customer fields if it carries both, a licence wherever it has one. */
    private static void request(JsonGenerator json, String productCode, List<MeteringLine> lines) throws IOException {
        boolean everyRecordLicensed = true;
        json.writeStartObject();
        json.writeArrayFieldStart("UsageRecords");
        for (MeteringLine line : lines) {
            json.writeStartObject();
            json.writeFieldName("Timestamp");
            json.writeNumber(BigDecimal.valueOf(line.hour().toEpochMilli(), 3));
            if (line.customerIdentifier() != null) {
                json.writeStringField("CustomerIdentifier", line.customerIdentifier());
            }
            if (line.customerAwsAccountId() != null) {
                json.writeStringField("CustomerAWSAccountId", line.customerAwsAccountId());
            }
            json.writeStringField("Dimension", line.dimension());
            json.writeNumberField("Quantity", line.quantity());
            if (line.licenseArn() != null) {
                json.writeStringField("LicenseArn", line.licenseArn());
            } else {
                everyRecordLicensed = false;
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        if (productCode != null && !productCode.isEmpty() && !everyRecordLicensed) {
            json.writeStringField("ProductCode", productCode);
        }
        json.writeEndObject();
    }

    // ---- answers back to lines ----

    private static MeteringResult match(List<MeteringLine> lines, MeteringAnswer answer) {
        // Positions of the lines no answer has claimed yet (a line sent twice is claimed twice).
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            open.add(i);
        }
        LineResult[] results = new LineResult[lines.size()];
        List<Integer> unprocessed = new ArrayList<>();
        int unmatched = 0;

        for (MeteringAnswer.Result result : answer.results) {
            int index = take(open, lines, result.record());
            if (index < 0) {
                unmatched++;
                continue;
            }
            Status status = status(result.status());
            if (status == null) {
                // Reported as unprocessed, to be resent (an identical resend is idempotent).
                LOG.warn("BatchMeterUsage answered the unknown record status {}; the record is left to resend",
                        result.status());
                unprocessed.add(index);
                continue;
            }
            String recordId = status == Status.SUCCESS ? result.meteringRecordId() : null;
            results[index] = new LineResult(lines.get(index), status, recordId);
        }
        for (MeteringAnswer.Echo record : answer.unprocessed) {
            int index = take(open, lines, record);
            if (index < 0) {
                unmatched++;
            } else {
                unprocessed.add(index);
            }
        }
        if (unmatched > 0 || !open.isEmpty()) {
            // Lines no answer accounts for are reported unprocessed: resending an identical record is safe.
            LOG.warn("BatchMeterUsage answer did not match the request: {} answered records unmatched, {} records"
                    + " not accounted for (left to resend)", unmatched, open.size());
            unprocessed.addAll(open);
        }

        // Both lists in request order.
        List<LineResult> resultList = new ArrayList<>();
        for (LineResult result : results) {
            if (result != null) {
                resultList.add(result);
            }
        }
        List<MeteringLine> unprocessedList = unprocessed.stream().sorted().map(lines::get).toList();
        return new MeteringResult(resultList, unprocessedList);
    }

    /** Removes from {@code open} the first position whose line the echoed record describes and returns it, or -1. */
    private static int take(List<Integer> open, List<MeteringLine> lines, MeteringAnswer.Echo echoed) {
        if (echoed == null) {
            return -1;
        }
        for (int i = 0; i < open.size(); i++) {
            int index = open.get(i);
            if (describes(echoed, lines.get(index))) {
                open.remove(i);
                return index;
            }
        }
        return -1;
    }

    private static boolean describes(MeteringAnswer.Echo echoed, MeteringLine line) {
        if (!Objects.equals(echoed.dimension(), line.dimension())
                || !sameInstant(echoed.timestamp(), line.hour())
                || (echoed.quantity() != null && echoed.quantity() != line.quantity())) {
            return false;
        }
        return (line.customerIdentifier() == null
                        || Objects.equals(echoed.customerIdentifier(), line.customerIdentifier()))
                && (line.customerAwsAccountId() == null
                        || Objects.equals(echoed.customerAwsAccountId(), line.customerAwsAccountId()))
                && (echoed.licenseArn() == null || echoed.licenseArn().equals(line.licenseArn()));
    }

    /** Timestamps travel as epoch seconds with millisecond precision. */
    private static boolean sameInstant(Instant echoed, Instant sent) {
        return echoed != null && echoed.truncatedTo(ChronoUnit.MILLIS).equals(sent.truncatedTo(ChronoUnit.MILLIS));
    }

    private static Status status(String status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "Success" -> Status.SUCCESS;
            case "DuplicateRecord" -> Status.DUPLICATE;
            case "CustomerNotSubscribed" -> Status.CUSTOMER_NOT_SUBSCRIBED;
            default -> null;
        };
    }
}
