package org.mpactivation.local.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;
import org.mpactivation.adapter.aws.AwsHttp;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.store.DynamoDbItemStore;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;

class StoreBrowserTest {

    final TestClock clock = new TestClock(Instant.parse("2025-03-01T08:00:00Z"));

    @Test
    void theSnapshotBrowserFiltersByPrefixAndSortKeyAndLeavesExpiredItemsOut() {
        ScannableItemStore store = new ScannableItemStore(new InMemoryItemStore(clock));
        store.putIfAbsent(Item.of(new ItemKey("SUB#b", "META"), Map.of("n", "b")));
        store.putIfAbsent(Item.of(new ItemKey("SUB#a", "META"), Map.of("n", "a")));
        store.putIfAbsent(Item.of(new ItemKey("SUB#a", "WS#1"), Map.of("n", "link")));
        store.putIfAbsent(Item.of(new ItemKey("SESSION#x", "META"), Map.of("n", "session"))
                .withExpiry(clock.instant().plusSeconds(60)));
        List<Item> stale = new ArrayList<>(store.scan());
        SnapshotStoreBrowser browser = new SnapshotStoreBrowser(() -> stale, clock);

        assertEquals(List.of("SUB#a|META", "SUB#b|META"), keys(browser.items("SUB#", "META")));
        assertEquals(List.of("SUB#a|META", "SUB#a|WS#1", "SUB#b|META"), keys(browser.items("SUB#", null)));
        assertEquals(List.of("SESSION#x|META"), keys(browser.items("SESSION#", null)));
        clock.advance(Duration.ofSeconds(60));
        assertEquals(List.of(), browser.items("SESSION#", null), "expired, even if the supplier still lists it");
        assertEquals(3, browser.items("", null).size());
    }

    @Test
    void theDynamoDbBrowserScansConsistentlyPageByPageAndReadsTheStoreLayout() throws Exception {
        long now = clock.instant().getEpochSecond();
        ObjectNode first = item("SUB#b", "META", 3);
        first.set("status", s("ACTIVE"));
        first.set("gsi1pk", s("RENEWAL#1"));
        first.set("gsi1sk", s("2025-03-02T00:00:00Z"));
        ObjectNode expiredMeanwhile = item("SUB#c", "META", 1);
        expiredMeanwhile.set("ttl", n(now));
        ObjectNode second = item("SUB#a", "META", 1);
        second.set("ttl", n(now + 600));
        second.set("status", s("PENDING_ACTIVATION"));
        ObjectNode lastKey = JSON.createObjectNode();
        lastKey.set("pk", s("SUB#c"));
        lastKey.set("sk", s("META"));
        ObjectNode otherKey = JSON.createObjectNode();
        otherKey.set("pk", s("X"));
        otherKey.set("sk", s("Y"));
        FakeScans client = new FakeScans(List.of(page(lastKey, first, expiredMeanwhile), page(otherKey),
                page(null, second)));

        List<Item> items = new DynamoDbStoreBrowser(client.client(), "items", clock).items("SUB#", "META");

        assertEquals(List.of("SUB#a|META", "SUB#b|META"), keys(items));
        Item b = items.get(1);
        assertEquals(3, b.version());
        assertEquals(Map.of("status", "ACTIVE"), b.attributes());
        assertEquals(new IndexKey("RENEWAL#1", "2025-03-02T00:00:00Z"), b.index());
        assertNull(b.expiresAt());
        assertEquals(Instant.ofEpochSecond(now + 600), items.get(0).expiresAt());

        assertEquals(3, client.requests.size(), "an empty page with a LastEvaluatedKey does not end the scan");
        JsonNode request = client.requests.get(0);
        assertEquals("items", request.path("TableName").asText());
        assertTrue(request.path("ConsistentRead").asBoolean());
        assertEquals("(attribute_not_exists(#ttl) OR #ttl > :now) AND begins_with(#pk, :prefix) AND #sk = :sk",
                request.path("FilterExpression").asText());
        assertEquals(JSON.valueToTree(Map.of("#ttl", "ttl", "#pk", "pk", "#sk", "sk")),
                request.path("ExpressionAttributeNames"));
        ObjectNode values = JSON.createObjectNode();
        values.set(":now", n(now));
        values.set(":prefix", s("SUB#"));
        values.set(":sk", s("META"));
        assertEquals(values, request.path("ExpressionAttributeValues"));
        assertTrue(request.path("ExclusiveStartKey").isMissingNode());
        assertEquals(lastKey, client.requests.get(1).path("ExclusiveStartKey"));
        assertEquals("DynamoDB_20120810.Scan", client.targets.get(0));

        FakeScans any = new FakeScans(List.of(page(null)));
        new DynamoDbStoreBrowser(any.client(), "items", clock).items("", null);
        assertEquals("(attribute_not_exists(#ttl) OR #ttl > :now)",
                any.requests.get(0).path("FilterExpression").asText());
    }

    static List<String> keys(List<Item> items) {
        return items.stream().map(item -> item.key().toString()).toList();
    }

    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode s(String value) {
        return JSON.createObjectNode().put("S", value);
    }

    static ObjectNode n(long value) {
        return JSON.createObjectNode().put("N", Long.toString(value));
    }

    static ObjectNode item(String pk, String sk, long version) {
        ObjectNode item = JSON.createObjectNode();
        item.set("pk", s(pk));
        item.set("sk", s(sk));
        item.set("v", n(version));
        return item;
    }

    static String page(ObjectNode lastKey, ObjectNode... items) {
        ObjectNode page = JSON.createObjectNode();
        ArrayNode list = page.putArray("Items");
        for (ObjectNode item : items) {
            list.add(item);
        }
        page.put("Count", items.length);
        if (lastKey != null) {
            page.set("LastEvaluatedKey", lastKey);
        }
        return page.toString();
    }

    /** Answers Scan calls with the given pages, in order, and keeps the requests as JSON. */
    static final class FakeScans implements AwsHttp {

        final List<JsonNode> requests = new ArrayList<>();
        final List<String> targets = new ArrayList<>();
        private final List<String> pages;

        FakeScans(List<String> pages) {
            this.pages = pages;
        }

        @Override
        public Response send(Request request) throws java.io.IOException {
            requests.add(JSON.readTree(request.body()));
            targets.add(request.headers().get("X-Amz-Target"));
            return new Response(200, Map.of(), pages.get(requests.size() - 1).getBytes(StandardCharsets.UTF_8));
        }

        AwsJsonClient client() {
            return DynamoDbItemStore.client(URI.create("http://127.0.0.1:1"), "us-east-1",
                    AwsCredentialSource.fixed(AwsCredentials.of("local", "local")), this, AwsJsonClient.Listener.NONE);
        }
    }
}
