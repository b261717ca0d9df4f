package org.mpactivation.adapter.store;

import java.util.UUID;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.aws.UrlConnectionAwsHttp;
import org.mpactivation.testkit.DynamoDbEndpoint;

/**
 * The store's light DynamoDB client on a test engine (dynalite, LocalStack), built as production builds
 * it, and tables of the store's layout with names of their own. For every module's tests (test-jar).
 */
public final class DynamoDbTestClients {

    private DynamoDbTestClients() {
    }

    public static AwsJsonClient client(DynamoDbEndpoint engine) {
        return client(engine, AwsJsonClient.Listener.NONE);
    }

    /** @param listener told of every HTTP request the client sends (counting calls) */
    public static AwsJsonClient client(DynamoDbEndpoint engine, AwsJsonClient.Listener listener) {
        return DynamoDbItemStore.client(engine.endpoint(), engine.region(), credentials(engine),
                UrlConnectionAwsHttp.standard(), listener);
    }

    public static AwsCredentialSource credentials(DynamoDbEndpoint engine) {
        return AwsCredentialSource.fixed(AwsCredentials.of(engine.accessKeyId(), engine.secretAccessKey()));
    }

    /** Creates a table of the store's layout named {@code prefix-<uuid>} and returns its name. */
    public static String newTable(AwsJsonClient client, String prefix) {
        String name = prefix + "-" + UUID.randomUUID();
        DynamoDbTables.create(client, name);
        return name;
    }
}
