package org.mpactivation.aws.snapstart;

import org.mpactivation.domain.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;
import org.mpactivation.aws.AwsFunctions;
import org.mpactivation.aws.AwsSettings;
import org.mpactivation.aws.metering.JsonAwsMetering;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.port.out.AwsMarketplace;
import org.mpactivation.port.out.MeteringLine;

/**
 * Primers for the AWS Marketplace adapters: each builds throwaway adapters exactly as the function builds
 * its own (same factories, same tracing), but on {@link CannedAwsHttp} and fixed credentials, and runs every
 * operation the function uses through them, signing and JSON both ways included. Nothing leaves the process:
 * no socket is opened, no credentials are fetched.
 */
public final class MarketplacePrimers {

    private static final AwsCredentialSource PRIMING_CREDENTIALS =
            AwsCredentialSource.fixed(new AwsCredentials("AKIDSNAPSTARTPRIMING", "priming", null, null));

    private MarketplacePrimers() {
    }

    /** ResolveCustomer (its LicenseArn included) and GetEntitlements. */
    public static Primer marketplace(AwsSettings settings) {
        return canned("marketplace", settings, http -> {
            AwsMarketplace marketplace = AwsFunctions.marketplace(settings, PRIMING_CREDENTIALS, http);
            AwsCustomer customer = marketplace.resolveCustomer("snapstart-priming-token");
            marketplace.entitlements(customer);
        });
    }

    /** GetEntitlements only (the functions that never resolve a token). */
    public static Primer entitlements(AwsSettings settings) {
        return canned("entitlements", settings, http -> AwsFunctions.entitlements(settings, PRIMING_CREDENTIALS, http)
                .entitlements(new AwsCustomer(CannedAwsHttp.CUSTOMER, CannedAwsHttp.ACCOUNT, settings.productCode(),
                        null)));
    }

    /** BatchMeterUsage, records by customer identifier and by account and licence. */
    public static Primer metering(AwsSettings settings) {
        return canned("metering", settings, http -> {
            Instant hour = Timestamps.parse("2024-01-01T00:00:00Z");
            JsonAwsMetering.create(settings.marketplaceRegion(), PRIMING_CREDENTIALS,
                    settings.meteringEndpoint().orElse(null), http).batchMeterUsage(settings.productCode(), List.of(
                    new MeteringLine("priming-1", CannedAwsHttp.CUSTOMER, null, null, "priming", hour, 1),
                    new MeteringLine("priming-2", null, CannedAwsHttp.ACCOUNT,
                            "arn:aws:license-manager::" + CannedAwsHttp.ACCOUNT + ":license:l-priming",
                            "priming", hour, 1)));
        });
    }

    private static Primer canned(String name, AwsSettings settings, Consumer<CannedAwsHttp> calls) {
        IntSupplier work = () -> {
            CannedAwsHttp http = new CannedAwsHttp(settings.productCode());
            calls.accept(http);
            return http.total();
        };
        return new Primer(name, work);
    }
}
