package org.mpactivation.application;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.mpactivation.port.out.AzureMeteringContract;
import org.mpactivation.port.out.azure.AzureMetering;

/** The batchUsageEvent contract against the in-memory fake the use-case tests run on. */
class FakeAzureMeteringContractTest extends AzureMeteringContract {

    private FakeAzureMetering fake;

    @Override
    protected AzureMetering start(Instant now, Duration window) {
        fake = new FakeAzureMetering(new MutableClock(now), window);
        return fake;
    }

    @Override
    protected String subscribed() {
        String resourceId = UUID.randomUUID().toString();
        fake.subscription(resourceId, PLAN, REQUESTS, STORAGE);
        return resourceId;
    }

    @Override
    protected void suspend(String resourceId) {
        fake.deactivate(resourceId);
    }

    @Override
    protected void unsubscribe(String resourceId) {
        fake.deactivate(resourceId);
    }

    @Override
    protected void throttle(boolean on) {
        fake.throttleNext(on ? Integer.MAX_VALUE : 0);
    }

    @Override
    protected void denyAccess(boolean on) {
        fake.denyAccessNext(on ? Integer.MAX_VALUE : 0);
    }

    @Override
    protected List<BigDecimal> acceptedQuantities(String resourceId) {
        return fake.accepted().stream().filter(accepted -> accepted.event().resourceId().equals(resourceId))
                .map(accepted -> accepted.event().quantity()).toList();
    }
}
