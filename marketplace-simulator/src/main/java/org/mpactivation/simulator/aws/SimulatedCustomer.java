package org.mpactivation.simulator.aws;

import java.time.Instant;
import java.util.Objects;

/**
 * A buyer's registration of (subscription to) one product: the handle tests use to issue registration
 * tokens, grant entitlements and end the subscription. Immutable; its subscription state lives in the
 * simulator ({@link AwsMarketplaceSimulator#isSubscribed(SimulatedCustomer)}).
 *
 * @param productCode the product subscribed to
 * @param customerIdentifier the opaque per-product customer identifier ResolveCustomer returns (for
 *     concurrent-agreement products it is kept but never returned)
 * @param awsAccountId the buyer's 12-digit AWS account id
 * @param licenseArn the licence (agreement) of this subscription
 * @param registeredAt when the subscription started
 */
public record SimulatedCustomer(
        String productCode, String customerIdentifier, String awsAccountId, String licenseArn, Instant registeredAt) {

    public SimulatedCustomer {
        Objects.requireNonNull(productCode, "productCode");
        Objects.requireNonNull(customerIdentifier, "customerIdentifier");
        Objects.requireNonNull(awsAccountId, "awsAccountId");
        Objects.requireNonNull(licenseArn, "licenseArn");
        Objects.requireNonNull(registeredAt, "registeredAt");
    }
}
