package org.mpactivation.aws.metering;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.marketplacemetering.MarketplaceMeteringClient;
import software.amazon.awssdk.services.marketplacemetering.MarketplaceMeteringClientBuilder;
import software.amazon.awssdk.services.marketplacemetering.model.BatchMeterUsageRequest;
import software.amazon.awssdk.services.marketplacemetering.model.BatchMeterUsageResponse;
import software.amazon.awssdk.services.marketplacemetering.model.UsageRecord;
import software.amazon.awssdk.services.marketplacemetering.model.UsageRecordResult;

/**
 * {@link AwsMetering} on the SDK v2 Marketplace Metering client: one {@code BatchMeterUsage} call per
 * non-empty {@link #batchMeterUsage} call, sent as given: the adapter neither splits nor mends a request, so a
 * request AWS refuses (more than {@value AwsMetering#MAX_RECORDS_PER_CALL} records, both wire forms in one
 * request, a record carrying both customer fields, customer-identifier records without a product code) goes
 * out and AWS's error comes back as {@link MeteringRejectedException}, exactly as for any other refusal.
 *
 * <p>Two wire forms, which AWS refuses to see mixed in one call ("You can't specify both CustomerIdentifier
 * and CustomerAWSAccountID in the same request"):
 * <ul>
 *   <li>lines naming the buyer by customer identifier: {@code CustomerIdentifier} on each record and the
 *       request's {@code ProductCode};</li>
 *   <li>lines naming the buyer by account and licence ({@link MeteringLine#byLicense()}, required of SaaS
 *       products listed from June 2026 for concurrent agreements): {@code CustomerAWSAccountId} and a
 *       per-record {@code LicenseArn}, and no {@code ProductCode}. The pinned SDK model has no
 *       {@code LicenseArn} on usage records, so {@link UsageRecordLicenses} (which the client must carry)
 *       adds it to the serialized body before signing.</li>
 * </ul>
 *
 * <p>Answers are matched back to lines by what AWS echoes on each record (customer, licence, dimension,
 * timestamp, quantity), not by position: the API does not promise to keep the order. A line the answer does
 * not account for is returned as unprocessed, which is safe because AWS treats an identical resend as
 * idempotent (same status, same MeteringRecordId).
 *
 * <p>Failures: throttling becomes {@link MarketplaceThrottledException}; errors of our own credentials or
 * configuration (access denied, unrecognised, invalid or expired credentials, a disabled API, credentials
 * that could not be loaded) {@link MarketplaceAccessException}; internal errors, other 5xx and I/O failures
 * {@link MarketplaceUnavailableException}; other refusals of the whole batch {@link MeteringRejectedException}
 * with the reason ({@link Reason#VALIDATION} for {@code ValidationException}). Only the error code is logged,
 * never the records.
 */
public final class SdkAwsMetering implements AwsMetering {

    private static final Logger LOG = LoggerFactory.getLogger(SdkAwsMetering.class);

    /** How long one call may take in all (there is one attempt). */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private final MarketplaceMeteringClient client;

    /**
     * @param client a Metering client that carries a {@link UsageRecordLicenses} interceptor (see
     *     {@link #meteringClient}); it should not retry on its own (see there why)
     * @throws IllegalArgumentException if the client has no {@link UsageRecordLicenses} interceptor: without
     *     it a licence-based record would go out without its licence
     */
    public SdkAwsMetering(MarketplaceMeteringClient client) {
        this.client = Objects.requireNonNull(client, "client");
        boolean carriesInterceptor = client.serviceClientConfiguration().overrideConfiguration()
                .executionInterceptors().stream().anyMatch(UsageRecordLicenses.class::isInstance);
        if (!carriesInterceptor) {
            throw new IllegalArgumentException("the Metering client needs a " + UsageRecordLicenses.class.getSimpleName()
                    + " interceptor to send LicenseArn records; build it with SdkAwsMetering.meteringClient");
        }
    }

    /**
     * A Metering client for this adapter: region, credentials and HTTP client set explicitly (nothing is
     * discovered at cold start), the {@link UsageRecordLicenses} interceptor, a {@link #CALL_TIMEOUT}, and
     * <strong>no SDK retries</strong>. The metering job retries failed batches itself, with backoff and
     * jitter, under a rate limiter sized to the BatchMeterUsage quota (about 10 calls per second per account
     * and Region). SDK retries underneath would multiply the calls made against that quota (a throttled call
     * would be sent again at once, by each concurrent worker), hide throttling from the limiter that must slow
     * down, and stretch one call past the time budget the job plans with. One call is one attempt, so the job
     * sees every answer.
     *
     * @param credentials the seller's credentials; a failure to load them is reported by the adapter as
     *     {@link MarketplaceAccessException}, not as a failed call
     * @param endpointOverride another endpoint (a local marketplace in tests); null for the Region's own
     * @param httpClient the HTTP client, shared with other clients (the caller closes it); the URL-connection
     *     client is the intended one for Lambda
     */
    public static MarketplaceMeteringClient meteringClient(Region region, AwsCredentialsProvider credentials,
                                                           URI endpointOverride, SdkHttpClient httpClient) {
        Objects.requireNonNull(httpClient, "httpClient");
        MarketplaceMeteringClientBuilder builder = baseBuilder(region, credentials, endpointOverride)
                .httpClient(httpClient);
        return builder.build();
    }

    /**
     * As {@link #meteringClient(Region, AwsCredentialsProvider, URI, SdkHttpClient)}, with a URL-connection
     * HTTP client of its own (closed with the Metering client).
     */
    public static MarketplaceMeteringClient meteringClient(Region region, AwsCredentialsProvider credentials,
                                                           URI endpointOverride) {
        return baseBuilder(region, credentials, endpointOverride)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(CALL_TIMEOUT))
                .build();
    }

    /** The override configuration {@link #meteringClient} uses: no retries, a call timeout, the interceptor. */
    public static ClientOverrideConfiguration overrideConfiguration() {
        return ClientOverrideConfiguration.builder()
                .retryStrategy(DefaultRetryStrategy.doNotRetry())
                .apiCallTimeout(CALL_TIMEOUT)
                .addExecutionInterceptor(new UsageRecordLicenses())
                .addExecutionInterceptor(new org.mpactivation.aws.MarketplaceCallTracing())
                .build();
    }

    private static MarketplaceMeteringClientBuilder baseBuilder(Region region, AwsCredentialsProvider credentials,
                                                                URI endpointOverride) {
        MarketplaceMeteringClientBuilder builder = MarketplaceMeteringClient.builder()
                .region(Objects.requireNonNull(region, "region"))
                .credentialsProvider(new MeteringErrors.OwnCredentials(Objects.requireNonNull(credentials, "credentials")))
                .overrideConfiguration(overrideConfiguration());
        if (endpointOverride != null) {
            builder.endpointOverride(endpointOverride);
        }
        return builder;
    }

    @Override
    public MeteringResult batchMeterUsage(String productCode, List<MeteringLine> lines) {
        Objects.requireNonNull(lines, "lines");
        lines.forEach(line -> Objects.requireNonNull(line, "line"));
        if (lines.isEmpty()) {
            return new MeteringResult(List.of(), List.of());
        }

        // Every line goes out as it is: both customer fields if it carries both, a licence wherever it has one.
        List<UsageRecord> records = new ArrayList<>(lines.size());
        List<String> licenses = new ArrayList<>(lines.size());
        boolean anyLicense = false;
        for (MeteringLine line : lines) {
            records.add(usageRecord(line));
            licenses.add(line.licenseArn());
            anyLicense |= line.licenseArn() != null;
        }
        UsageRecordLicenses.Plan plan = new UsageRecordLicenses.Plan(licenses);
        BatchMeterUsageRequest.Builder request = BatchMeterUsageRequest.builder().usageRecords(records);
        if (productCode != null && !productCode.isEmpty()) {
            // Removed again on the wire when every record carries its LicenseArn.
            request.productCode(productCode);
        }
        if (anyLicense) {
            request.overrideConfiguration(c -> c.putExecutionAttribute(UsageRecordLicenses.PLAN, plan));
        }

        BatchMeterUsageResponse response;
        try {
            response = client.batchMeterUsage(request.build());
        } catch (SdkException e) {
            throw MeteringErrors.translate(e);
        }
        if (anyLicense && !plan.applied) {
            // Cannot happen with a client that passed the constructor check; never let it pass silently.
            throw new IllegalStateException("LicenseArn records were sent without their licences");
        }
        return match(lines, response, plan);
    }

    private static UsageRecord usageRecord(MeteringLine line) {
        return UsageRecord.builder()
                .timestamp(line.hour())
                .dimension(line.dimension())
                .quantity(line.quantity())
                .customerIdentifier(line.customerIdentifier())
                .customerAWSAccountId(line.customerAwsAccountId())
                .build();
    }

    // ---- answers back to lines ----

    private static MeteringResult match(List<MeteringLine> lines, BatchMeterUsageResponse response,
                                        UsageRecordLicenses.Plan plan) {
        // Positions of the lines no answer has claimed yet (a line sent twice is claimed twice).
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            open.add(i);
        }
        LineResult[] results = new LineResult[lines.size()];
        List<Integer> unprocessed = new ArrayList<>();
        int unmatched = 0;

        for (UsageRecordResult result : response.results()) {
            int index = take(open, lines, result.usageRecord(), plan.claimResultLicense(result));
            if (index < 0) {
                unmatched++;
                continue;
            }
            Status status = status(result);
            if (status == null) {
                // Reported as unprocessed, to be resent (an identical resend is idempotent).
                LOG.warn("BatchMeterUsage answered the unknown record status {}; the record is left to resend",
                        result.statusAsString());
                unprocessed.add(index);
                continue;
            }
            MeteringLine line = lines.get(index);
            String recordId = status == Status.SUCCESS ? result.meteringRecordId() : null;
            results[index] = new LineResult(line, status, recordId);
        }
        for (UsageRecord record : response.unprocessedRecords()) {
            int index = take(open, lines, record, plan.claimUnprocessedLicense(record));
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
    private static int take(List<Integer> open, List<MeteringLine> lines, UsageRecord echoed, String echoedLicense) {
        if (echoed == null) {
            return -1;
        }
        for (int i = 0; i < open.size(); i++) {
            int index = open.get(i);
            if (describes(echoed, echoedLicense, lines.get(index))) {
                open.remove(i);
                return index;
            }
        }
        return -1;
    }

    private static boolean describes(UsageRecord echoed, String echoedLicense, MeteringLine line) {
        if (!Objects.equals(echoed.dimension(), line.dimension())
                || !sameInstant(echoed.timestamp(), line.hour())
                || (echoed.quantity() != null && echoed.quantity() != line.quantity())) {
            return false;
        }
        return (line.customerIdentifier() == null
                        || Objects.equals(echoed.customerIdentifier(), line.customerIdentifier()))
                && (line.customerAwsAccountId() == null
                        || Objects.equals(echoed.customerAWSAccountId(), line.customerAwsAccountId()))
                && (echoedLicense == null || echoedLicense.equals(line.licenseArn()));
    }

    /** Timestamps travel as epoch seconds with millisecond precision. */
    private static boolean sameInstant(Instant echoed, Instant sent) {
        return echoed != null && echoed.truncatedTo(ChronoUnit.MILLIS).equals(sent.truncatedTo(ChronoUnit.MILLIS));
    }

    private static Status status(UsageRecordResult result) {
        if (result.status() == null) {
            return null;
        }
        return switch (result.status()) {
            case SUCCESS -> Status.SUCCESS;
            case DUPLICATE_RECORD -> Status.DUPLICATE;
            case CUSTOMER_NOT_SUBSCRIBED -> Status.CUSTOMER_NOT_SUBSCRIBED;
            default -> null;
        };
    }
}
