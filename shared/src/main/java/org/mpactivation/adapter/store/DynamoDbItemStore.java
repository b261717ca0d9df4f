package org.mpactivation.adapter.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsHttp;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.aws.Retries;
import org.mpactivation.port.out.Pause;
import org.mpactivation.port.out.store.ConditionFailedException;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.port.out.store.Page;
import org.mpactivation.port.out.store.StoreUnavailableException;

/**
 * The {@link ItemStore} on one DynamoDB table, shared by both clouds, spoken through the light
 * {@link AwsJsonClient} (no AWS SDK: its client pipeline was most of a Lambda cold start).
 *
 * <p>Table layout: {@link DynamoDbLayout} ({@code pk}, {@code sk}, {@code v}, {@code ttl}, {@code gsi1pk} /
 * {@code gsi1sk} of the global secondary index {@code gsi1}, projection ALL, every domain attribute as S).
 * Empty strings are stored as they are: DynamoDB has taken empty non-key strings since 2020, and dynalite
 * 4.0.0 does too. Writes are checked first against the limits both stores share (attribute-name alphabet,
 * key and item sizes).
 *
 * <p>Every single-item write is one conditional PutItem or DeleteItem; batches: {@link DynamoDbBatches}.
 * Expiry is judged against this store's clock, in the condition and filter expressions, because the TTL
 * sweep deletes late (and dynalite not at all). Failures become the port's exceptions in
 * {@link DynamoDbTable}: a failed condition becomes {@link ConditionFailedException}; throttling, server
 * errors and I/O failures become {@link StoreUnavailableException}; anything else (validation, missing
 * table, access denied) is a programming or configuration error and is rethrown as it is.
 */
public final class DynamoDbItemStore implements ItemStore {

    /** The name of the table's one global secondary index. */
    public static final String INDEX_NAME = DynamoDbLayout.INDEX_NAME;

    private static final String LIVE = "(attribute_not_exists(#ttl) OR #ttl > :now)";
    private static final String ABSENT_OR_EXPIRED = "attribute_not_exists(#pk) OR #ttl <= :now";
    private static final String AT_VERSION_AND_LIVE = "#v = :expected AND " + LIVE;

    private final DynamoDbTable table;
    private final Clock clock;
    private final DynamoDbBatches batches;

    /** Batches that DynamoDB leaves partly unprocessed pause with the thread's sleep. */
    public DynamoDbItemStore(AwsJsonClient client, String tableName, Clock clock) {
        this(client, tableName, clock, Pause.REAL);
    }

    /**
     * @param clock judges expiry (requests are signed with the client's own clock)
     * @param pause waits between the rounds of a batch that DynamoDB left partly unprocessed
     */
    public DynamoDbItemStore(AwsJsonClient client, String tableName, Clock clock, Pause pause) {
        this.table = new DynamoDbTable(client, tableName);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.batches = new DynamoDbBatches(table, item -> !isExpired(item), pause);
    }

    /**
     * The store on {@code tableName}, wired in one line.
     *
     * @param endpointOrNull a local engine (dynalite, LocalStack), or null for the region's endpoint
     * @param clock          judges expiry; requests are signed with the system clock, which AWS checks
     * @param listener       told of every HTTP request (metrics, call counting), or {@link AwsJsonClient.Listener#NONE}
     */
    public static DynamoDbItemStore connect(URI endpointOrNull, String region, AwsCredentialSource credentials,
                                            AwsHttp http, String tableName, Clock clock,
                                            AwsJsonClient.Listener listener) {
        return new DynamoDbItemStore(client(endpointOrNull, region, credentials, http, listener), tableName, clock);
    }

    /**
     * A DynamoDB client: JSON 1.0, target {@code DynamoDB_20120810}, signing name {@code dynamodb}, the SDKs'
     * DynamoDB retries (nine attempts, 25 ms base, 500 ms when throttled), the system clock for signing.
     *
     * @param endpointOrNull a local engine, or null for {@code https://dynamodb.<region>.amazonaws.com}
     */
    public static AwsJsonClient client(URI endpointOrNull, String region, AwsCredentialSource credentials,
                                       AwsHttp http, AwsJsonClient.Listener listener) {
        URI endpoint = endpointOrNull != null ? endpointOrNull : AwsJsonClient.regionalEndpoint("dynamodb", region);
        return new AwsJsonClient(DynamoDbTable.SERVICE, endpoint, region, credentials, http, Retries.dynamoDb(),
                Pause.REAL, Clock.systemUTC(), listener);
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
        Map<String, DynamoDbValue> stored = table.call("GetItem", key, json -> {
            json.writeStartObject();
            json.writeStringField("TableName", table.name());
            json.writeFieldName("Key");
            DynamoDbJson.writeMap(json, DynamoDbLayout.primaryKey(key));
            json.writeBooleanField("ConsistentRead", true);
            json.writeEndObject();
        }, DynamoDbItemStore::readItem);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        Item item = DynamoDbLayout.toItem(stored);
        return isExpired(item) ? Optional.empty() : Optional.of(item);
    }

    @Override
    public Item putIfAbsent(Item item) {
        Item stored = new Item(item.key(), item.attributes(), 1, item.expiresAt(), item.index());
        ItemLimits.checkWritable(stored);
        Map<String, DynamoDbValue> values = Map.of(":now", DynamoDbValue.n(nowEpochSecond()));
        table.call("PutItem", item.key(), json -> writeConditional(json, "Item", DynamoDbLayout.toAttributes(stored),
                ABSENT_OR_EXPIRED, Map.of("#pk", DynamoDbLayout.PK, "#ttl", DynamoDbLayout.TTL), values),
                DynamoDbItemStore::ignore);
        return stored;
    }

    @Override
    public Item replace(Item item) {
        Item stored = new Item(item.key(), item.attributes(), item.version() + 1, item.expiresAt(),
                item.index());
        ItemLimits.checkWritable(stored);
        Map<String, DynamoDbValue> values = versionCondition(item.version());
        table.call("PutItem", item.key(), json -> writeConditional(json, "Item", DynamoDbLayout.toAttributes(stored),
                AT_VERSION_AND_LIVE, Map.of("#v", DynamoDbLayout.VERSION, "#ttl", DynamoDbLayout.TTL), values),
                DynamoDbItemStore::ignore);
        return stored;
    }

    @Override
    public void delete(ItemKey key, long expectedVersion) {
        Map<String, DynamoDbValue> values = versionCondition(expectedVersion);
        table.call("DeleteItem", key, json -> writeConditional(json, "Key", DynamoDbLayout.primaryKey(key),
                AT_VERSION_AND_LIVE, Map.of("#v", DynamoDbLayout.VERSION, "#ttl", DynamoDbLayout.TTL), values),
                DynamoDbItemStore::ignore);
    }

    @Override
    public Page query(String pk, String skPrefix, String cursor, int limit) {
        QueryArguments.checkQuery(pk, skPrefix, limit);
        Map<String, String> names = new LinkedHashMap<>(Map.of("#pk", DynamoDbLayout.PK, "#ttl", DynamoDbLayout.TTL));
        Map<String, DynamoDbValue> values = new LinkedHashMap<>(Map.of(
                ":pk", DynamoDbValue.s(pk), ":now", DynamoDbValue.n(nowEpochSecond())));
        String keyCondition = "#pk = :pk";
        if (!skPrefix.isEmpty()) {
            keyCondition += " AND begins_with(#sk, :prefix)";
            names.put("#sk", DynamoDbLayout.SK);
            values.put(":prefix", DynamoDbValue.s(skPrefix));
        }
        Map<String, DynamoDbValue> startKey = null;
        if (cursor != null) {
            List<String> parts = QueryArguments.tableCursor(cursor, pk, skPrefix);
            startKey = Map.of(DynamoDbLayout.PK, DynamoDbValue.s(parts.get(0)),
                    DynamoDbLayout.SK, DynamoDbValue.s(parts.get(1)));
        }
        QueryRequest request = new QueryRequest(table.name(), null, keyCondition, names, values, true, limit,
                startKey);
        return toPage(table.call("Query", null, request::write, DynamoDbJson::readPage), StoreCursor.Kind.TABLE);
    }

    @Override
    public Page queryIndex(String indexPk, String skFrom, String skTo, String cursor, int limit) {
        QueryArguments.checkIndexQuery(indexPk, skFrom, skTo, limit);
        if (QueryArguments.isEmptyRange(skFrom, skTo)) {
            return new Page(List.of(), null);
        }
        Map<String, String> names = Map.of("#gpk", DynamoDbLayout.GSI1_PK, "#gsk", DynamoDbLayout.GSI1_SK,
                "#ttl", DynamoDbLayout.TTL);
        Map<String, DynamoDbValue> values = new LinkedHashMap<>(Map.of(":gpk", DynamoDbValue.s(indexPk),
                ":to", DynamoDbValue.s(skTo), ":now", DynamoDbValue.n(nowEpochSecond())));
        // An empty lower bound means "from the start"; a key condition never compares with "".
        String keyCondition;
        if (skFrom.isEmpty()) {
            keyCondition = "#gpk = :gpk AND #gsk <= :to";
        } else {
            keyCondition = "#gpk = :gpk AND #gsk BETWEEN :from AND :to";
            values.put(":from", DynamoDbValue.s(skFrom));
        }
        Map<String, DynamoDbValue> startKey = null;
        if (cursor != null) {
            List<String> parts = QueryArguments.indexCursor(cursor, indexPk, skFrom, skTo);
            startKey = Map.of(DynamoDbLayout.GSI1_PK, DynamoDbValue.s(parts.get(0)),
                    DynamoDbLayout.GSI1_SK, DynamoDbValue.s(parts.get(1)),
                    DynamoDbLayout.PK, DynamoDbValue.s(parts.get(2)), DynamoDbLayout.SK, DynamoDbValue.s(parts.get(3)));
        }
        // No ConsistentRead: DynamoDB (and dynalite) refuse consistent reads on a global index.
        QueryRequest request = new QueryRequest(table.name(), INDEX_NAME, keyCondition, names, values, false, limit,
                startKey);
        return toPage(table.call("Query", null, request::write, DynamoDbJson::readPage), StoreCursor.Kind.INDEX);
    }

    /** An item as this store lays it out in DynamoDB (also for tools that scan the table). */
    public static Item toItem(Map<String, DynamoDbValue> stored) {
        return DynamoDbLayout.toItem(stored);
    }

    /** One Query, on the table or on {@code gsi1}, filtered to live items. */
    private record QueryRequest(String tableName, String indexName, String keyCondition, Map<String, String> names,
                                Map<String, DynamoDbValue> values, boolean consistentRead, int limit,
                                Map<String, DynamoDbValue> exclusiveStartKey) {


        void write(JsonGenerator json) throws IOException {
            json.writeStartObject();
            json.writeStringField("TableName", tableName);
            if (indexName != null) {
                json.writeStringField("IndexName", indexName);
            }
            json.writeStringField("KeyConditionExpression", keyCondition);
            json.writeStringField("FilterExpression", LIVE);
            writeNames(json, names);
            json.writeFieldName("ExpressionAttributeValues");
            DynamoDbJson.writeMap(json, values);
            if (consistentRead) {
                json.writeBooleanField("ConsistentRead", true);
            }
            json.writeNumberField("Limit", limit);
            if (exclusiveStartKey != null) {
                json.writeFieldName("ExclusiveStartKey");
                DynamoDbJson.writeMap(json, exclusiveStartKey);
            }
            json.writeEndObject();
        }
    }

    private Page toPage(DynamoDbJson.Page answer, StoreCursor.Kind kind) {
        List<Item> items = new ArrayList<>(answer.items().size());
        for (Map<String, DynamoDbValue> stored : answer.items()) {
            Item item = DynamoDbLayout.toItem(stored);
            if (!isExpired(item)) {
                items.add(item);
            }
        }
        // The filter may leave a page short or even empty; only a missing LastEvaluatedKey ends it.
        Map<String, DynamoDbValue> last = answer.lastEvaluatedKey();
        if (last == null) {
            return new Page(items, null);
        }
        // the cursor format of the SDK-based adapter, unchanged: it reaches browsers and stored state
        List<String> names = kind == StoreCursor.Kind.TABLE
                ? List.of(DynamoDbLayout.PK, DynamoDbLayout.SK)
                : List.of(DynamoDbLayout.GSI1_PK, DynamoDbLayout.GSI1_SK, DynamoDbLayout.PK, DynamoDbLayout.SK);
        List<String> parts = names.stream().map(name -> DynamoDbLayout.keyPart(last, name)).toList();
        return new Page(items, StoreCursor.encode(kind, parts));
    }

    /** A PutItem ({@code Item}) or DeleteItem ({@code Key}) with its condition. */
    private void writeConditional(JsonGenerator json, String target, Map<String, DynamoDbValue> attributes,
                                  String condition, Map<String, String> names, Map<String, DynamoDbValue> values)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("TableName", table.name());
        json.writeFieldName(target);
        DynamoDbJson.writeMap(json, attributes);
        json.writeStringField("ConditionExpression", condition);
        writeNames(json, names);
        json.writeFieldName("ExpressionAttributeValues");
        DynamoDbJson.writeMap(json, values);
        json.writeEndObject();
    }

    private static void writeNames(JsonGenerator json, Map<String, String> names) throws IOException {
        json.writeObjectFieldStart("ExpressionAttributeNames");
        for (Map.Entry<String, String> name : names.entrySet()) {
            json.writeStringField(name.getKey(), name.getValue());
        }
        json.writeEndObject();
    }

    /** GetItem's {@code Item}, empty when there is none. */
    private static Map<String, DynamoDbValue> readItem(JsonParser json) throws IOException {
        List<Map<String, DynamoDbValue>> found = new ArrayList<>(1);
        DynamoDbJson.readObject(json, (name, parser) -> name.equals("Item") && found.add(DynamoDbJson.readMap(parser)));
        return found.isEmpty() ? Map.of() : found.get(0);
    }

    private static Void ignore(JsonParser json) {
        return null;
    }

    private boolean isExpired(Item item) {
        return item.expiresAt() != null && item.expiresAt().getEpochSecond() <= nowEpochSecond();
    }

    private long nowEpochSecond() {
        return clock.instant().getEpochSecond();
    }

    private Map<String, DynamoDbValue> versionCondition(long expectedVersion) {
        return Map.of(":expected", DynamoDbValue.n(expectedVersion), ":now", DynamoDbValue.n(nowEpochSecond()));
    }
}
