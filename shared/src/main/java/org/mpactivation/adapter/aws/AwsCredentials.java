package org.mpactivation.adapter.aws;

import java.time.Instant;
import java.util.Objects;

/**
 * One set of AWS credentials: a key pair, the session token of temporary credentials (null for
 * long-term keys) and when they stop working (null when they do not expire). {@link #toString()}
 * names the key id only: a secret never reaches a log line through this record.
 */
public record AwsCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {

    public AwsCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
            throw new IllegalArgumentException("an access key id and a secret access key are both required");
        }
        if (sessionToken != null && sessionToken.isBlank()) {
            sessionToken = null;
        }
    }

    public static AwsCredentials of(String accessKeyId, String secretAccessKey) {
        return new AwsCredentials(accessKeyId, secretAccessKey, null, null);
    }

    /** Whether these credentials will have expired {@code margin} after {@code now}. */
    public boolean expiresWithin(java.time.Duration margin, Instant now) {
        return expiration != null && !now.plus(margin).isBefore(expiration);
    }

    @Override
    public String toString() {
        return "AwsCredentials[" + accessKeyId + (sessionToken == null ? "" : ", temporary")
                + (expiration == null ? "" : ", until " + expiration) + "]";
    }
}
