package org.mpactivation.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

@ExtendWith(DynaliteExtension.class)
class DynaliteTest {

    private static final String TABLE = "testkit-" + UUID.randomUUID();

    @BeforeAll
    static void createTable(DynamoDbClient dynamo) {
        dynamo.createTable(b -> b.tableName(TABLE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(string("pk"), string("sk"), string("gsi1pk"), string("gsi1sk"))
                .keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName("gsi1")
                        .keySchema(key("gsi1pk", KeyType.HASH), key("gsi1sk", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build()));
    }

    @Test
    void theSharedInstanceIsStartedOnceAndReused() {
        Dynalite first = Dynalite.shared();
        assertSame(first, Dynalite.shared());
        assertTrue(first.isRunning());
        assertEquals("127.0.0.1", first.endpoint().endpoint().getHost());
        first.close(); // a no-op for the shared instance
        assertTrue(first.isRunning());
    }

    @Test
    void aCreatedTableIsActiveAtOnce(DynamoDbClient dynamo) {
        // --createTableMs 0: no waiter needed (and the SDK's waiter would first sleep 20 s)
        assertEquals(TableStatus.ACTIVE, dynamo.describeTable(b -> b.tableName(TABLE)).table().tableStatus());
    }

    @Test
    void putIfAbsentThenGetAndQueryTheIndex(DynamoDbClient dynamo) {
        Map<String, AttributeValue> item = Map.of(
                "pk", s("ACCOUNT#a1"), "sk", s("PROFILE"),
                "gsi1pk", s("EMAIL#a1@example.org"), "gsi1sk", s("ACCOUNT"),
                "version", n(1));
        dynamo.putItem(b -> b.tableName(TABLE).item(item).conditionExpression("attribute_not_exists(pk)"));

        ConditionalCheckFailedException refused = assertThrows(ConditionalCheckFailedException.class,
                () -> dynamo.putItem(b -> b.tableName(TABLE).item(item)
                        .conditionExpression("attribute_not_exists(pk)")));
        assertEquals(400, refused.statusCode());

        GetItemResponse read = dynamo.getItem(b -> b.tableName(TABLE).consistentRead(true)
                .key(Map.of("pk", s("ACCOUNT#a1"), "sk", s("PROFILE"))));
        assertEquals(item, read.item());

        dynamo.updateItem(b -> b.tableName(TABLE)
                .key(Map.of("pk", s("ACCOUNT#a1"), "sk", s("PROFILE")))
                .updateExpression("SET version = :next")
                .conditionExpression("version = :expected")
                .expressionAttributeValues(Map.of(":expected", n(1), ":next", n(2))));

        QueryResponse byEmail = dynamo.query(b -> b.tableName(TABLE).indexName("gsi1")
                .keyConditionExpression("gsi1pk = :e")
                .expressionAttributeValues(Map.of(":e", s("EMAIL#a1@example.org"))));
        assertEquals(1, byEmail.count());
        assertEquals(n(2), byEmail.items().get(0).get("version"));
    }

    @Test
    void transactWriteItemsIsUnknownToDynalite(DynamoDbClient dynamo) {
        // the reason the store writes single items only
        DynamoDbException refused = assertThrows(DynamoDbException.class,
                () -> dynamo.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                        .put(Put.builder().tableName(TABLE)
                                .item(Map.of("pk", s("T#1"), "sk", s("T"))).build())
                        .build())));
        assertEquals("UnknownOperationException", refused.awsErrorDetails().errorCode());
    }

    @Test
    void updateTimeToLiveIsUnknownToDynalite(DynamoDbClient dynamo) {
        // production tables get their TTL setting from the deployment template
        DynamoDbException refused = assertThrows(DynamoDbException.class,
                () -> dynamo.updateTimeToLive(b -> b.tableName(TABLE)
                        .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true))));
        assertEquals("UnknownOperationException", refused.awsErrorDetails().errorCode());
    }

    /**
     * A client that gives up on a request while sending it (a timeout, an interrupted thread) must not
     * take the database down for every other test: dynalite's own server throws on such an abort.
     */
    @Test
    void givenAClientThatAbortsARequestMidBody_thenDynaliteKeepsServing() throws Exception {
        Dynalite own = Dynalite.start();
        try (own; DynamoDbClient client = own.endpoint().client()) {
            try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), own.port())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.0\r\n"
                        + "X-Amz-Target: DynamoDB_20120810.ListTables\r\nContent-Length: 1000\r\n\r\n{\"Lim")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                socket.setSoLinger(true, 0); // close with a reset, as an aborted connection does
            }
            Thread.sleep(300);
            assertTrue(own.isRunning(), "dynalite died of a client's aborted request");
            assertTrue(client.listTables().tableNames().isEmpty(), "and it still answers");
        }
    }

    @Test
    void aPrivateInstanceStopsOnClose() {
        Dynalite own = Dynalite.start();
        try (own; DynamoDbClient client = own.endpoint().client()) {
            assertTrue(client.listTables().tableNames().isEmpty(), "a new instance starts empty");
            assertTrue(own.port() != Dynalite.shared().port());
        }
        assertFalse(own.isRunning());
    }

    @Test
    void aMissingInstallationIsExplained(@TempDir Path empty) {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> Dynalite.locateCli(empty.resolve("node_modules/dynalite/cli.js").toString(), empty));
        assertTrue(missing.getMessage().contains("mvn verify"), missing.getMessage());
        assertTrue(missing.getMessage().contains("npm ci"), missing.getMessage());
    }

    @Test
    void theCliIsFoundUpwardsFromTheWorkingDirectory(@TempDir Path root) throws Exception {
        Path cli = Files.createDirectories(root.resolve("node_modules/dynalite")).resolve("cli.js");
        Files.writeString(cli, "");
        Path module = Files.createDirectories(root.resolve("some-module/target"));
        assertEquals(cli, Dynalite.locateCli(null, module));
    }

    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
