package org.mpactivation.adapter.store;

import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.testkit.Dynalite;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The store contract on the DynamoDB store, against dynalite, in a table of this class's own. */
class DynaliteItemStoreTest extends ItemStoreContract {

    private static DynamoDbClient client;
    private static String tableName;

    @BeforeAll
    static void createTable() {
        client = Dynalite.shared().endpoint().client();
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
        return new DynamoDbItemStore(client, tableName, clock);
    }
}
