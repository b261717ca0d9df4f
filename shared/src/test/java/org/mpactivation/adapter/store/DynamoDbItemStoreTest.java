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
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.ConnectException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.Page;
import org.mpactivation.port.out.store.StoreUnavailableException;
import org.mpactivation.testkit.Dynalite;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** What the DynamoDB store adds to the contract: its table layout and its failure translation. */
class DynamoDbItemStoreTest {

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

    @Test
    void givenCreatedTable_thenItHasTheDocumentedLayout() {
        TableDescription table = client.describeTable(b -> b.tableName(tableName)).table();

        assertEquals(List.of(key("pk", KeyType.HASH), key("sk", KeyType.RANGE)), table.keySchema());
        assertEquals(BillingMode.PAY_PER_REQUEST, table.billingModeSummary().billingMode());
        GlobalSecondaryIndexDescription index = table.globalSecondaryIndexes().get(0);
        assertEquals("gsi1", index.indexName());
        assertEquals(List.of(key("gsi1pk", KeyType.HASH), key("gsi1sk", KeyType.RANGE)), index.keySchema());
        assertEquals(ProjectionType.ALL, index.projection().projectionType());
    }

    @Test
    void givenTableExists_whenCreatedAgain_thenNothingHappens() {
        DynamoDbItemStore.createTable(client, tableName);
    }

    @Test
    void givenWrittenItem_thenItIsStoredInTheDocumentedAttributes() {
        DynamoDbItemStore store = new DynamoDbItemStore(client, tableName, new MutableClock(Instant.now()));
        Instant expiry = Instant.parse("2031-02-03T04:05:06.789Z");
        ItemKey key = new ItemKey("account#" + UUID.randomUUID(), "profile");
        store.putIfAbsent(Item.of(key, Map.of("name", "Ada", "note", ""))
                .withExpiry(expiry).withIndex(new IndexKey("due", "2031-02-03")));

        Map<String, AttributeValue> raw = client.getItem(b -> b.tableName(tableName).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(key.pk()), "sk", AttributeValue.fromS(key.sk())))).item();

        assertEquals(Map.of(
                "pk", AttributeValue.fromS(key.pk()),
                "sk", AttributeValue.fromS("profile"),
                "v", AttributeValue.fromN("1"),
                "ttl", AttributeValue.fromN(Long.toString(expiry.getEpochSecond())),
                "gsi1pk", AttributeValue.fromS("due"),
                "gsi1sk", AttributeValue.fromS("2031-02-03"),
                "name", AttributeValue.fromS("Ada"),
                "note", AttributeValue.fromS("")), raw);
    }

    @Test
    void givenReplacedWithoutExpiryOrIndex_thenThoseAttributesAreGone() {
        DynamoDbItemStore store = new DynamoDbItemStore(client, tableName, new MutableClock(Instant.now()));
        ItemKey key = new ItemKey("account#" + UUID.randomUUID(), "profile");
        Item first = store.putIfAbsent(Item.of(key, Map.of("a", "1"))
                .withExpiry(Instant.now().plusSeconds(60)).withIndex(new IndexKey("due", "x")));

        store.replace(first.withExpiry(null).withIndex(null).withAttributes(Map.of()));

        Map<String, AttributeValue> raw = client.getItem(b -> b.tableName(tableName).consistentRead(true)
                .key(Map.of("pk", AttributeValue.fromS(key.pk()), "sk", AttributeValue.fromS(key.sk())))).item();
        assertEquals(Set.of("pk", "sk", "v"), raw.keySet());
        assertEquals("2", raw.get("v").n());
    }

    static Stream<SdkException> capacityAndServerFailures() {
        return Stream.of(
                ProvisionedThroughputExceededException.builder().statusCode(400).message("slow down").build(),
                RequestLimitExceededException.builder().statusCode(400).message("account limit").build(),
                ThrottlingException.builder().statusCode(400).message("throttled").build(),
                serviceError(400, "ThrottlingException"),
                serviceError(500, "InternalServerError"),
                serviceError(503, "ServiceUnavailable"),
                SdkClientException.builder().message("Unable to execute HTTP request")
                        .cause(new ConnectException("Connection refused")).build());
    }

    @ParameterizedTest
    @MethodSource("capacityAndServerFailures")
    void givenCapacityServerOrIoFailure_thenStoreUnavailableKeepsTheCause(SdkException failure) {
        DynamoDbItemStore store = new DynamoDbItemStore(failing(() -> failure), "t", new MutableClock(Instant.now()));

        StoreUnavailableException thrown = assertThrows(StoreUnavailableException.class,
                () -> store.putIfAbsent(Item.of(new ItemKey("a", "b"), Map.of())));

        assertSame(failure, thrown.getCause());
        assertThrows(StoreUnavailableException.class, () -> store.get(new ItemKey("a", "b")));
    }

    @Test
    void givenConditionalCheckFailed_thenConditionFailedKeepsKeyAndCause() {
        ConditionalCheckFailedException failure = ConditionalCheckFailedException.builder()
                .statusCode(400).message("The conditional request failed").build();
        DynamoDbItemStore store = new DynamoDbItemStore(failing(() -> failure), "t", new MutableClock(Instant.now()));
        ItemKey key = new ItemKey("a", "b");

        ConditionFailedException thrown = assertThrows(ConditionFailedException.class,
                () -> store.putIfAbsent(Item.of(key, Map.of())));

        assertEquals(key, thrown.key());
        assertSame(failure, thrown.getCause());
    }

    @Test
    void givenValidationOrConfigurationFailure_thenItIsRethrownAsItIs() {
        DynamoDbException validation = serviceError(400, "ValidationException");
        SdkClientException noCredentials = SdkClientException.create("Unable to load credentials");

        assertSame(validation, assertThrows(DynamoDbException.class, () -> new DynamoDbItemStore(
                failing(() -> validation), "t", new MutableClock(Instant.now()))
                .putIfAbsent(Item.of(new ItemKey("a", "b"), Map.of()))));
        assertSame(noCredentials, assertThrows(SdkClientException.class, () -> new DynamoDbItemStore(
                failing(() -> noCredentials), "t", new MutableClock(Instant.now()))
                .putIfAbsent(Item.of(new ItemKey("a", "b"), Map.of()))));
    }

    @Test
    void givenNothingListensAtTheEndpoint_thenStoreUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        // no retries: the SDK's backoff would only make the test slower
        try (DynamoDbClient unreachable = DynamoDbClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "y")))
                .endpointOverride(URI.create("http://127.0.0.1:" + closedPort))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build()) {
            DynamoDbItemStore store = new DynamoDbItemStore(unreachable, "t", new MutableClock(Instant.now()));

            StoreUnavailableException thrown = assertThrows(StoreUnavailableException.class,
                    () -> store.get(new ItemKey("a", "b")));

            assertInstanceOf(SdkClientException.class, thrown.getCause());
        }
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

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    private static DynamoDbException serviceError(int status, String code) {
        return (DynamoDbException) DynamoDbException.builder().statusCode(status).message(code)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build())
                .build();
    }

    /** A client whose item calls all fail with the given exception. */
    @Test
    void givenTheServiceLeavesPartOfABatchUnprocessed_thenItIsSentAgainUntilAllIsDone() {
        int[] calls = new int[2];
        DynamoDbClient stingy = new DynamoDbClient() {
            @Override
            public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
                calls[0]++;
                List<WriteRequest> sent = request.requestItems().get(tableName);
                if (calls[0] > 1) {
                    return client.batchWriteItem(request);
                }
                client.batchWriteItem(b -> b.requestItems(Map.of(tableName, sent.subList(0, 1))));
                return BatchWriteItemResponse.builder()
                        .unprocessedItems(Map.of(tableName, sent.subList(1, sent.size()))).build();
            }

            @Override
            public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
                calls[1]++;
                return calls[1] > 1 ? client.batchGetItem(request)
                        : BatchGetItemResponse.builder().unprocessedKeys(request.requestItems()).build();
            }

            @Override
            public String serviceName() {
                return "dynamodb";
            }

            @Override
            public void close() {
            }
        };
        DynamoDbItemStore store = new DynamoDbItemStore(stingy, tableName, java.time.Clock.systemUTC());
        String pk = "batch-" + UUID.randomUUID();
        List<ItemKey> keys = List.of(new ItemKey(pk, "1"), new ItemKey(pk, "2"), new ItemKey(pk, "3"));

        store.putAll(keys.stream().map(key -> Item.of(key, Map.of("n", key.sk()))).toList());
        Map<ItemKey, Item> found = store.getAll(keys);

        assertEquals(2, calls[0]);
        assertEquals(2, calls[1]);
        assertEquals(Set.copyOf(keys), found.keySet());
    }

    @Test
    void givenTheServiceNeverProcessesABatch_thenTheCallFailsAsUnavailableAfterBoundedRounds() {
        int[] calls = new int[1];
        DynamoDbClient refusing = new DynamoDbClient() {
            @Override
            public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
                calls[0]++;
                return BatchWriteItemResponse.builder().unprocessedItems(request.requestItems()).build();
            }

            @Override
            public String serviceName() {
                return "dynamodb";
            }

            @Override
            public void close() {
            }
        };
        DynamoDbItemStore store = new DynamoDbItemStore(refusing, tableName, java.time.Clock.systemUTC());

        assertThrows(StoreUnavailableException.class,
                () -> store.putAll(List.of(Item.of(new ItemKey("never-" + UUID.randomUUID(), "1"), Map.of()))));
        assertTrue(calls[0] > 1 && calls[0] <= 10, "sent again, a bounded number of times: " + calls[0]);
    }

    private static DynamoDbClient failing(Supplier<SdkException> failure) {
        return new DynamoDbClient() {
            @Override
            public PutItemResponse putItem(PutItemRequest request) {
                throw failure.get();
            }

            @Override
            public GetItemResponse getItem(GetItemRequest request) {
                throw failure.get();
            }

            @Override
            public String serviceName() {
                return SERVICE_NAME;
            }

            @Override
            public void close() {
            }
        };
    }
}
