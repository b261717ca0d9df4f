package org.mpactivation.azure;

import java.net.URI;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.mpactivation.adapter.mail.Mailers;
import org.mpactivation.adapter.store.DynamoDbItemStore;
import org.mpactivation.application.SigningKey;
import org.mpactivation.config.ActivationApplication;
import org.mpactivation.config.SiteSettings;
import org.mpactivation.port.out.BuyerSignIn;
import org.mpactivation.port.out.Mailer;
import org.mpactivation.port.out.WebhookAuthenticator;
import org.mpactivation.port.out.azure.AzureFulfillment;
import org.mpactivation.port.out.azure.AzureMetering;
import org.mpactivation.port.out.store.ItemStore;
import org.mpactivation.web.Router;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The Azure functions' object graph: the ports (store, marketplace clients, sign-in, webhook check,
 * mail) given once, and what each function needs built from them on first use, once per host. Each
 * function reaches only the part it uses, so the webhook does not build the mail client nor the pages.
 */
public final class AzureGraph {

    private final AzureSettings settings;
    private final ItemStore store;
    private final Clock clock;
    private final AzureFulfillment fulfillment;
    private final AzureMetering metering;
    private final BuyerSignIn signIn;
    private final WebhookAuthenticator webhookAuthenticator;
    private final Supplier<Mailer> mailer;
    private final Lazy<Router> activation = new Lazy<>(this::buildActivationRouter);

    /**
     * @param webhookAuthenticator null only when the local run turned webhook authentication off
     * @param mailer               built on first use (only the pages send mail)
     */
    public AzureGraph(AzureSettings settings, ItemStore store, Clock clock, AzureFulfillment fulfillment,
                      AzureMetering metering, BuyerSignIn signIn, WebhookAuthenticator webhookAuthenticator,
                      Supplier<Mailer> mailer) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.fulfillment = Objects.requireNonNull(fulfillment, "fulfillment");
        this.metering = Objects.requireNonNull(metering, "metering");
        this.signIn = Objects.requireNonNull(signIn, "signIn");
        if (webhookAuthenticator == null && !settings.webhookAuthOff()) {
            throw new IllegalArgumentException("a webhook authenticator is required unless turned off locally");
        }
        this.webhookAuthenticator = webhookAuthenticator;
        this.mailer = Objects.requireNonNull(mailer, "mailer");
    }

    /** The landing page, the buyer's sign-in and the activation pages, with the health check. */
    public Router activationRouter() {
        return activation.get();
    }

    public AzureSettings settings() {
        return settings;
    }

    public ItemStore store() {
        return store;
    }

    public Clock clock() {
        return clock;
    }

    public AzureFulfillment fulfillment() {
        return fulfillment;
    }

    public AzureMetering metering() {
        return metering;
    }

    WebhookAuthenticator webhookAuthenticator() {
        return webhookAuthenticator;
    }

    private Router buildActivationRouter() {
        return ActivationApplication.builder().store(store).mailer(mailer.get())
                .signingKey(SigningKey.fromBase64(settings.sessionSecret())).clock(clock)
                .sites(SiteSettings.parse(settings.sitesJson())).secureCookies(settings.secureCookies())
                .azure(fulfillment, signIn, settings.publicBaseUrl()).build().router();
    }

    /** The DynamoDB table shared with the AWS functions, reached from Azure (see the README on credentials). */
    public static ItemStore dynamoDbStore(AzureSettings settings, Clock clock) {
        boolean loopback = settings.dynamoDbEndpoint().map(URI::getHost)
                .filter(host -> host.equals("localhost") || host.startsWith("127.")).isPresent();
        // a local DynamoDB takes any key; elsewhere the default chain: web identity federated from the
        // app's managed identity, or keys from Key Vault references in the app settings
        AwsCredentialsProvider credentials = loopback
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))
                : DefaultCredentialsProvider.builder().build();
        var builder = DynamoDbClient.builder().region(Region.of(settings.awsRegion())).credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.builder().build());
        settings.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
        return new DynamoDbItemStore(builder.build(), settings.tableName(), clock);
    }

    /** The mailer the app settings describe (built on first use). */
    public static Supplier<Mailer> mailerFrom(Map<String, String> env) {
        Lazy<Mailer> lazy = new Lazy<>(() -> Mailers.fromEnvironment(env));
        return lazy::get;
    }

    /** A value built once, on first use, by whichever thread gets there first. */
    static final class Lazy<T> {
        private final Supplier<T> factory;
        private volatile T value;

        Lazy(Supplier<T> factory) {
            this.factory = factory;
        }

        T get() {
            T current = value;
            if (current == null) {
                synchronized (this) {
                    current = value;
                    if (current == null) {
                        current = Objects.requireNonNull(factory.get());
                        value = current;
                    }
                }
            }
            return current;
        }
    }
}
