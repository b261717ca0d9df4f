/**
 * The Marketplace Metering API client behind the {@code AzureMetering} port.
 *
 * <p>{@link org.mpactivation.azure.metering.HttpAzureMetering} sends one {@code batchUsageEvent} and maps the
 * answer to the port; {@code MeteringJson} reads and writes the wire format. Tokens, request and correlation ids
 * and retries are the Fulfillment client's ({@code FulfillmentHttp}, {@code EntraClientCredentials}): both APIs
 * take the same token, for the same marketplace resource.
 */
package org.mpactivation.azure.metering;
