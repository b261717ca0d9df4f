/**
 * A small client for the AWS APIs the functions call at request time (DynamoDB, AWS Marketplace
 * Metering and Entitlement), which all speak the AWS JSON protocol: one signed POST per operation,
 * {@code X-Amz-Target} naming it, a JSON body each way, errors as {@code __type} and {@code message}.
 *
 * <p>Why not the SDK here: a Lambda function pays for every class it loads before its first answer,
 * and the SDK's client pipeline (interceptors, endpoint rules, marshallers, the TLS context it builds
 * even for plain HTTP) was most of a cold start. This package is Signature Version 4, the JDK's
 * {@code HttpURLConnection}, jackson-core's streaming parser and generator, and bounded retries through
 * the {@link org.mpactivation.port.out.Pause} port; each adapter built on it passes the same contract
 * suite as before. The SDK stays for SES and the SNS message check, which are off the hot paths.
 */
package org.mpactivation.adapter.aws;
