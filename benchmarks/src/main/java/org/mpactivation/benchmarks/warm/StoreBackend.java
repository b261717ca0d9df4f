package org.mpactivation.benchmarks.warm;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import org.mpactivation.adapter.store.DynamoDbItemStore;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.testkit.Dynalite;
import org.mpactivation.testkit.DynamoDbEndpoint;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where the walks store: in memory, or the DynamoDB adapter on a private dynalite (a fresh table per world),
 * its client built as the testkit builds one, optionally with an SDK interceptor that sees every call.
 */
final class StoreBackend implements AutoCloseable {

    private final String kind;
    private final Dynalite dynalite;
    private final DynamoDbClient client;

    private StoreBackend(String kind, Dynalite dynalite, DynamoDbClient client) {
        this.kind = kind;
        this.dynalite = dynalite;
        this.client = client;
    }

    static StoreBackend memory() {
        return new StoreBackend("memory", null, null);
    }

    /** A private dynalite; {@code interceptor} (or null) sees each DynamoDB API call the adapter makes. */
    static StoreBackend dynalite(ExecutionInterceptor interceptor) {
        Dynalite dynalite = Dynalite.start();
        DynamoDbEndpoint endpoint = dynalite.endpoint();
        DynamoDbClient client = DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(30)))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        endpoint.accessKeyId(), endpoint.secretAccessKey())))
                .region(Region.of(endpoint.region())).endpointOverride(endpoint.endpoint())
                .overrideConfiguration(c -> {
                    if (interceptor != null) {
                        c.addExecutionInterceptor(interceptor);
                    }
                })
                .build();
        return new StoreBackend("dynalite", dynalite, client);
    }

    static StoreBackend of(String kind) {
        return kind.equals("dynalite") ? dynalite(null) : memory();
    }

    String kind() {
        return kind;
    }

    /** A new, empty store on the given clock. */
    Function<Clock, ItemStore> newStore() {
        if (client == null) {
            return InMemoryItemStore::new;
        }
        String table = "warm-" + UUID.randomUUID();
        DynamoDbItemStore.createTable(client, table);
        return clock -> new DynamoDbItemStore(client, table, clock);
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (dynalite != null) {
            dynalite.close();
        }
    }
}
