package org.mpactivation.adapter.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;

/** DynamoDB's attribute-value JSON, written and read back, and as DynamoDB itself writes it. */
class DynamoDbJsonTest {

    private static final byte[] BYTES = {0, 1, 2, (byte) 0xfe, (byte) 0xff, 'h', 'i'};

    @Test
    void givenEveryType_whenWrittenAndReadBack_thenEqual() throws IOException {
        Map<String, DynamoDbValue> item = new LinkedHashMap<>();
        item.put("s", DynamoDbValue.s("héllo \"quoted\" \u2713"));
        item.put("empty", DynamoDbValue.s(""));
        item.put("n", new DynamoDbValue.N("-12345678901234567890123456789.0125"));
        item.put("long", DynamoDbValue.n(Long.MAX_VALUE));
        item.put("b", new DynamoDbValue.B(BYTES));
        item.put("bool", new DynamoDbValue.Bool(false));
        item.put("null", new DynamoDbValue.Null());
        item.put("l", new DynamoDbValue.L(List.of(DynamoDbValue.s("x"), DynamoDbValue.n(1),
                new DynamoDbValue.L(List.of()))));
        item.put("m", new DynamoDbValue.M(Map.of("inner", new DynamoDbValue.M(Map.of("deep", DynamoDbValue.s("y"))))));
        item.put("ss", new DynamoDbValue.Ss(List.of("a", "b")));
        item.put("ns", new DynamoDbValue.Ns(List.of("1", "2.5", "-3e10")));
        item.put("bs", new DynamoDbValue.Bs(List.of(BYTES, new byte[0])));

        String json = write(item);

        assertEquals(item, read(json));
    }

    @Test
    void givenBinaryAndNumbers_thenTheJsonIsDynamoDbs() throws IOException {
        String json = write(Map.of("b", new DynamoDbValue.B(BYTES)));
        assertEquals("{\"b\":{\"B\":\"AAEC/v9oaQ==\"}}", json, "standard base64, padded, no line breaks");

        assertEquals("{\"n\":{\"N\":\"0.10\"}}", write(Map.of("n", new DynamoDbValue.N("0.10"))),
                "numbers are text, kept digit for digit");
        assertEquals("0.10", read("{\"n\":{\"N\":\"0.10\"}}").get("n").asNumber());
        assertArrayEquals(BYTES, ((DynamoDbValue.B) read("{\"b\":{\"B\":\"AAEC/v9oaQ==\"}}").get("b")).value());
    }

    @Test
    void givenDynamoDbsAnswer_thenItemsAndTheNextKeyAreRead() throws IOException {
        String answer = "{\"Count\":1,\"Items\":[{\"pk\":{\"S\":\"p\"},\"sk\":{\"S\":\"s\"},\"v\":{\"N\":\"3\"},"
                + "\"ttl\":{\"N\":\"1900000000\"},\"gsi1pk\":{\"S\":\"i\"},\"gsi1sk\":{\"S\":\"j\"},"
                + "\"name\":{\"S\":\"Ada\"}}],\"ScannedCount\":2,\"ConsumedCapacity\":{\"TableName\":\"t\","
                + "\"CapacityUnits\":0.5},\"LastEvaluatedKey\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"S\":\"s\"}}}";

        DynamoDbJson.Page page;
        try (JsonParser json = AwsJsonClient.JSON.createParser(answer)) {
            page = DynamoDbJson.readPage(json);
        }

        Item item = DynamoDbItemStore.toItem(page.items().get(0));
        assertEquals(new ItemKey("p", "s"), item.key());
        assertEquals(3, item.version());
        assertEquals(1_900_000_000L, item.expiresAt().getEpochSecond());
        assertEquals(new IndexKey("i", "j"), item.index());
        assertEquals(Map.of("name", "Ada"), item.attributes());
        assertEquals(Map.of("pk", DynamoDbValue.s("p"), "sk", DynamoDbValue.s("s")), page.lastEvaluatedKey());
    }

    @Test
    void givenTheLastPage_thenThereIsNoNextKey() throws IOException {
        try (JsonParser json = AwsJsonClient.JSON.createParser("{\"Items\":[],\"Count\":0}")) {
            DynamoDbJson.Page page = DynamoDbJson.readPage(json);
            assertEquals(List.of(), page.items());
            assertNull(page.lastEvaluatedKey());
        }
    }

    @Test
    void givenAnAttributeThatIsNotAString_thenTheItemIsNotOurs() {
        assertThrows(IllegalStateException.class, () -> DynamoDbItemStore.toItem(Map.of("pk", DynamoDbValue.s("p"),
                "sk", DynamoDbValue.s("s"), "v", DynamoDbValue.n(1), "count", DynamoDbValue.n(2))));
    }

    @Test
    void givenAnUnknownType_thenTheParseFails() {
        assertThrows(IOException.class, () -> read("{\"x\":{\"Q\":\"?\"}}"));
    }

    @Test
    void givenAnItem_thenItsLayoutRoundTrips() {
        Item item = new Item(new ItemKey("p", "s"), Map.of("a", "1", "b", ""), 4,
                java.time.Instant.ofEpochSecond(1_900_000_000L), new IndexKey("i", "j"));

        assertEquals(item, DynamoDbItemStore.toItem(DynamoDbLayout.toAttributes(item)));
    }

    private static String write(Map<String, DynamoDbValue> values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = AwsJsonClient.JSON.createGenerator(out)) {
            DynamoDbJson.writeMap(json, values);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Map<String, DynamoDbValue> read(String text) throws IOException {
        try (JsonParser json = AwsJsonClient.JSON.createParser(text)) {
            json.nextToken();
            return DynamoDbJson.readMap(json);
        }
    }
}
