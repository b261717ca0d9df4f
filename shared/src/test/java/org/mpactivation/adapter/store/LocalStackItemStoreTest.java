package org.mpactivation.adapter.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.testkit.LocalStackDynamoDb;

/**
 * The store contract on the DynamoDB store, against LocalStack in a container. Where no Docker
 * engine runs, every test is skipped with the reason (the check sits in {@link #store}, so the
 * report counts each skipped test rather than hiding them behind a class that ran nothing).
 */
class LocalStackItemStoreTest extends ItemStoreContract {

    private static AwsJsonClient client;
    private static String tableName;

    @BeforeAll
    static void createTable() {
        if (!LocalStackDynamoDb.dockerAvailable()) {
            return;
        }
        client = DynamoDbTestClients.client(LocalStackDynamoDb.shared().endpoint());
        tableName = DynamoDbTestClients.newTable(client, "items");
    }

    @AfterAll
    static void dropTable() {
        if (client != null) {
            DynamoDbTables.delete(client, tableName);
        }
    }

    @Override
    protected ItemStore store(MutableClock clock) {
        LocalStackDynamoDb.assumeDocker();
        return new DynamoDbItemStore(client, tableName, clock);
    }
}
