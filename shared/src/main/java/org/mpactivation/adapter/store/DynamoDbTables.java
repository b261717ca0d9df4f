package org.mpactivation.adapter.store;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.aws.AwsServiceException;
import org.mpactivation.port.out.Pause;

/**
 * Makes and drops the item table on a DynamoDB client: for tests, local runs and benchmarks on dynalite or
 * LocalStack. Production tables, with their TTL setting, come from the deployment template (dynalite has no
 * UpdateTimeToLive, and the store judges expiry itself anyway).
 */
public final class DynamoDbTables {

    private static final Duration TABLE_READY_TIMEOUT = Duration.ofMinutes(2);

    private DynamoDbTables() {
    }

    /**
     * Creates the item table (on-demand billing, with {@code gsi1}) unless it exists, and waits until it and
     * its index are ACTIVE. Polls DescribeTable from 20 ms on, doubling up to a second: a local engine has
     * the table ready at once, where the SDK's waiter first looked after 20 s.
     */
    public static void create(AwsJsonClient client, String tableName) {
        try {
            client.call("CreateTable", json -> writeCreate(json, tableName), json -> null);
        } catch (AwsServiceException e) {
            if (!e.is("ResourceInUseException")) {
                throw e;
            }
            // created before, or being created: wait for it below all the same
        }
        awaitActive(client, tableName, Pause.REAL);
    }

    /** Deletes the table (tests drop theirs when done). */
    public static void delete(AwsJsonClient client, String tableName) {
        client.call("DeleteTable", json -> {
            json.writeStartObject();
            json.writeStringField("TableName", tableName);
            json.writeEndObject();
        }, json -> null);
    }

    private static void writeCreate(JsonGenerator json, String tableName) throws IOException {
        json.writeStartObject();
        json.writeStringField("TableName", tableName);
        json.writeStringField("BillingMode", "PAY_PER_REQUEST");
        json.writeArrayFieldStart("AttributeDefinitions");
        for (String name : List.of(DynamoDbLayout.PK, DynamoDbLayout.SK, DynamoDbLayout.GSI1_PK,
                DynamoDbLayout.GSI1_SK)) {
            json.writeStartObject();
            json.writeStringField("AttributeName", name);
            json.writeStringField("AttributeType", "S");
            json.writeEndObject();
        }
        json.writeEndArray();
        writeKeySchema(json, DynamoDbLayout.PK, DynamoDbLayout.SK);
        json.writeArrayFieldStart("GlobalSecondaryIndexes");
        json.writeStartObject();
        json.writeStringField("IndexName", DynamoDbLayout.INDEX_NAME);
        writeKeySchema(json, DynamoDbLayout.GSI1_PK, DynamoDbLayout.GSI1_SK);
        json.writeObjectFieldStart("Projection");
        json.writeStringField("ProjectionType", "ALL");
        json.writeEndObject();
        json.writeEndObject();
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void writeKeySchema(JsonGenerator json, String hash, String range) throws IOException {
        json.writeArrayFieldStart("KeySchema");
        json.writeStartObject();
        json.writeStringField("AttributeName", hash);
        json.writeStringField("KeyType", "HASH");
        json.writeEndObject();
        json.writeStartObject();
        json.writeStringField("AttributeName", range);
        json.writeStringField("KeyType", "RANGE");
        json.writeEndObject();
        json.writeEndArray();
    }

    private static void awaitActive(AwsJsonClient client, String tableName, Pause pause) {
        long deadline = System.nanoTime() + TABLE_READY_TIMEOUT.toNanos();
        long pauseMillis = 20;
        do {
            List<String> statuses = client.call("DescribeTable", json -> {
                json.writeStartObject();
                json.writeStringField("TableName", tableName);
                json.writeEndObject();
            }, DynamoDbTables::readStatuses);
            if (statuses.stream().allMatch("ACTIVE"::equals)) {
                return;
            }
            pause.sleep(Duration.ofMillis(pauseMillis));
            pauseMillis = Math.min(pauseMillis * 2, 1000);
        } while (System.nanoTime() - deadline <= 0);
        throw new IllegalStateException("table " + tableName + " is not ACTIVE after " + TABLE_READY_TIMEOUT);
    }

    /** {@code Table.TableStatus} and each {@code Table.GlobalSecondaryIndexes[].IndexStatus}. */
    private static List<String> readStatuses(JsonParser json) throws IOException {
        List<String> statuses = new ArrayList<>();
        DynamoDbJson.readObject(json, (member, table) -> member.equals("Table") && readTable(table, statuses));
        if (statuses.isEmpty()) {
            statuses.add("UNKNOWN");
        }
        return statuses;
    }

    private static boolean readTable(JsonParser json, List<String> statuses) throws IOException {
        statuses.add("UNKNOWN");
        DynamoDbJson.readObject(json, (field, value) -> {
            if (field.equals("TableStatus") && value.currentToken() == JsonToken.VALUE_STRING) {
                statuses.set(0, value.getText());
                return true;
            }
            if (!field.equals("GlobalSecondaryIndexes") || value.currentToken() != JsonToken.START_ARRAY) {
                return false;
            }
            for (JsonToken token = value.nextToken(); token == JsonToken.START_OBJECT; token = value.nextToken()) {
                DynamoDbJson.readObject(value, (indexField, status) -> {
                    if (indexField.equals("IndexStatus") && status.currentToken() == JsonToken.VALUE_STRING) {
                        statuses.add(status.getText());
                        return true;
                    }
                    return false;
                });
            }
            return true;
        });
        return true;
    }
}
