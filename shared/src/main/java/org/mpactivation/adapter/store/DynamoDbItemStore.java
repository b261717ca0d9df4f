package org.mpactivation.adapter.store;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;
import org.mpactivation.port.out.store.StoreUnavailableException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.RequestLimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;

/**
 * The {@link ItemStore} on one DynamoDB table, shared by both clouds.
 *
 * <p>Table layout: {@code pk} (S, hash key), {@code sk} (S, range key), {@code v} (N, version),
 * {@code ttl} (N, expiry in epoch seconds: the table's TTL attribute), {@code gsi1pk} /
 * {@code gsi1sk} (S, keys of the global secondary index {@code gsi1}, projection ALL), and every
 * domain attribute as S under its own name. Empty strings are stored as they are: DynamoDB has
 * taken empty non-key strings since 2020, and dynalite 4.0.0 does too. Writes are checked first
 * against the limits both stores share (attribute-name alphabet, key and item sizes).
 *
 * <p>Every single-item write is one conditional PutItem or DeleteItem; batches: {@link DynamoDbBatches}. Expiry is judged against this store's
 * clock, in the condition and filter expressions, because the TTL sweep deletes late (and dynalite
 * not at all). SDK failures become the port's exceptions: a failed condition becomes
 * {@link ConditionFailedException}, throttling, server errors and I/O failures become
 * {@link StoreUnavailableException}; anything else (validation, missing table, access denied) is a
 * programming or configuration error and is rethrown as it is.
 */
public final class DynamoDbItemStore implements ItemStore {

    /** The name of the table's one global secondary index. */
    public static final String INDEX_NAME = "gsi1";

    private static final String PK = "pk";
    private static final String SK = "sk";
    private static final String VERSION = "v";
    private static final String TTL = "ttl";
    private static final String GSI1_PK = "gsi1pk";
    private static final String GSI1_SK = "gsi1sk";

    private static final String LIVE = "(attribute_not_exists(#ttl) OR #ttl > :now)";
    private static final String ABSENT_OR_EXPIRED = "attribute_not_exists(#pk) OR #ttl <= :now";
    private static final String AT_VERSION_AND_LIVE = "#v = :expected AND " + LIVE;

    private static final Duration TABLE_READY_TIMEOUT = Duration.ofMinutes(2);

    private final DynamoDbClient client;
    private final String tableName;
    private final Clock clock;
    private final DynamoDbBatches batches;

    public DynamoDbItemStore(DynamoDbClient client, String tableName, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.batches = new DynamoDbBatches(client, tableName, DynamoDbItemStore::toItem, item -> !isExpired(item),
                DynamoDbItemStore::toAttributes, DynamoDbItemStore::primaryKey, new DynamoDbBatches.CallGuard() {
                    @Override
                    public <T> T call(Supplier<T> sdkCall) {
                        return DynamoDbItemStore.this.call(null, sdkCall);
                    }
                });
    }

    @Override
    public Map<ItemKey, Item> getAll(Collection<ItemKey> keys) {
        return batches.getAll(keys);
    }

    @Override
    public void putAll(Collection<Item> items) {
        batches.putAll(items);
    }

    @Override
    public Optional<Item> get(ItemKey key) {
        GetItemResponse response = call(key, () -> client.getItem(b -> b
                .tableName(tableName)
                .key(primaryKey(key))
                .consistentRead(true)));
        if (!response.hasItem() || response.item().isEmpty()) {
            return Optional.empty();
        }
        Item item = toItem(response.item());
        return isExpired(item) ? Optional.empty() : Optional.of(item);
    }

    @Override
    public Item putIfAbsent(Item item) {
        Item stored = new Item(item.key(), item.attributes(), 1, item.expiresAt(), item.index());
        ItemLimits.checkWritable(stored);
        call(item.key(), () -> client.putItem(b -> b
                .tableName(tableName)
                .item(toAttributes(stored))
                .conditionExpression(ABSENT_OR_EXPIRED)
                .expressionAttributeNames(Map.of("#pk", PK, "#ttl", TTL))
                .expressionAttributeValues(Map.of(":now", number(nowEpochSecond())))));
        return stored;
    }

    @Override
    public Item replace(Item item) {
        Item stored = new Item(item.key(), item.attributes(), item.version() + 1, item.expiresAt(),
                item.index());
        ItemLimits.checkWritable(stored);
        call(item.key(), () -> client.putItem(b -> b
                .tableName(tableName)
                .item(toAttributes(stored))
                .conditionExpression(AT_VERSION_AND_LIVE)
                .expressionAttributeNames(Map.of("#v", VERSION, "#ttl", TTL))
                .expressionAttributeValues(versionCondition(item.version()))));
        return stored;
    }

    @Override
    public void delete(ItemKey key, long expectedVersion) {
        call(key, () -> client.deleteItem(b -> b
                .tableName(tableName)
                .key(primaryKey(key))
                .conditionExpression(AT_VERSION_AND_LIVE)
                .expressionAttributeNames(Map.of("#v", VERSION, "#ttl", TTL))
                .expressionAttributeValues(versionCondition(expectedVersion))));
    }

    @Override
    public Page query(String pk, String skPrefix, String cursor, int limit) {
        QueryArguments.checkQuery(pk, skPrefix, limit);
        Map<String, String> names = new HashMap<>(Map.of("#pk", PK, "#ttl", TTL));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":pk", string(pk), ":now", number(nowEpochSecond())));
        String keyCondition = "#pk = :pk";
        if (!skPrefix.isEmpty()) {
            keyCondition += " AND begins_with(#sk, :prefix)";
            names.put("#sk", SK);
            values.put(":prefix", string(skPrefix));
        }
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(tableName)
                .keyConditionExpression(keyCondition)
                .filterExpression(LIVE)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .consistentRead(true)
                .limit(limit);
        if (cursor != null) {
            List<String> parts = QueryArguments.tableCursor(cursor, pk, skPrefix);
            request.exclusiveStartKey(Map.of(PK, string(parts.get(0)), SK, string(parts.get(1))));
        }
        QueryResponse response = call(null, () -> client.query(request.build()));
        return toPage(response, StoreCursor.Kind.TABLE);
    }

    @Override
    public Page queryIndex(String indexPk, String skFrom, String skTo, String cursor, int limit) {
        QueryArguments.checkIndexQuery(indexPk, skFrom, skTo, limit);
        if (QueryArguments.isEmptyRange(skFrom, skTo)) {
            return new Page(List.of(), null);
        }
        Map<String, String> names = Map.of("#gpk", GSI1_PK, "#gsk", GSI1_SK, "#ttl", TTL);
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":gpk", string(indexPk), ":to", string(skTo), ":now", number(nowEpochSecond())));
        // An empty lower bound means "from the start"; a key condition never compares with "".
        String keyCondition;
        if (skFrom.isEmpty()) {
            keyCondition = "#gpk = :gpk AND #gsk <= :to";
        } else {
            keyCondition = "#gpk = :gpk AND #gsk BETWEEN :from AND :to";
            values.put(":from", string(skFrom));
        }
        // No consistentRead: DynamoDB (and dynalite) refuse consistent reads on a global index.
        QueryRequest.Builder request = QueryRequest.builder()
                .tableName(tableName)
                .indexName(INDEX_NAME)
                .keyConditionExpression(keyCondition)
                .filterExpression(LIVE)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .limit(limit);
        if (cursor != null) {
            List<String> parts = QueryArguments.indexCursor(cursor, indexPk, skFrom, skTo);
            request.exclusiveStartKey(Map.of(
                    GSI1_PK, string(parts.get(0)), GSI1_SK, string(parts.get(1)),
                    PK, string(parts.get(2)), SK, string(parts.get(3))));
        }
        QueryResponse response = call(null, () -> client.query(request.build()));
        return toPage(response, StoreCursor.Kind.INDEX);
    }

    /**
     * Creates the item table (on-demand billing, with {@code gsi1}) unless it exists, and waits
     * until it and its index are ACTIVE. For tests and local runs: production tables, with their TTL
     * setting, come from the deployment template.
     *
     * <p>Polls DescribeTable itself instead of using the SDK's table waiter, whose first retry comes
     * after 20 s, while a local engine has the table ready at once.
     */
    public static void createTable(DynamoDbClient client, String tableName) {
        try {
            client.createTable(b -> b
                    .tableName(tableName)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            stringAttribute(PK), stringAttribute(SK),
                            stringAttribute(GSI1_PK), stringAttribute(GSI1_SK))
                    .keySchema(keyElement(PK, KeyType.HASH), keyElement(SK, KeyType.RANGE))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                            .indexName(INDEX_NAME)
                            .keySchema(keyElement(GSI1_PK, KeyType.HASH), keyElement(GSI1_SK, KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.ALL))
                            .build()));
        } catch (ResourceInUseException alreadyExists) {
            // created before, or being created: wait for it below all the same
        }
        awaitActive(client, tableName);
    }

    private static void awaitActive(DynamoDbClient client, String tableName) {
        long deadline = System.nanoTime() + TABLE_READY_TIMEOUT.toNanos();
        long pauseMillis = 20;
        do {
            TableDescription table = client.describeTable(b -> b.tableName(tableName)).table();
            boolean indexesActive = !table.hasGlobalSecondaryIndexes()
                    || table.globalSecondaryIndexes().stream()
                            .map(GlobalSecondaryIndexDescription::indexStatus)
                            .allMatch(IndexStatus.ACTIVE::equals);
            if (table.tableStatus() == TableStatus.ACTIVE && indexesActive) {
                return;
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for table " + tableName, e);
            }
            pauseMillis = Math.min(pauseMillis * 2, 1000);
        } while (System.nanoTime() - deadline <= 0);
        throw new IllegalStateException("table " + tableName + " is not ACTIVE after " + TABLE_READY_TIMEOUT);
    }

    private Page toPage(QueryResponse response, StoreCursor.Kind kind) {
        List<Item> items = response.items().stream().map(DynamoDbItemStore::toItem)
                .filter(item -> !isExpired(item)).toList();
        // The filter may leave a page short or even empty; only a missing LastEvaluatedKey ends it.
        Map<String, AttributeValue> last = response.lastEvaluatedKey();
        if (!response.hasLastEvaluatedKey() || last.isEmpty()) {
            return new Page(items, null);
        }
        List<String> parts = kind == StoreCursor.Kind.TABLE
                ? List.of(keyPart(last, PK), keyPart(last, SK))
                : List.of(keyPart(last, GSI1_PK), keyPart(last, GSI1_SK), keyPart(last, PK), keyPart(last, SK));
        return new Page(items, StoreCursor.encode(kind, parts));
    }

    private boolean isExpired(Item item) {
        return item.expiresAt() != null && item.expiresAt().getEpochSecond() <= nowEpochSecond();
    }

    private long nowEpochSecond() {
        return clock.instant().getEpochSecond();
    }

    private Map<String, AttributeValue> versionCondition(long expectedVersion) {
        return Map.of(":expected", number(expectedVersion), ":now", number(nowEpochSecond()));
    }

    private static Map<String, AttributeValue> primaryKey(ItemKey key) {
        return Map.of(PK, string(key.pk()), SK, string(key.sk()));
    }

    private static Map<String, AttributeValue> toAttributes(Item item) {
        Map<String, AttributeValue> attributes = new HashMap<>();
        item.attributes().forEach((name, value) -> attributes.put(name, string(value)));
        attributes.put(PK, string(item.key().pk()));
        attributes.put(SK, string(item.key().sk()));
        attributes.put(VERSION, number(item.version()));
        if (item.expiresAt() != null) {
            attributes.put(TTL, number(item.expiresAt().getEpochSecond()));
        }
        if (item.index() != null) {
            attributes.put(GSI1_PK, string(item.index().pk()));
            attributes.put(GSI1_SK, string(item.index().sk()));
        }
        return attributes;
    }

    /** An item as this store lays it out in DynamoDB (also for tools that scan the table). */
    public static Item toItem(Map<String, AttributeValue> stored) {
        Map<String, String> domain = new HashMap<>();
        stored.forEach((name, value) -> {
            if (!Item.RESERVED_NAMES.contains(name)) {
                if (value.s() == null) {
                    throw new IllegalStateException("attribute " + name + " is not a string");
                }
                domain.put(name, value.s());
            }
        });
        ItemKey key = new ItemKey(keyPart(stored, PK), keyPart(stored, SK));
        long version = Long.parseLong(stored.get(VERSION).n());
        AttributeValue ttl = stored.get(TTL);
        Instant expiresAt = ttl == null ? null : Instant.ofEpochSecond(Long.parseLong(ttl.n()));
        IndexKey index = stored.containsKey(GSI1_PK) && stored.containsKey(GSI1_SK)
                ? new IndexKey(keyPart(stored, GSI1_PK), keyPart(stored, GSI1_SK))
                : null;
        return new Item(key, domain, version, expiresAt, index);
    }

    private static String keyPart(Map<String, AttributeValue> attributes, String name) {
        AttributeValue value = attributes.get(name);
        if (value == null || value.s() == null) {
            throw new IllegalStateException("item without string attribute " + name);
        }
        return value.s();
    }

    private static AttributeValue string(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement keyElement(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    /** Runs one SDK call and turns its failures into the port's exceptions. */
    private <T> T call(ItemKey key, Supplier<T> sdkCall) {
        try {
            return sdkCall.get();
        } catch (ConditionalCheckFailedException e) {
            throw new ConditionFailedException(key, e);
        } catch (ProvisionedThroughputExceededException | RequestLimitExceededException
                 | ThrottlingException e) {
            throw new StoreUnavailableException("the table refused the call for capacity", e);
        } catch (AwsServiceException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new StoreUnavailableException("the table service failed the call", e);
            }
            throw e;
        } catch (SdkClientException e) {
            if (isIoFailure(e)) {
                throw new StoreUnavailableException("the table could not be reached", e);
            }
            throw e;
        }
    }

    private static boolean isIoFailure(SdkClientException e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
