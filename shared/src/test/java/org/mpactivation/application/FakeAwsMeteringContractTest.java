package org.mpactivation.application;

import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import org.mpactivation.port.out.AwsMetering;
import org.mpactivation.port.out.AwsMeteringContract;
import org.mpactivation.port.out.MeteringLine;

/** The BatchMeterUsage contract against the in-memory fake the use-case tests run on. */
class FakeAwsMeteringContractTest extends AwsMeteringContract {

    private final AtomicInteger licences = new AtomicInteger();
    private MutableClock clock;
    private FakeAwsMetering fake;

    @Override
    protected AwsMetering start(Instant now, Duration window) {
        clock = new MutableClock(now);
        fake = new FakeAwsMetering(clock, window);
        return fake;
    }

    @Override
    protected void moveClockTo(Instant at) {
        clock.advance(Duration.between(clock.instant(), at));
    }

    @Override
    protected void product(String productCode, boolean byLicenseOnly, String... dimensions) {
        FakeAwsMetering.Product product = fake.product(productCode).dimensions(dimensions);
        if (byLicenseOnly) {
            product.byLicenseOnly();
        }
    }

    @Override
    protected Buyer customer(String productCode, String customerIdentifier, String awsAccountId) {
        fake.customer(productCode, customerIdentifier);
        return new Buyer(productCode, customerIdentifier, null, null);
    }

    @Override
    protected Buyer licensee(String productCode, String awsAccountId) {
        String licenseArn = "arn:aws:license-manager::" + awsAccountId + ":license:l-"
                + HexFormat.of().toHexDigits(licences.incrementAndGet());
        fake.license(productCode, awsAccountId, licenseArn);
        return new Buyer(productCode, null, awsAccountId, licenseArn);
    }

    @Override
    protected void unsubscribe(Buyer buyer) {
        MeteringLine any = buyer.line("any", "any", Instant.EPOCH, 0);
        fake.unsubscribe(FakeAwsMetering.customerKey(buyer.productCode(), any));
    }

    @Override
    protected void leaveUnprocessedNext(int records) {
        fake.leaveUnprocessedNext(records);
    }

    @Override
    protected void throttleNext(int calls) {
        fake.throttleNext(calls);
    }

    @Override
    protected void denyAccessNext(int calls) {
        fake.denyAccessNext(calls);
    }
}
