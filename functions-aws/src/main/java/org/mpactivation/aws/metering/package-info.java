/**
 * AWS Marketplace metering: the {@link org.mpactivation.port.out.AwsMetering} port on the light AWS JSON
 * client ({@code BatchMeterUsage}), in both wire forms: by customer identifier with the request's product
 * code, and by account with a {@code LicenseArn} on each record.
 */
package org.mpactivation.aws.metering;
