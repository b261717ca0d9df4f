/**
 * A local stand-in for AWS Marketplace: one HTTP server that speaks the AWS JSON 1.1 wire protocol of the
 * Metering Service ({@code AWSMPMeteringService}: ResolveCustomer, BatchMeterUsage) and the Entitlement
 * Service ({@code AWSMPEntitlementService}: GetEntitlements), so that the real AWS SDK clients, pointed at
 * {@link org.mpactivation.simulator.aws.AwsMarketplaceSimulator#endpoint()}, work unchanged.
 *
 * <p>It enforces the documented behaviour (limits, error types, HTTP status codes, idempotency and duplicate
 * rules, the metering time window, the call quota) so that tests catch integration mistakes. State is set up
 * and read through {@link org.mpactivation.simulator.aws.AwsMarketplaceSimulator}; faults are programmed
 * through {@link org.mpactivation.simulator.aws.FaultPlan}. Everything is thread-safe.
 */
package org.mpactivation.simulator.aws;
