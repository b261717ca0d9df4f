package org.mpactivation.aws.snapstart;

import java.time.Clock;
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
import org.mpactivation.port.out.store.Item;
import org.mpactivation.port.out.store.ItemKey;
import org.mpactivation.port.out.store.ItemStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/**
 * Primers for the AWS clients of the store and SES (the marketplace's are {@link MarketplacePrimers}): each
 * builds throwaway clients exactly as the function builds its own (same factories, same interceptors), but on
 * {@link CannedAwsHttp} and fixed credentials, runs every operation the function uses through our adapters,
 * and closes them. Nothing leaves the process: no socket is opened, no credentials are fetched.
 */
public final class SdkPrimers {

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

    /** SESv2 SendEmail, marshalled and answered here: no mail leaves. */
    public static Primer ses(AwsSettings settings, SesSettings ses) {
        return canned("ses", settings, http -> {
            try (SesV2Client client = SesMailer.client(ses, SdkCredentials.PRIMING, http)) {
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

    /**
     * The SDK's fixed credentials, in a holder of their own: only the SES primer loads the SDK's credential
     * classes, not every function that primes the store.
     */
    private static final class SdkCredentials {
        static final AwsCredentialsProvider PRIMING =
                StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDSNAPSTARTPRIMING", "priming"));
    }
}
