/**
 * Running the Lambda functions outside Lambda: the local run and end-to-end tests put API Gateway's part in
 * front of them on a plain HTTP server. Not used when deployed, and left out of every Lambda artifact.
 */
package org.mpactivation.aws.local;
