package org.mpactivation.aws.metering;

import java.net.URI;
import org.mpactivation.port.out.AwsMetering;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.marketplacemetering.MarketplaceMeteringClient;

/** The BatchMeterUsage contract against the SDK adapter, pointed at the simulated marketplace. */
class SdkAwsMeteringContractTest extends SimulatedMarketplaceContract {

    private SdkHttpClient http;
    private MarketplaceMeteringClient client;

    @Override
    protected AwsMetering subject(URI endpoint) {
        http = UrlConnectionHttpClient.create();
        client = SdkAwsMetering.meteringClient(Region.US_EAST_1, MeteringFixture.CREDENTIALS, endpoint, http);
        return new SdkAwsMetering(client);
    }

    @Override
    protected void closeSubject() {
        client.close();
        http.close();
    }
}
