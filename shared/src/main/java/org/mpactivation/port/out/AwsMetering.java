package org.mpactivation.port.out;

import java.util.List;

/** AWS Marketplace metering: BatchMeterUsage. */
public interface AwsMetering {

    /** At most this many records per call. */
    int MAX_RECORDS_PER_CALL = 25;

    /**
     * Sends one batch of records of one product.
     *
     * @param productCode the product; sent unless every record names its buyer by account and licence
     * @throws MarketplaceThrottledException  when AWS throttled the call: retry later, with backoff
     * @throws MarketplaceAccessException     when our credentials or configuration failed (an outage, not a
     *                                        verdict on the usage): retry later, with backoff, and alert
     * @throws MarketplaceUnavailableException on other transient failures
     * @throws MeteringRejectedException      when AWS refused the whole batch (for example a timestamp
     *                                        out of bounds, or {@link MeteringRejectedException.Reason#VALIDATION}
     *                                        for a request that breaks the input rules): do not resend it
     *                                        unchanged
     */
    MeteringResult batchMeterUsage(String productCode, List<MeteringLine> lines);
}
