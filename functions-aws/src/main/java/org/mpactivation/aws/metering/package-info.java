/**
 * AWS Marketplace metering: the {@link org.mpactivation.port.out.AwsMetering} port on the SDK v2
 * Metering client ({@code BatchMeterUsage}), with the per-record {@code LicenseArn} form that the
 * pinned SDK model cannot express added on the wire by {@link UsageRecordLicenses}.
 */
package org.mpactivation.aws.metering;
