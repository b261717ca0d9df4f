package org.mpactivation.aws.metering;

import java.net.URI;
import org.mpactivation.port.out.AwsMetering;

/**
 * The BatchMeterUsage contract against the simulated marketplace itself, spoken to over plain HTTP without
 * the SDK, so the simulator is held to the same cases as the fake and the adapter.
 */
class SimulatorOverHttpContractTest extends SimulatedMarketplaceContract {

    @Override
    protected AwsMetering subject(URI endpoint) {
        return new RawHttpAwsMetering(endpoint);
    }

    @Override
    protected void closeSubject() {
    }
}
