package org.mpactivation.aws.metering;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.mpactivation.application.MutableClock;
import org.mpactivation.port.out.AwsMetering;
import org.mpactivation.port.out.AwsMeteringContract;
import org.mpactivation.simulator.aws.AwsMarketplaceSimulator;
import org.mpactivation.simulator.aws.AwsOperation;
import org.mpactivation.simulator.aws.SimulatedCustomer;

/**
 * The BatchMeterUsage contract against the simulated marketplace: the catalogue, the clock and the faults
 * are the simulator's; a runner says how the subject talks to it.
 */
abstract class SimulatedMarketplaceContract extends AwsMeteringContract {

    private MutableClock clock;
    private AwsMarketplaceSimulator simulator;

    /** The subject, speaking to the simulator at {@code endpoint}. */
    protected abstract AwsMetering subject(URI endpoint);

    /** Releases what {@link #subject} built. */
    protected abstract void closeSubject();

    @Override
    protected AwsMetering start(Instant now, Duration window) {
        close();
        clock = new MutableClock(now);
        simulator = AwsMarketplaceSimulator.builder()
                .clock(clock)
                .meteringWindow(window)
                .callsPerSecond(AwsOperation.BATCH_METER_USAGE, 0)
                .start();
        return subject(simulator.endpoint());
    }

    @AfterEach
    void close() {
        if (simulator != null) {
            closeSubject();
            simulator.close();
            simulator = null;
        }
    }

    @Override
    protected void moveClockTo(Instant at) {
        clock.advance(Duration.between(clock.instant(), at));
    }

    @Override
    protected void product(String productCode, boolean byLicenseOnly, String... dimensions) {
        simulator.product(productCode).dimensions(dimensions).concurrentAgreements(byLicenseOnly);
    }

    @Override
    protected Buyer customer(String productCode, String customerIdentifier, String awsAccountId) {
        SimulatedCustomer customer = simulator.registerCustomer(productCode, customerIdentifier, awsAccountId);
        return new Buyer(productCode, customer.customerIdentifier(), null, null);
    }

    @Override
    protected Buyer licensee(String productCode, String awsAccountId) {
        SimulatedCustomer customer = simulator.registerCustomer(productCode, awsAccountId);
        return new Buyer(productCode, null, customer.awsAccountId(), customer.licenseArn());
    }

    @Override
    protected void unsubscribe(Buyer buyer) {
        simulator.customers().stream()
                .filter(customer -> customer.productCode().equals(buyer.productCode()))
                .filter(customer -> buyer.licenseArn() != null
                        ? customer.licenseArn().equals(buyer.licenseArn())
                        : customer.customerIdentifier().equals(buyer.customerIdentifier()))
                .forEach(simulator::unsubscribe);
    }

    @Override
    protected void leaveUnprocessedNext(int records) {
        simulator.faults().leaveUnprocessedNext(records);
    }

    @Override
    protected void throttleNext(int calls) {
        simulator.faults().throttleNext(AwsOperation.BATCH_METER_USAGE, calls);
    }

    @Override
    protected void denyAccessNext(int calls) {
        simulator.faults().denyAccessNext(AwsOperation.BATCH_METER_USAGE, calls);
    }
}
