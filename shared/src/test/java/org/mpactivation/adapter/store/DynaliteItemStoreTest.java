package org.mpactivation.adapter.store;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.testkit.Dynalite;

/** The store contract on the DynamoDB store, against dynalite, in a table of this class's own. */
class DynaliteItemStoreTest extends ItemStoreContract {

    private static AwsJsonClient client;
    private static String tableName;

    @BeforeAll
    static void createTable() {
        client = DynamoDbTestClients.client(Dynalite.shared().endpoint());
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
        return new DynamoDbItemStore(client, tableName, clock);
    }
}
