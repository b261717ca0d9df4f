package org.mpactivation.adapter.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpactivation.adapter.aws.AwsClientException;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;
import org.mpactivation.adapter.aws.AwsHttp;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.aws.AwsServiceException;
import org.mpactivation.adapter.aws.Retries;
import org.mpactivation.adapter.aws.UrlConnectionAwsHttp;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.Page;
import org.mpactivation.port.out.store.StoreUnavailableException;
import org.mpactivation.testkit.Dynalite;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * What the DynamoDB store adds to the contract: its table layout (checked with the SDK's client, which
 * reads the table independently of the store's JSON) and its failure translation (on canned answers).
 */
class DynamoDbItemStoreTest {

    private static AwsJsonClient client;
    private static DynamoDbClient sdk;
    private static String tableName;

    @BeforeAll
    static void createTable() {
        client = DynamoDbTestClients.client(Dynalite.shared().endpoint());
        sdk = Dynalite.shared().endpoint().client();
        tableName = DynamoDbTestClients.newTable(client, "items");
    }

    @AfterAll
    static void dropTable() {
        if (client != null) {
            DynamoDbTables.delete(client, tableName);
        }
        if (sdk != null) {
            sdk.close();
        }
    }

    @Test
    void givenCreatedTable_thenItHasTheDocumentedLayout() {
        TableDescription table = sdk.describeTable(b -> b.tableName(tableName)).table();

        assertEquals(List.of(key("pk", KeyType.HASH), key("sk", KeyType.RANGE)), table.keySchema());
        assertEquals(BillingMode.PAY_PER_REQUEST, table.billingModeSummary().billingMode());
        GlobalSecondaryIndexDescription index = table.globalSecondaryIndexes().get(0);
        assertEquals("gsi1", index.indexName());
        assertEquals(List.of(key("gsi1pk", KeyType.HASH), key("gsi1sk", KeyType.RANGE)), index.keySchema());
        assertEquals(ProjectionType.ALL, index.projection().projectionType());
    }

    @Test
    void givenTableExists_whenCreatedAgain_thenNothingHappens() {
        DynamoDbTables.create(client, tableName);
    }

    @Test
    void givenWrittenItem_thenItIsStoredInTheDocumentedAttributes() {
        DynamoDbItemStore store = new DynamoDbItemStore(client, tableName, new MutableClock(Instant.now()));
        Instant expiry = Instant.parse("2031-02-03T04:05:06.789Z");
        ItemKey key = new ItemKey("account#" + UUID.randomUUID(), "profile");
        store.putIfAbsent(Item.of(key, Map.of("name", "Ada ünïcødé ✓", "note", ""))
                .withExpiry(expiry).withIndex(new IndexKey("due", "2031-02-03")));

        Map<String, AttributeValue> raw = sdk.getItem(b -> b.tableName(tableName).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(key.pk()), "sk", AttributeValue.fromS(key.sk())))).item();

        assertEquals(Map.of(
                "pk", AttributeValue.fromS(key.pk()),
                "sk", AttributeValue.fromS("profile"),
                "v", AttributeValue.fromN("1"),
                "ttl", AttributeValue.fromN(Long.toString(expiry.getEpochSecond())),
                "gsi1pk", AttributeValue.fromS("due"),
                "gsi1sk", AttributeValue.fromS("2031-02-03"),
                "name", AttributeValue.fromS("Ada ünïcødé ✓"),
                "note", AttributeValue.fromS("")), raw);
    }

    @Test
    void givenReplacedWithoutExpiryOrIndex_thenThoseAttributesAreGone() {
        DynamoDbItemStore store = new DynamoDbItemStore(client, tableName, new MutableClock(Instant.now()));
        ItemKey key = new ItemKey("account#" + UUID.randomUUID(), "profile");
        Item first = store.putIfAbsent(Item.of(key, Map.of("a", "1"))
                .withExpiry(Instant.now().plusSeconds(60)).withIndex(new IndexKey("due", "x")));

        store.replace(first.withExpiry(null).withIndex(null).withAttributes(Map.of()));

        Map<String, AttributeValue> raw = sdk.getItem(b -> b.tableName(tableName).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(key.pk()), "sk", AttributeValue.fromS(key.sk())))).item();
        assertEquals(Set.of("pk", "sk", "v"), raw.keySet());
        assertEquals("2", raw.get("v").n());
    }

    @Test
    void givenAnItemWrittenByTheSdk_thenTheStoreReadsIt() {
        ItemKey key = new ItemKey("sdk#" + UUID.randomUUID(), "profile");
        sdk.putItem(b -> b.tableName(tableName).item(Map.of("pk", AttributeValue.fromS(key.pk()),
                "sk", AttributeValue.fromS(key.sk()), "v", AttributeValue.fromN("7"),
                "gsi1pk", AttributeValue.fromS("sdk-index"), "gsi1sk", AttributeValue.fromS("a"),
                "name", AttributeValue.fromS("Grace"))));
        DynamoDbItemStore store = new DynamoDbItemStore(client, tableName, Clock.systemUTC());

        Item read = store.get(key).orElseThrow();

        assertEquals(7, read.version());
        assertEquals(Map.of("name", "Grace"), read.attributes());
        assertEquals(new IndexKey("sdk-index", "a"), read.index());
        assertNull(read.expiresAt());
    }

    static Stream<Object[]> capacityAndServerFailures() {
        return Stream.of(
                new Object[] {400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException"},
                new Object[] {400, "com.amazonaws.dynamodb.v20120810#RequestLimitExceeded"},
                new Object[] {400, "com.amazonaws.dynamodb.v20120810#ThrottlingException"},
                new Object[] {500, "com.amazonaws.dynamodb.v20120810#InternalServerError"},
                new Object[] {503, "com.amazonaws.dynamodb.v20120810#ServiceUnavailable"});
    }

    @ParameterizedTest
    @MethodSource("capacityAndServerFailures")
    void givenCapacityOrServerFailure_thenStoreUnavailableAfterTheClientsRetries(int status, String type) {
        Canned http = new Canned(request -> error(status, type));
        DynamoDbItemStore store = http.store();

        StoreUnavailableException thrown = assertThrows(StoreUnavailableException.class,
                () -> store.putIfAbsent(Item.of(new ItemKey("a", "b"), Map.of())));

        AwsServiceException cause = assertInstanceOf(AwsServiceException.class, thrown.getCause());
        assertEquals(type.substring(type.indexOf('#') + 1), cause.errorCode());
        assertEquals(Retries.dynamoDb().maxAttempts(), http.sent.size(), "retried as DynamoDB's SDK clients do");
        assertEquals(Retries.dynamoDb().maxAttempts() - 1, http.pauses.size(), "each wait through the Pause port");
        assertThrows(StoreUnavailableException.class, () -> store.get(new ItemKey("a", "b")));
    }

    @Test
    void givenNoAnswerAtAll_thenStoreUnavailableKeepsTheClientsFailure() {
        Canned http = new Canned(request -> {
            throw new ConnectException("Connection refused");
        });

        StoreUnavailableException thrown = assertThrows(StoreUnavailableException.class,
                () -> http.store().get(new ItemKey("a", "b")));

        assertInstanceOf(ConnectException.class, assertInstanceOf(AwsClientException.class, thrown.getCause())
                .getCause());
    }

    @Test
    void givenConditionalCheckFailed_thenConditionFailedKeepsKeyAndCause() {
        Canned http = new Canned(request -> error(400,
                "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException"));
        ItemKey key = new ItemKey("a", "b");

        ConditionFailedException thrown = assertThrows(ConditionFailedException.class,
                () -> http.store().putIfAbsent(Item.of(key, Map.of())));

        assertEquals(key, thrown.key());
        assertEquals("ConditionalCheckFailedException",
                assertInstanceOf(AwsServiceException.class, thrown.getCause()).errorCode());
        assertEquals(1, http.sent.size(), "a failed condition is an answer, not retried");
        assertThrows(ConditionFailedException.class, () -> http.store().delete(key, 3));
        assertThrows(ConditionFailedException.class, () -> http.store().replace(Item.of(key, Map.of())));
    }

    @Test
    void givenValidationOrConfigurationFailure_thenItIsRethrownAsItIs() {
        Canned validation = new Canned(request -> error(400, "com.amazon.coral.validate#ValidationException"));
        AwsClientException noCredentials = new AwsClientException("no AWS credentials");
        AwsJsonClient withoutCredentials = new AwsJsonClient(DynamoDbTable.SERVICE, URI.create("http://127.0.0.1:1"),
                "us-east-1", () -> {
                    throw noCredentials;
                }, request -> {
                    throw new AssertionError("nothing is sent without credentials");
                }, Retries.dynamoDb(), Pause.REAL, Clock.systemUTC(), AwsJsonClient.Listener.NONE);

        AwsServiceException thrown = assertThrows(AwsServiceException.class,
                () -> validation.store().putIfAbsent(Item.of(new ItemKey("a", "b"), Map.of())));
        assertEquals("ValidationException", thrown.errorCode());
        assertSame(noCredentials, assertThrows(AwsClientException.class,
                () -> new DynamoDbItemStore(withoutCredentials, "t", Clock.systemUTC())
                        .putIfAbsent(Item.of(new ItemKey("a", "b"), Map.of()))));
    }

    @Test
    void givenNothingListensAtTheEndpoint_thenStoreUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        List<Duration> pauses = new ArrayList<>();
        AwsJsonClient unreachable = new AwsJsonClient(DynamoDbTable.SERVICE,
                URI.create("http://127.0.0.1:" + closedPort), "us-east-1",
                AwsCredentialSource.fixed(AwsCredentials.of("x", "y")), UrlConnectionAwsHttp.standard(),
                Retries.dynamoDb(), recording(pauses), Clock.systemUTC(), AwsJsonClient.Listener.NONE);
        DynamoDbItemStore store = new DynamoDbItemStore(unreachable, "t", new MutableClock(Instant.now()));

        StoreUnavailableException thrown = assertThrows(StoreUnavailableException.class,
                () -> store.get(new ItemKey("a", "b")));

        assertInstanceOf(AwsClientException.class, thrown.getCause());
    }

    @Test
    void givenLastPageEndsExactlyAtLimit_thenTheNextPageIsEmptyAndLast() {
        DynamoDbItemStore store = new DynamoDbItemStore(client, tableName, new MutableClock(Instant.now()));
        String pk = "list#" + UUID.randomUUID();
        for (int i = 0; i < 4; i++) {
            store.putIfAbsent(Item.of(new ItemKey(pk, "n#" + i), Map.of()));
        }

        // a query that stops at its limit cannot know that the 4th item was the last
        String cursor = store.query(pk, "", null, 4).nextCursor();
        assertNotNull(cursor);

        Page last = store.query(pk, "", cursor, 4);
        assertEquals(List.of(), last.items());
        assertNull(last.nextCursor());
        assertFalse(store.query(pk, "", null, 5).hasMore());
    }

    @Test
    void givenTheSameItems_thenTheCursorsAreThoseTheSdkAdapterGave() {
        // the cursors reach browsers and stored state: their format must not change with the client
        DynamoDbItemStore store = new DynamoDbItemStore(client, tableName, Clock.systemUTC());
        String pk = "cursor#" + UUID.randomUUID();
        store.putIfAbsent(Item.of(new ItemKey(pk, "a"), Map.of()).withIndex(new IndexKey("ix-" + pk, "1")));
        store.putIfAbsent(Item.of(new ItemKey(pk, "b"), Map.of()).withIndex(new IndexKey("ix-" + pk, "2")));

        String tableCursor = store.query(pk, "", null, 1).nextCursor();
        String indexCursor = store.queryIndex("ix-" + pk, "", "9", null, 1).nextCursor();

        assertEquals(StoreCursor.encode(StoreCursor.Kind.TABLE, List.of(pk, "a")), tableCursor);
        assertEquals(StoreCursor.encode(StoreCursor.Kind.INDEX, List.of("ix-" + pk, "1", pk, "a")), indexCursor);
        assertEquals(List.of(new ItemKey(pk, "b")), store.query(pk, "", tableCursor, 1).items().stream()
                .map(Item::key).toList());
        assertEquals(List.of(new ItemKey(pk, "b")), store.queryIndex("ix-" + pk, "", "9", indexCursor, 1).items()
                .stream().map(Item::key).toList());
    }

    @Test
    void givenTheServiceLeavesPartOfABatchUnprocessed_thenTheRestIsSentAgainAfterAPause() throws IOException {
        String pk = "batch-" + UUID.randomUUID();
        List<ItemKey> keys = List.of(new ItemKey(pk, "1"), new ItemKey(pk, "2"), new ItemKey(pk, "3"));
        List<Duration> pauses = new ArrayList<>();
        List<String> operations = new ArrayList<>();
        AwsHttp real = UrlConnectionAwsHttp.standard();
        int[] round = new int[2];
        AwsHttp stingy = request -> {
            String operation = operation(request);
            operations.add(operation);
            AwsHttp.Response answer = real.send(request);
            String body = new String(request.body(), StandardCharsets.UTF_8);
            if (operation.equals("BatchWriteItem") && round[0]++ == 0) {
                // all three were written; say the last two were not, as a busy partition does
                assertEquals(3, count(body, "\"PutRequest\""));
                return ok("{\"UnprocessedItems\":{\"" + tableName + "\":["
                        + putRequest(pk, "2") + "," + putRequest(pk, "3") + "]}}");
            }
            if (operation.equals("BatchWriteItem")) {
                assertEquals(2, count(body, "\"PutRequest\""), "only what was left is sent again: " + body);
            }
            if (operation.equals("BatchGetItem") && round[1]++ == 0) {
                return ok("{\"Responses\":{\"" + tableName + "\":[]},\"UnprocessedKeys\":{\"" + tableName
                        + "\":{\"Keys\":[" + key(pk, "1") + "," + key(pk, "2") + "," + key(pk, "3")
                        + "],\"ConsistentRead\":true}}}");
            }
            return answer;
        };
        AwsJsonClient stingyClient = DynamoDbItemStore.client(Dynalite.shared().endpoint().endpoint(),
                Dynalite.shared().endpoint().region(), DynamoDbTestClients.credentials(Dynalite.shared().endpoint()),
                stingy, AwsJsonClient.Listener.NONE);
        DynamoDbItemStore store = new DynamoDbItemStore(stingyClient, tableName, Clock.systemUTC(),
                recording(pauses));

        store.putAll(keys.stream().map(key -> Item.of(key, Map.of("n", key.sk()))).toList());
        Map<ItemKey, Item> found = store.getAll(keys);

        assertEquals(List.of("BatchWriteItem", "BatchWriteItem", "BatchGetItem", "BatchGetItem"), operations);
        assertEquals(List.of(Duration.ofMillis(25), Duration.ofMillis(25)), pauses, "through the Pause port");
        assertEquals(Set.copyOf(keys), found.keySet());
        assertEquals("3", found.get(keys.get(2)).attributes().get("n"));
    }

    @Test
    void givenTheServiceNeverProcessesABatch_thenTheCallFailsAsUnavailableAfterBoundedRounds() {
        String table = "t";
        Canned http = new Canned(request -> operation(request).equals("BatchWriteItem")
                ? ok("{\"UnprocessedItems\":{\"" + table + "\":[" + putRequest("never", "1") + "]}}")
                : ok("{\"Responses\":{},\"UnprocessedKeys\":{\"" + table + "\":{\"Keys\":[" + key("never", "1")
                        + "]}}}"));
        DynamoDbItemStore store = new DynamoDbItemStore(http.client(), table, Clock.systemUTC(),
                recording(http.pauses));

        assertThrows(StoreUnavailableException.class,
                () -> store.putAll(List.of(Item.of(new ItemKey("never", "1"), Map.of()))));
        assertEquals(DynamoDbBatches.MAX_ROUNDS, http.sent.size(), "sent again, a bounded number of times");
        assertEquals(List.of(25L, 50L, 100L, 200L, 400L), http.pauses.stream().map(Duration::toMillis).toList(),
                "a growing pause before each round");
        assertThrows(StoreUnavailableException.class, () -> store.getAll(List.of(new ItemKey("never", "1"))));
        assertEquals(2 * DynamoDbBatches.MAX_ROUNDS, http.sent.size());
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static String key(String pk, String sk) {
        return "{\"pk\":{\"S\":\"" + pk + "\"},\"sk\":{\"S\":\"" + sk + "\"}}";
    }

    private static String putRequest(String pk, String sk) {
        return "{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"" + pk + "\"},\"sk\":{\"S\":\"" + sk
                + "\"},\"v\":{\"N\":\"1\"},\"n\":{\"S\":\"" + sk + "\"}}}}";
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    private static String operation(AwsHttp.Request request) {
        String target = request.headers().get("X-Amz-Target");
        return target.substring(target.indexOf('.') + 1);
    }

    private static AwsHttp.Response ok(String body) {
        return new AwsHttp.Response(200, Map.of(), body.getBytes(StandardCharsets.UTF_8));
    }

    private static AwsHttp.Response error(int status, String type) {
        return new AwsHttp.Response(status, Map.of(), ("{\"__type\":\"" + type + "\",\"message\":\"canned\"}")
                .getBytes(StandardCharsets.UTF_8));
    }

    private static Pause recording(List<Duration> pauses) {
        return new Pause() {
            @Override
            public void sleep(Duration duration) {
                pauses.add(duration);
            }

            @Override
            public long nanoTime() {
                return System.nanoTime();
            }
        };
    }

    /** An HTTP transport that answers every request from a function, recording requests and pauses. */
    private static final class Canned implements AwsHttp {
        final List<AwsHttp.Request> sent = new ArrayList<>();
        final List<Duration> pauses = new ArrayList<>();
        private final AwsHttp answers;

        Canned(AwsHttp answers) {
            this.answers = answers;
        }

        @Override
        public Response send(Request request) throws IOException {
            sent.add(request);
            return answers.send(request);
        }

        AwsJsonClient client() {
            return new AwsJsonClient(DynamoDbTable.SERVICE, URI.create("http://127.0.0.1:1"), "us-east-1",
                    AwsCredentialSource.fixed(AwsCredentials.of("canned", "canned")), this, Retries.dynamoDb(),
                    recording(pauses), Clock.systemUTC(), AwsJsonClient.Listener.NONE);
        }

        DynamoDbItemStore store() {
            return new DynamoDbItemStore(client(), "t", new MutableClock(Instant.now()));
        }
    }
}
