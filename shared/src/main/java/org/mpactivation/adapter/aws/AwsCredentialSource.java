package org.mpactivation.adapter.aws;

import java.util.Map;

/**
 * Where a client's credentials come from, asked before every request (an implementation caches and
 * refreshes as its credentials require). Only the sources our runtimes use: the variables Lambda sets
 * (and any process can be given), the container endpoint Lambda serves them from under SnapStart,
 * and fixed credentials for local runs and tests. No provider chain is searched at cold start.
 */
@FunctionalInterface
public interface AwsCredentialSource {

    AwsCredentials credentials();

    static AwsCredentialSource fixed(AwsCredentials credentials) {
        return () -> credentials;
    }

    /**
     * The process's role: the container credentials endpoint when {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}
     * (or {@code _RELATIVE_URI}) is set, as Lambda does for SnapStart functions; otherwise
     * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}, read at each
     * request so that a renewed environment is seen.
     */
    static AwsCredentialSource fromEnvironment(Map<String, String> env) {
        if (ContainerCredentials.configured(env)) {
            return ContainerCredentials.fromEnvironment(env);
        }
        return () -> environmentCredentials(env);
    }

    /** The credentials in the {@code AWS_*} variables, or a clear failure naming what is missing. */
    static AwsCredentials environmentCredentials(Map<String, String> env) {
        String id = env.get("AWS_ACCESS_KEY_ID");
        String secret = env.get("AWS_SECRET_ACCESS_KEY");
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            throw new AwsClientException("no AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                    + "(and AWS_SESSION_TOKEN for temporary ones), or run where the container credentials "
                    + "endpoint is configured");
        }
        return new AwsCredentials(id, secret, env.get("AWS_SESSION_TOKEN"), null);
    }
}
