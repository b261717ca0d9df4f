package org.mpactivation.local.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.port.out.store.IndexKey;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

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
    void theDynamoDbBrowserScansConsistentlyPageByPageAndReadsTheStoreLayout() {
        long now = clock.instant().getEpochSecond();
        Map<String, AttributeValue> first = Map.of(
                "pk", s("SUB#b"), "sk", s("META"), "v", n(3), "status", s("ACTIVE"),
                "gsi1pk", s("RENEWAL#1"), "gsi1sk", s("2025-03-02T00:00:00Z"));
        Map<String, AttributeValue> expiredMeanwhile = Map.of(
                "pk", s("SUB#c"), "sk", s("META"), "v", n(1), "ttl", n(now));
        Map<String, AttributeValue> second = Map.of(
                "pk", s("SUB#a"), "sk", s("META"), "v", n(1), "ttl", n(now + 600), "status", s("PENDING_ACTIVATION"));
        Map<String, AttributeValue> lastKey = Map.of("pk", s("SUB#c"), "sk", s("META"));
        FakeScanClient client = new FakeScanClient(List.of(
                ScanResponse.builder().items(first, expiredMeanwhile).lastEvaluatedKey(lastKey).build(),
                ScanResponse.builder().items(List.of()).lastEvaluatedKey(Map.of("pk", s("X"), "sk", s("Y"))).build(),
                ScanResponse.builder().items(second).build()));

        List<Item> items = new DynamoDbStoreBrowser(client, "items", clock).items("SUB#", "META");

        assertEquals(List.of("SUB#a|META", "SUB#b|META"), keys(items));
        Item b = items.get(1);
        assertEquals(3, b.version());
        assertEquals(Map.of("status", "ACTIVE"), b.attributes());
        assertEquals(new IndexKey("RENEWAL#1", "2025-03-02T00:00:00Z"), b.index());
        assertNull(b.expiresAt());
        assertEquals(Instant.ofEpochSecond(now + 600), items.get(0).expiresAt());

        assertEquals(3, client.requests.size(), "an empty page with a LastEvaluatedKey does not end the scan");
        ScanRequest request = client.requests.get(0);
        assertEquals("items", request.tableName());
        assertTrue(request.consistentRead());
        assertEquals("(attribute_not_exists(#ttl) OR #ttl > :now) AND begins_with(#pk, :prefix) AND #sk = :sk",
                request.filterExpression());
        assertEquals(Map.of("#ttl", "ttl", "#pk", "pk", "#sk", "sk"), request.expressionAttributeNames());
        assertEquals(Map.of(":now", n(now), ":prefix", s("SUB#"), ":sk", s("META")),
                request.expressionAttributeValues());
        assertTrue(request.exclusiveStartKey().isEmpty());
        assertEquals(lastKey, client.requests.get(1).exclusiveStartKey());

        FakeScanClient any = new FakeScanClient(List.of(ScanResponse.builder().items(List.of()).build()));
        new DynamoDbStoreBrowser(any, "items", clock).items("", null);
        assertEquals("(attribute_not_exists(#ttl) OR #ttl > :now)", any.requests.get(0).filterExpression());
    }

    static List<String> keys(List<Item> items) {
        return items.stream().map(item -> item.key().toString()).toList();
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** Answers Scan calls with the given pages, in order, and keeps the requests. */
    static final class FakeScanClient implements DynamoDbClient {

        final List<ScanRequest> requests = new ArrayList<>();
        private final List<ScanResponse> pages;

        FakeScanClient(List<ScanResponse> pages) {
            this.pages = pages;
        }

        @Override
        public ScanResponse scan(ScanRequest request) {
            requests.add(request);
            return pages.get(requests.size() - 1);
        }

        @Override
        public String serviceName() {
            return "dynamodb";
        }

        @Override
        public void close() {
        }
    }
}
