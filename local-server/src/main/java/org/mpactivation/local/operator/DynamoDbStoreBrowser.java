package org.mpactivation.local.operator;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.mpactivation.adapter.store.DynamoDbItemStore;
import org.mpactivation.port.out.store.Item;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * A {@link StoreBrowser} over the item table in DynamoDB (or dynalite, or LocalStack): a consistent,
 * paginated Scan filtered on the partition-key prefix, the sort key and expiry. Items are read back
 * in the layout the DynamoDB item store writes: {@code pk}, {@code sk}, {@code v} (version),
 * {@code ttl} (expiry, epoch seconds), {@code gsi1pk}/{@code gsi1sk} (index key), every other
 * attribute a string.
 */
public final class DynamoDbStoreBrowser implements StoreBrowser {

    private static final String PK = "pk";
    private static final String SK = "sk";
    private static final String TTL = "ttl";
    private static final int PAGE_SIZE = 500;

    private final DynamoDbClient client;
    private final String tableName;
    private final Clock clock;

    public DynamoDbStoreBrowser(DynamoDbClient client, String tableName, Clock clock) {
        this.client = Objects.requireNonNull(client, "client");
        this.tableName = Objects.requireNonNull(tableName, "tableName");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public List<Item> items(String pkPrefix, String sk) {
        Objects.requireNonNull(pkPrefix, "pkPrefix");
        long now = clock.instant().getEpochSecond();
        Map<String, String> names = new HashMap<>(Map.of("#ttl", TTL));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":now", AttributeValue.fromN(Long.toString(now))));
        StringBuilder filter = new StringBuilder("(attribute_not_exists(#ttl) OR #ttl > :now)");
        if (!pkPrefix.isEmpty()) {
            filter.append(" AND begins_with(#pk, :prefix)");
            names.put("#pk", PK);
            values.put(":prefix", AttributeValue.fromS(pkPrefix));
        }
        if (sk != null) {
            filter.append(" AND #sk = :sk");
            names.put("#sk", SK);
            values.put(":sk", AttributeValue.fromS(sk));
        }
        List<Item> items = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            ScanRequest.Builder request = ScanRequest.builder()
                    .tableName(tableName)
                    .filterExpression(filter.toString())
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .consistentRead(true)
                    .limit(PAGE_SIZE);
            if (startKey != null) {
                request.exclusiveStartKey(startKey);
            }
            ScanResponse response = client.scan(request.build());
            for (Map<String, AttributeValue> stored : response.items()) {
                Item item = toItem(stored);
                if (item.expiresAt() == null || item.expiresAt().getEpochSecond() > now) {
                    items.add(item);
                }
            }
            // a filtered page may be short or empty: only a missing LastEvaluatedKey ends the scan
            startKey = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey() : null;
        } while (startKey != null);
        items.sort(SnapshotStoreBrowser.KEY_ORDER);
        return items;
    }

    static Item toItem(Map<String, AttributeValue> stored) {
        return DynamoDbItemStore.toItem(stored);
    }
}
