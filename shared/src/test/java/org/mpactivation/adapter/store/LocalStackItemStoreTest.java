package org.mpactivation.adapter.store;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.testkit.LocalStackDynamoDb;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The store contract on the DynamoDB store, against LocalStack in a container. Where no Docker
 * engine runs, every test is skipped with the reason (the check sits in {@link #store}, so the
 * report counts each skipped test rather than hiding them behind a class that ran nothing).
 */
class LocalStackItemStoreTest extends ItemStoreContract {

    private static DynamoDbClient client;
    private static String tableName;

    @BeforeAll
    static void createTable() {
        if (!LocalStackDynamoDb.dockerAvailable()) {
            return;
        }
        client = LocalStackDynamoDb.shared().endpoint().client();
        tableName = "items-" + UUID.randomUUID();
        DynamoDbItemStore.createTable(client, tableName);
    }

    @AfterAll
    static void dropTable() {
        if (client != null) {
            client.deleteTable(b -> b.tableName(tableName));
            client.close();
        }
    }

    @Override
    protected ItemStore store(MutableClock clock) {
        LocalStackDynamoDb.assumeDocker();
        return new DynamoDbItemStore(client, tableName, clock);
    }
}
