package org.mpactivation.adapter.aws;

/**
 * A call that got no answer from the service: no credentials, the connection failed or timed out on
 * every attempt, or the answer could not be read. The message never holds a secret or a request body.
 */
public class AwsClientException extends RuntimeException {

    public AwsClientException(String message) {
        super(message);
    }

    public AwsClientException(String message, Throwable cause) {
        super(message, cause);
    }
}
