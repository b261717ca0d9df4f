package org.mpactivation.local.operator;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.store.DynamoDbItemStore;
import org.mpactivation.adapter.store.DynamoDbJson;
import org.mpactivation.adapter.store.DynamoDbValue;
import org.mpactivation.port.out.store.Item;

/**
 * A {@link StoreBrowser} over the item table in DynamoDB (or dynalite, or LocalStack): a consistent,
 * paginated Scan filtered on the partition-key prefix, the sort key and expiry, on the store's own light
 * DynamoDB client. Items are read back in the layout the DynamoDB item store writes: {@code pk}, {@code sk},
 * {@code v} (version), {@code ttl} (expiry, epoch seconds), {@code gsi1pk}/{@code gsi1sk} (index key), every
 * other attribute a string.
 */
public final class DynamoDbStoreBrowser implements StoreBrowser {

    private static final String PK = "pk";
    private static final String SK = "sk";
    private static final String TTL = "ttl";
    private static final int PAGE_SIZE = 500;

    private final AwsJsonClient client;
    private final String tableName;
    private final Clock clock;

    public DynamoDbStoreBrowser(AwsJsonClient client, String tableName, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<Item> items(String pkPrefix, String sk) {
        Objects.requireNonNull(pkPrefix, "pkPrefix");
        long now = clock.instant().getEpochSecond();
        Map<String, String> names = new LinkedHashMap<>(Map.of("#ttl", TTL));
        Map<String, DynamoDbValue> values = new LinkedHashMap<>(Map.of(":now", DynamoDbValue.n(now)));
        StringBuilder filter = new StringBuilder("(attribute_not_exists(#ttl) OR #ttl > :now)");
        if (!pkPrefix.isEmpty()) {
            filter.append(" AND begins_with(#pk, :prefix)");
            names.put("#pk", PK);
            values.put(":prefix", DynamoDbValue.s(pkPrefix));
        }
        if (sk != null) {
            filter.append(" AND #sk = :sk");
            names.put("#sk", SK);
            values.put(":sk", DynamoDbValue.s(sk));
        }
        List<Item> items = new ArrayList<>();
        Map<String, DynamoDbValue> startKey = null;
        do {
            Map<String, DynamoDbValue> from = startKey;
            DynamoDbJson.Page page = client.call("Scan", json -> writeScan(json, filter.toString(), names, values,
                    from), DynamoDbJson::readPage);
            for (Map<String, DynamoDbValue> stored : page.items()) {
                Item item = DynamoDbItemStore.toItem(stored);
                if (item.expiresAt() == null || item.expiresAt().getEpochSecond() > now) {
                    items.add(item);
                }
            }
            // a filtered page may be short or empty: only a missing LastEvaluatedKey ends the scan
            startKey = page.lastEvaluatedKey();
        } while (startKey != null);
        items.sort(SnapshotStoreBrowser.KEY_ORDER);
        return items;
    }

    private void writeScan(JsonGenerator json, String filter, Map<String, String> names,
                           Map<String, DynamoDbValue> values, Map<String, DynamoDbValue> startKey) throws IOException {
        json.writeStartObject();
        json.writeStringField("TableName", tableName);
        json.writeStringField("FilterExpression", filter);
        json.writeObjectFieldStart("ExpressionAttributeNames");
        for (Map.Entry<String, String> name : names.entrySet()) {
            json.writeStringField(name.getKey(), name.getValue());
        }
        json.writeEndObject();
        json.writeFieldName("ExpressionAttributeValues");
        DynamoDbJson.writeMap(json, values);
        json.writeBooleanField("ConsistentRead", true);
        json.writeNumberField("Limit", PAGE_SIZE);
        if (startKey != null) {
            json.writeFieldName("ExclusiveStartKey");
            DynamoDbJson.writeMap(json, startKey);
        }
        json.writeEndObject();
    }
}
