package org.mpactivation.aws;

import java.net.URI;
import java.time.Clock;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsHttp;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.aws.Retries;
import org.mpactivation.port.out.Pause;

/**
 * The two AWS Marketplace APIs the functions call, as the SDK's own models describe them (checked against
 * the pinned clients: their request marshallers, protocol factories and endpoint rules): both AWS JSON 1.1,
 * both signed as {@code aws-marketplace}, each with its own {@code X-Amz-Target} prefix and host. Only the
 * Regions' standard endpoints are known here (no FIPS, no dual-stack): the ones the SDK clients resolved
 * with their default settings.
 */
public final class MarketplaceServices {

    /** ResolveCustomer and BatchMeterUsage. */
    public static final AwsJsonClient.Service METERING =
            new AwsJsonClient.Service("1.1", "AWSMPMeteringService", "aws-marketplace");
    /** GetEntitlements. */
    public static final AwsJsonClient.Service ENTITLEMENT =
            new AwsJsonClient.Service("1.1", "AWSMPEntitlementService", "aws-marketplace");

    private MarketplaceServices() {
    }

    /** {@code https://metering.marketplace.<region>.<dns suffix>} in every partition. */
    public static URI meteringEndpoint(String region) {
        return AwsJsonClient.regionalEndpoint("metering.marketplace", region);
    }

    /**
     * {@code https://entitlement.marketplace.<region>.<dns suffix>}, except in the China partition, whose
     * endpoint rules name {@code https://entitlement-marketplace.<region>.amazonaws.com.cn}.
     */
    public static URI entitlementEndpoint(String region) {
        return region.startsWith("cn-") ? URI.create("https://entitlement-marketplace." + region + ".amazonaws.com.cn")
                : AwsJsonClient.regionalEndpoint("entitlement.marketplace", region);
    }

    /** A client of {@code service} at {@code endpoint}, signing for {@code region}. */
    public static AwsJsonClient client(AwsJsonClient.Service service, URI endpoint, String region,
                                       AwsCredentialSource credentials, AwsHttp http, Retries retries,
                                       AwsJsonClient.Listener listener) {
        return new AwsJsonClient(service, endpoint, region, credentials, http, retries, Pause.REAL,
                Clock.systemUTC(), listener);
    }
}
