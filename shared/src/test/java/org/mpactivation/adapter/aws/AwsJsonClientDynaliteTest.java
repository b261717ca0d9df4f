package org.mpactivation.adapter.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Clock;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mpactivation.port.out.Pause;
import org.mpactivation.testkit.DynaliteExtension;
import org.mpactivation.testkit.DynamoDbEndpoint;

/** The client against a real DynamoDB engine: it signs, sends and reads what the engine accepts and answers. */
@ExtendWith(DynaliteExtension.class)
class AwsJsonClientDynaliteTest {

    @Test
    void givenDynalite_thenATableIsMadeAnItemPutOnceAndReadBack(DynamoDbEndpoint engine) {
        AwsJsonClient client = new AwsJsonClient(new AwsJsonClient.Service("1.0", "DynamoDB_20120810", "dynamodb"),
                engine.endpoint(), engine.region(),
                AwsCredentialSource.fixed(AwsCredentials.of(engine.accessKeyId(), engine.secretAccessKey())),
                UrlConnectionAwsHttp.standard(), Retries.dynamoDb(), Pause.REAL, Clock.systemUTC(),
                AwsJsonClient.Listener.NONE);
        String table = "client-" + UUID.randomUUID();
        client.call("CreateTable", json -> {
            json.writeStartObject();
            json.writeStringField("TableName", table);
            json.writeArrayFieldStart("AttributeDefinitions");
            json.writeStartObject();
            json.writeStringField("AttributeName", "pk");
            json.writeStringField("AttributeType", "S");
            json.writeEndObject();
            json.writeEndArray();
            json.writeArrayFieldStart("KeySchema");
            json.writeStartObject();
            json.writeStringField("AttributeName", "pk");
            json.writeStringField("KeyType", "HASH");
            json.writeEndObject();
            json.writeEndArray();
            json.writeStringField("BillingMode", "PAY_PER_REQUEST");
            json.writeEndObject();
        }, json -> null);
        AwsJsonClient.Body put = json -> {
            json.writeStartObject();
            json.writeStringField("TableName", table);
            json.writeObjectFieldStart("Item");
            json.writeObjectFieldStart("pk");
            json.writeStringField("S", "k1");
            json.writeEndObject();
            json.writeObjectFieldStart("v");
            json.writeStringField("S", "héllo");
            json.writeEndObject();
            json.writeEndObject();
            json.writeStringField("ConditionExpression", "attribute_not_exists(pk)");
            json.writeEndObject();
        };

        client.call("PutItem", put, json -> null);
        AwsServiceException second = assertThrows(AwsServiceException.class, () -> client.call("PutItem", put, json -> null));
        String read = client.call("GetItem", json -> {
            json.writeStartObject();
            json.writeStringField("TableName", table);
            json.writeBooleanField("ConsistentRead", true);
            json.writeObjectFieldStart("Key");
            json.writeObjectFieldStart("pk");
            json.writeStringField("S", "k1");
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndObject();
        }, AwsJsonClientDynaliteTest::firstStringNamedV);

        assertEquals("ConditionalCheckFailedException", second.errorCode());
        assertEquals("héllo", read);
    }

    private static String firstStringNamedV(JsonParser json) throws IOException {
        boolean inV = false;
        for (JsonToken token = json.nextToken(); token != null; token = json.nextToken()) {
            if (token == JsonToken.FIELD_NAME && "v".equals(json.currentName())) {
                inV = true;
            } else if (inV && token == JsonToken.VALUE_STRING) {
                return json.getText();
            }
        }
        return null;
    }
}
