package org.mpactivation.benchmarks.warm;

import java.time.Clock;
import java.util.function.Function;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.store.DynamoDbItemStore;
import org.mpactivation.adapter.store.DynamoDbTestClients;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.testkit.Dynalite;

/**
 * Where the walks store: in memory, or the DynamoDB adapter on a private dynalite (a fresh table per world),
 * its light client built as the functions build theirs, optionally with a listener that hears every call.
 */
final class StoreBackend implements AutoCloseable {

    private final String kind;
    private final Dynalite dynalite;
    private final AwsJsonClient client;

    private StoreBackend(String kind, Dynalite dynalite, AwsJsonClient client) {
        this.kind = kind;
        this.dynalite = dynalite;
        this.client = client;
    }

    static StoreBackend memory() {
        return new StoreBackend("memory", null, null);
    }

    /** A private dynalite; {@code listener} (or null) hears each HTTP request the adapter's client sends. */
    static StoreBackend dynalite(AwsJsonClient.Listener listener) {
        Dynalite dynalite = Dynalite.start();
        AwsJsonClient client = DynamoDbTestClients.client(dynalite.endpoint(),
                listener == null ? AwsJsonClient.Listener.NONE : listener);
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
        String table = DynamoDbTestClients.newTable(client, "warm");
        return clock -> new DynamoDbItemStore(client, table, clock);
    }

    @Override
    public void close() {
        if (dynalite != null) {
            dynalite.close();
        }
    }
}
