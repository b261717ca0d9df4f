package org.mpactivation.simulator.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Builder settings, the pluggable token check, the seller-side API's own checks, and concurrent metering. */
class SimulatorSetupTest {

    @Test
    void givenAPluggedTokenCheckAndAnotherBasePath_thenCallsFollowThem() {
        AccessTokenCheck issuedLocally = token -> token.startsWith("local.");
        try (AzureFixture fixture = new AzureFixture(builder -> builder.basePath("/marketplace")
                .acceptedTokens(issuedLocally))) {
            String id = fixture.buy("basic", null).subscriptionId();
            String uri = fixture.azure.baseUri() + "/saas/subscriptions/" + id + "?api-version=2018-08-31";

            assertEquals("/marketplace", fixture.azure.baseUri().getPath());
            assertEquals(200, fixture.send(AzureFixture.request(uri).header("Authorization", "Bearer local.abc"),
                    "GET", null).status());
            assertEquals(403, fixture.send(AzureFixture.request(uri)
                    .header("Authorization", "Bearer " + AzureFixture.TOKEN), "GET", null).status());
            assertEquals(404, fixture.send(AzureFixture.request(uri.replace("/marketplace", "/api"))
                    .header("Authorization", "Bearer local.abc"), "GET", null).status());
        }
    }

    @Test
    void givenALandingPageWithAQuery_thenTheTokenIsAppendedUrlEncoded() {
        Purchase purchase = new Purchase("sub", "a+b/c=");

        URI url = purchase.landingUrl(URI.create("https://example.com/landing?src=azure"));

        assertEquals("https://example.com/landing?src=azure&token=a%2Bb%2Fc%3D", url.toString());
    }

    @Test
    void sellerSideActionsRefuseWhatPartnerCenterWouldNot() {
        try (AzureFixture fixture = new AzureFixture()) {
            AzureMarketplaceSimulator azure = fixture.azure;
            assertThrows(IllegalArgumentException.class, () -> azure.createOffer(
                    new AzureOffer("contoso", AzureFixture.OFFER, List.of(AzurePlan.flatRate("x")))));
            assertThrows(IllegalArgumentException.class, () -> new AzureOffer("contoso", "o",
                    List.of(AzurePlan.flatRate("x"), AzurePlan.perSeat("x"))));
            assertThrows(IllegalArgumentException.class, () -> AzurePlan.flatRate("x").withTermUnit("P5D"));
            assertThrows(IllegalArgumentException.class, () -> fixture.buy("team", null));
            assertThrows(IllegalArgumentException.class, () -> fixture.buy("basic", 3));
            assertThrows(IllegalArgumentException.class, () -> fixture.buy("gold", null));
            String id = fixture.activeBasic();
            assertThrows(IllegalArgumentException.class, () -> azure.changePlan(id, "gold"));
            assertThrows(IllegalArgumentException.class, () -> azure.settleOperation("unknown", true));
            assertThrows(IllegalArgumentException.class,
                    () -> fixture.clock.advance(Duration.ofSeconds(-1)));
        }
    }

    @Test
    void givenAPerSeatPlanWithASeatRange_thenPurchasesAndSeatChangesStayInIt() {
        try (AzureFixture fixture = new AzureFixture()) {
            AzureMarketplaceSimulator azure = fixture.azure;
            azure.createOffer(new AzureOffer("contoso", "seats", List.of(AzurePlan.flatRate("flat"),
                    AzurePlan.perSeat("crew").withSeats(5, 10))));
            assertThrows(IllegalArgumentException.class, () -> AzurePlan.flatRate("x").withSeats(1, 2));
            assertThrows(IllegalArgumentException.class, () -> AzurePlan.perSeat("x").withSeats(3, 2));
            assertThrows(IllegalArgumentException.class, () -> azure.subscribe("seats", "crew", 4,
                    Identity.withEmail("buyer@example.com")));
            assertThrows(IllegalArgumentException.class, () -> azure.subscribe("seats", "crew", 11,
                    Identity.withEmail("buyer@example.com")));
            String crew = azure.subscribe("seats", "crew", 5, Identity.withEmail("buyer@example.com"))
                    .subscriptionId();
            String path = "/saas/subscriptions/" + crew;
            assertEquals(200, fixture.call("POST", path + "/activate",
                    AzureFixture.object().put("planId", "crew").put("quantity", 5)).status());

            assertThrows(IllegalArgumentException.class, () -> azure.changeQuantity(crew, 11));
            assertEquals(null, azure.changePlan(crew, "flat").quantity(), "a move to a flat rate drops the seats");
            assertEquals(400, fixture.call("PATCH", path, AzureFixture.object().put("quantity", 4)).status());
            assertEquals(202, fixture.call("PATCH", path, AzureFixture.object().put("quantity", 10)).status());
            assertEquals(10, azure.subscription(crew).quantity());
            String basic = fixture.activeBasic();
            assertThrows(IllegalArgumentException.class, () -> azure.changeQuantity(basic, 2));
        }
    }

    @Test
    void givenConcurrentEventsForOneHour_thenExactlyOneIsAccepted() throws Exception {
        try (AzureFixture fixture = new AzureFixture()) {
            String id = fixture.activeBasic();
            ObjectNode event = AzureFixture.object().put("resourceId", id).put("quantity", 1)
                    .put("dimension", "requests").put("effectiveStartTime", Instant.parse("2026-03-02T09:15:00Z")
                            .toString()).put("planId", "basic");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Future<Integer>> statuses = new ArrayList<>();
                for (int i = 0; i < 16; i++) {
                    statuses.add(pool.submit(() -> fixture.call("POST", "/usageEvent", event).status()));
                }
                int accepted = 0;
                int duplicates = 0;
                for (Future<Integer> status : statuses) {
                    int code = status.get(30, TimeUnit.SECONDS);
                    accepted += code == 200 ? 1 : 0;
                    duplicates += code == 409 ? 1 : 0;
                }
                assertEquals(1, accepted);
                assertEquals(15, duplicates);
                assertEquals(1, fixture.azure.acceptedUsage().size());
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
