package org.mpactivation.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One disagreement found by reconciliation, for one subscription, dimension and hour.
 *
 * @param ledgerQuantity      the ledger's quantity (null: no entry)
 * @param marketplaceQuantity the marketplace's quantity (null: no record; for DOUBLED, the sum)
 * @param detail              short, operator-facing facts (ledger state, record ids); never a secret
 * @param runId               the reconciliation run that found it
 */
public record Drift(SubscriptionId subscriptionId, Instant hour, String dimension, DriftKind kind,
                    Long ledgerQuantity, Long marketplaceQuantity, String detail, String runId, Instant foundAt) {

    public Drift {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(hour, "hour");
        Objects.requireNonNull(dimension, "dimension");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(foundAt, "foundAt");
        detail = detail == null ? "" : detail;
    }
}
