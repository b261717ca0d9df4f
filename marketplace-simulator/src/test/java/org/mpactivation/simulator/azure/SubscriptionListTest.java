package org.mpactivation.simulator.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Listing subscriptions a page at a time by following {@code @nextLink}. */
class SubscriptionListTest {

    private final AzureFixture fixture = new AzureFixture(builder -> builder.pageSize(2));

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void givenFiveSubscriptionsAndPagesOfTwo_whenFollowingNextLink_thenEachIsListedOnceOnThreePages() {
        Set<String> bought = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            bought.add(fixture.buy("basic", null).subscriptionId());
        }

        List<Integer> pageSizes = new ArrayList<>();
        Set<String> listed = new HashSet<>();
        JsonNode page = fixture.call("GET", "/saas/subscriptions").body();
        for (int guard = 0; guard < 10; guard++) {
            pageSizes.add(page.get("subscriptions").size());
            page.get("subscriptions").forEach(s -> assertTrue(listed.add(s.get("id").asText()), "listed twice"));
            if (!page.hasNonNull("@nextLink")) {
                break;
            }
            String next = page.get("@nextLink").asText();
            assertTrue(next.contains("api-version=2018-08-31"), next);
            page = fixture.send(AzureFixture.request(next).header("Authorization", "Bearer " + AzureFixture.TOKEN),
                    "GET", null).body();
        }

        assertEquals(List.of(2, 2, 1), pageSizes);
        assertEquals(bought, listed);
    }

    @Test
    void givenNoSubscriptions_thenOneEmptyPageWithoutNextLink() {
        JsonNode page = fixture.call("GET", "/saas/subscriptions").body();

        assertEquals(0, page.get("subscriptions").size());
        assertFalse(page.has("@nextLink"));
    }

    @Test
    void givenAForgedContinuationToken_thenBadRequest() {
        assertEquals(400, fixture.call("GET", "/saas/subscriptions?continuationToken=abc").status());
        assertEquals(400, fixture.call("GET", "/saas/subscriptions?continuationToken=-2").status());
    }
}
