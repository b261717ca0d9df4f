package org.mpactivation.aws.snapstart;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;
import org.mpactivation.adapter.aws.AwsJsonClient;
import org.mpactivation.adapter.mail.SesMailer;
import org.mpactivation.adapter.mail.SesSettings;
import org.mpactivation.adapter.store.DynamoDbItemStore;
import org.mpactivation.aws.AwsFunctions;
import org.mpactivation.aws.AwsSettings;
import org.mpactivation.aws.metering.SdkAwsMetering;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.port.out.AwsMarketplace;
import org.mpactivation.port.out.MeteringLine;
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.marketplacemetering.MarketplaceMeteringClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Primers for the AWS clients (the SDK's and the light ones): each builds throwaway clients exactly as the
 * function builds its own (same factories, same interceptors), but on {@link CannedAwsHttp} and fixed
 * credentials, runs every operation the function uses through our adapters, and closes them. Nothing
 * leaves the process: no socket is opened, no credentials are fetched.
 */
public final class SdkPrimers {

    private static final AwsCredentialsProvider PRIMING_CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSNAPSTARTPRIMING", "priming"));
    private static final AwsCredentialSource PRIMING_CREDENTIAL_SOURCE =
            AwsCredentialSource.fixed(AwsCredentials.of("AKIDSNAPSTARTPRIMING", "priming"));

    private SdkPrimers() {
    }

    /**
     * GetItem, PutItem (put-if-absent and replace), DeleteItem, Query on the table and on the index, through
     * the store's light client built by the function's own factory: the signing, the JSON writing and reading.
     */
    public static Primer dynamoDb(AwsSettings settings) {
        return canned("dynamodb", settings, http -> {
            AwsJsonClient client = AwsFunctions.dynamoDb(settings, PRIMING_CREDENTIAL_SOURCE, http);
            ItemStore store = new DynamoDbItemStore(client, settings.tableName(), Clock.systemUTC());
            ItemKey key = new ItemKey("PRIMING#snapstart", "PRIMING");
            store.get(key);
            Item stored = store.putIfAbsent(Item.of(key, Map.of("status", "primed")));
            store.replace(stored);
            store.delete(key, 1);
            store.query(key.pk(), "", null, 10);
            store.queryIndex("PRIMING#snapstart", "a", "z", null, 10);
        });
    }

    /** ResolveCustomer (with the licence read from the raw answer) and GetEntitlements. */
    public static Primer marketplace(AwsSettings settings) {
        return canned("marketplace", settings, http -> {
            AwsMarketplace marketplace = AwsFunctions.marketplace(settings, PRIMING_CREDENTIALS, http);
            AwsCustomer customer = marketplace.resolveCustomer("snapstart-priming-token");
            marketplace.entitlements(customer);
            closeAll(marketplace);
        });
    }

    /** GetEntitlements only (the functions that never resolve a token). */
    public static Primer entitlements(AwsSettings settings) {
        return canned("entitlements", settings, http -> {
            AwsMarketplace marketplace = AwsFunctions.entitlements(settings, PRIMING_CREDENTIALS, http);
            marketplace.entitlements(new AwsCustomer(CannedAwsHttp.CUSTOMER, CannedAwsHttp.ACCOUNT,
                    settings.productCode(), null));
            closeAll(marketplace);
        });
    }

    /** BatchMeterUsage, records by customer identifier and by account and licence. */
    public static Primer metering(AwsSettings settings) {
        return canned("metering", settings, http -> {
            try (MarketplaceMeteringClient client = SdkAwsMetering.meteringClient(
                    Region.of(settings.marketplaceRegion()), PRIMING_CREDENTIALS,
                    settings.meteringEndpoint().orElse(null), http)) {
                Instant hour = Instant.parse("2024-01-01T00:00:00Z");
                new SdkAwsMetering(client).batchMeterUsage(settings.productCode(), List.of(
                        new MeteringLine("priming-1", CannedAwsHttp.CUSTOMER, null, null, "priming", hour, 1),
                        new MeteringLine("priming-2", null, CannedAwsHttp.ACCOUNT,
                                "arn:aws:license-manager::" + CannedAwsHttp.ACCOUNT + ":license:l-priming",
                                "priming", hour, 1)));
            }
        });
    }

    /** SESv2 SendEmail, marshalled and answered here: no mail leaves. */
    public static Primer ses(AwsSettings settings, SesSettings ses) {
        return canned("ses", settings, http -> {
            try (SesV2Client client = SesMailer.client(ses, PRIMING_CREDENTIALS, http)) {
                client.sendEmail(b -> b.fromEmailAddress(ses.fromAddress())
                        .destination(d -> d.toAddresses("priming@example.invalid"))
                        .content(c -> c.simple(m -> m.subject(s -> s.data("priming").charset("UTF-8"))
                                .body(body -> body.text(t -> t.data("priming").charset("UTF-8"))
                                        .html(h -> h.data("<p>priming</p>").charset("UTF-8")))))
                        .configurationSetName(ses.configurationSetName()));
            }
        });
    }

    private static Primer canned(String name, AwsSettings settings, java.util.function.Consumer<CannedAwsHttp> calls) {
        IntSupplier work = () -> {
            CannedAwsHttp http = new CannedAwsHttp(settings.productCode());
            calls.accept(http);
            return http.total();
        };
        return new Primer(name, work);
    }

    private static void closeAll(AwsMarketplace marketplace) {
        if (marketplace instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("priming clients not closed", e);
            }
        }
    }
}
