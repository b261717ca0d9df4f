package org.mpactivation.azure.fulfillment;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.port.out.MarketplaceAccessException;
import org.mpactivation.simulator.azure.AzureApi;
import org.mpactivation.simulator.azure.Purchase;

class FulfillmentLogTest {

    private final MarketplaceWorld world = new MarketplaceWorld();
    private final PrintStream standardError = System.err;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    @AfterEach
    void stop() {
        System.setErr(standardError);
        world.close();
    }

    @Test
    void givenCallsThatSucceedAndFail_thenLogsNameIdsButNoTokenNorSecret() {
        Purchase purchase = world.buy("basic", null);
        world.azure.faults().throttleNext(AzureApi.RESOLVE, 1, Duration.ofSeconds(1));
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));

        world.client().resolve(purchase.token());
        assertThrows(MarketplaceAccessException.class,
                () -> world.client(world.credentials("wrong-secret-value"), RetryPolicy.DEFAULT)
                        .subscription(purchase.subscriptionId()));

        String logs = captured.toString(StandardCharsets.UTF_8);
        String requestId = world.marketplaceCalls().get(0).header("x-ms-requestid");
        String correlationId = world.marketplaceCalls().get(0).header("x-ms-correlationid");
        String bearer = world.marketplaceCalls().get(0).header("authorization").substring("Bearer ".length());
        assertTrue(logs.contains("requestId=" + requestId), logs);
        assertTrue(logs.contains("correlationId=" + correlationId), logs);
        assertFalse(logs.contains(purchase.token()), logs);
        assertFalse(logs.contains(bearer), logs);
        assertFalse(logs.contains(world.secret) || logs.contains("wrong-secret-value"), logs);
    }
}
