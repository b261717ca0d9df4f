package org.mpactivation.port.out;

import java.util.List;

/** AWS Marketplace metering: BatchMeterUsage. */
public interface AwsMetering {

    /** At most this many records per call. */
    int MAX_RECORDS_PER_CALL = 25;

    /**
     * Sends one batch of records of one product.
     *
     * @param productCode the product; sent only for records that name the buyer by customer identifier
     * @throws MarketplaceThrottledException  when AWS throttled the call: retry later, with backoff
     * @throws MarketplaceUnavailableException on other transient failures
     * @throws MeteringRejectedException      when AWS refused the whole batch (for example a timestamp
     *                                        out of bounds): do not resend it unchanged
     */
    MeteringResult batchMeterUsage(String productCode, List<MeteringLine> lines);
}
