package org.mpactivation.adapter.store;

import java.io.IOException;
import java.util.Objects;
import org.mpactivation.adapter.aws.AwsClientException;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.aws.AwsServiceException;
import org.mpactivation.adapter.aws.Retries;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.StoreUnavailableException;

/**
 * One table on the DynamoDB client, and the one place where the client's failures become the port's:
 * a failed condition becomes {@link ConditionFailedException}; throttling (after the client's own retries),
 * server errors and I/O failures become {@link StoreUnavailableException}; anything else (validation, a
 * missing table, access denied, no credentials) is a programming or configuration error and is rethrown as
 * it is, so that it is not mistaken for a passing outage.
 */
final class DynamoDbTable {

    /** DynamoDB's AWS JSON 1.0 protocol, as its API model names it. */
    static final AwsJsonClient.Service SERVICE = new AwsJsonClient.Service("1.0", "DynamoDB_20120810", "dynamodb");

    private final AwsJsonClient client;
    private final String name;

    DynamoDbTable(AwsJsonClient client, String name) {
        this.client = Objects.requireNonNull(client, "client");
        this.name = Objects.requireNonNull(name, "tableName");
    }

    String name() {
        return name;
    }

    /** @param key the item a failed condition is about (null for calls without one) */
    <T> T call(String operation, ItemKey key, AwsJsonClient.Body body, AwsJsonClient.Answer<T> answer) {
        try {
            return client.call(operation, body, answer);
        } catch (AwsServiceException e) {
            if (e.is("ConditionalCheckFailedException")) {
                throw new ConditionFailedException(key, e);
            }
            if (Retries.throttling(e.errorCode()) || e.status() == 429) {
                throw new StoreUnavailableException("the table refused the call for capacity", e);
            }
            if (e.status() >= 500) {
                throw new StoreUnavailableException("the table service failed the call", e);
            }
            throw e;
        } catch (AwsClientException e) {
            if (isIoFailure(e)) {
                throw new StoreUnavailableException("the table could not be reached", e);
            }
            throw e;
        }
    }

    /** No answer at all (refused, reset, timed out, a corrupted body): an outage, not a mistake of ours. */
    private static boolean isIoFailure(AwsClientException e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
