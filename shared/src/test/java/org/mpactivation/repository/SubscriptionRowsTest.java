package org.mpactivation.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The rows written field by field are the bytes the object mapper wrote for the same records before. */
class SubscriptionRowsTest {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    private interface Row {
        void write(JsonGenerator out) throws IOException;
    }

    private static String written(Row row) throws IOException {
        StringWriter text = new StringWriter();
        try (JsonGenerator out = new JsonFactory().createGenerator(text)) {
            row.write(out);
        }
        return text.toString();
    }

    @Test
    void givenAFullAzureRow_thenTheMappersBytes() throws IOException {
        SubscriptionItems.AzureRow row = new SubscriptionItems.AzureRow("offer", "plan", 5, "Subscribed",
                "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "P1Y", true, "pt", "po", "p@example.com", "bt",
                "bo", "b@example.com", false, true, "Name \"quoted\" ü");
        assertEquals(MAPPER.writeValueAsString(row), written(row::write));
    }

    @Test
    void givenASparseAzureRow_thenNullsAreLeftOutAsTheMapperDid() throws IOException {
        SubscriptionItems.AzureRow row = new SubscriptionItems.AzureRow("offer", "plan", null, null, null, null,
                null, false, null, null, null, null, null, null, true, false, null);
        assertEquals(MAPPER.writeValueAsString(row), written(row::write));
    }

    @Test
    void givenBuyerRows_thenTheMappersBytes() throws IOException {
        SubscriptionItems.BuyerRow full = new SubscriptionItems.BuyerRow("https://issuer/v2.0", "tid", "oid",
                "buyer@example.com", "Buyer", "2026-03-01T10:15:30Z");
        SubscriptionItems.BuyerRow sparse = new SubscriptionItems.BuyerRow("https://issuer/v2.0", "tid", "oid",
                null, null, "2026-03-01T10:15:30Z");
        assertEquals(MAPPER.writeValueAsString(full), written(full::write));
        assertEquals(MAPPER.writeValueAsString(sparse), written(sparse::write));
    }

    @Test
    void givenRowsTheMapperWrote_thenTheyReadBackAsTheSameRecords() throws IOException {
        SubscriptionItems.AzureRow full = new SubscriptionItems.AzureRow("offer", "plan", 5, "Subscribed",
                "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z", "P1Y", true, "pt", "po", "p@example.com", "bt",
                "bo", "b@example.com", false, true, "Name \"quoted\" ü");
        SubscriptionItems.AzureRow sparse = new SubscriptionItems.AzureRow("offer", "plan", null, null, null, null,
                null, false, null, null, null, null, null, null, true, false, null);
        SubscriptionItems.BuyerRow buyer = new SubscriptionItems.BuyerRow("https://issuer/v2.0", "tid", "oid",
                null, "Buyer", "2026-03-01T10:15:30Z");
        assertEquals(full, SubscriptionItems.AzureRow.from(StoredRow.parse(MAPPER.writeValueAsString(full), "row")));
        assertEquals(sparse, SubscriptionItems.AzureRow.from(StoredRow.parse(MAPPER.writeValueAsString(sparse),
                "row")));
        assertEquals(buyer, SubscriptionItems.BuyerRow.from(StoredRow.parse(MAPPER.writeValueAsString(buyer),
                "row")));
    }

    @Test
    void givenFieldsANewerBuildWrote_thenTheyAreIgnored() {
        SubscriptionItems.BuyerRow read = SubscriptionItems.BuyerRow.from(StoredRow.parse("{\"issuer\":\"i\","
                + "\"future\":{\"nested\":[1,2,{\"email\":\"no\"}]},\"tenantId\":\"t\",\"objectId\":\"o\","
                + "\"email\":null,\"signedInAt\":\"2026-03-01T10:15:30Z\",\"extra\":7}", "buyer"));
        assertEquals(new SubscriptionItems.BuyerRow("i", "t", "o", null, null, "2026-03-01T10:15:30Z"), read);
    }

    @Test
    void givenTextThatIsNoObject_thenTheRowIsUnreadable() {
        assertThrows(IllegalStateException.class, () -> StoredRow.parse("[1]", "buyer"));
        assertThrows(IllegalStateException.class, () -> StoredRow.parse("{\"issuer\":", "buyer"));
    }
}
