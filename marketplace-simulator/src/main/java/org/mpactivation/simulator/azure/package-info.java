/**
 * A local stand-in for Azure Marketplace: one HTTP server that speaks the SaaS Fulfillment API v2 and the
 * Marketplace Metering API (api-version 2018-08-31) in their JSON wire format, so that an HTTP client written
 * against the documented contract works unchanged when pointed at
 * {@link org.mpactivation.simulator.azure.AzureMarketplaceSimulator#baseUri()}.
 *
 * <p>It enforces the documented rules (api-version, bearer tokens, landing-token lifetime, subscription states,
 * operation acknowledgement and supersession, one usage event per resource, dimension and hour, the 24-hour
 * metering window, batches of 1 to 25 events) so that tests catch integration mistakes. State is set up and read
 * through {@link org.mpactivation.simulator.azure.AzureMarketplaceSimulator}; faults are programmed through
 * {@link org.mpactivation.simulator.azure.AzureFaultPlan}. Everything is thread-safe.
 */
package org.mpactivation.simulator.azure;
