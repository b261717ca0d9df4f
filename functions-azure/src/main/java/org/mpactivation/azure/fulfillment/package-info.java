/**
 * The Azure Marketplace SaaS Fulfillment API v2 client behind the {@code AzureFulfillment} port.
 *
 * <p>{@link org.mpactivation.azure.fulfillment.HttpAzureFulfillment} maps calls and answers to the port;
 * {@code FulfillmentHttp} sends them (bearer token, request and correlation ids, retries); {@code FulfillmentJson}
 * reads and writes the wire format; {@code SubscriptionPages} streams the listing page by page;
 * {@link org.mpactivation.azure.fulfillment.EntraClientCredentials} fetches and caches the client-credentials
 * token; {@link org.mpactivation.azure.fulfillment.AzureFulfillmentSettings} reads where all of it points.
 */
package org.mpactivation.azure.fulfillment;
