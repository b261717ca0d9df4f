package org.mpactivation.aws.metering;

import java.net.URI;
import org.mpactivation.adapter.aws.UrlConnectionAwsHttp;
import org.mpactivation.port.out.AwsMetering;

/** The BatchMeterUsage contract against the JSON-client adapter, pointed at the simulated marketplace. */
class JsonAwsMeteringContractTest extends SimulatedMarketplaceContract {

    @Override
    protected AwsMetering subject(URI endpoint) {
        return JsonAwsMetering.create("us-east-1", MeteringFixture.CREDENTIALS, endpoint, UrlConnectionAwsHttp.standard());
    }

    @Override
    protected void closeSubject() {
        // the transport holds nothing open
    }
}
