package org.mpactivation.port.out;

import java.util.List;

/**
 * The answer to one metering call: a status per record that was processed, and the records the
 * marketplace did not process this time (to be sent again).
 */
public record MeteringResult(List<LineResult> results, List<MeteringLine> unprocessed) {

    public MeteringResult {
        results = List.copyOf(results);
        unprocessed = List.copyOf(unprocessed);
    }

    public enum Status {
        /** Billed. */
        SUCCESS,
        /** Already billed for that customer, dimension and hour (with another quantity): counts as sent. */
        DUPLICATE,
        /** The buyer is no longer subscribed: stop metering them, do not retry. */
        CUSTOMER_NOT_SUBSCRIBED
    }

    public record LineResult(MeteringLine line, Status status, String meteringRecordId) {
    }
}
