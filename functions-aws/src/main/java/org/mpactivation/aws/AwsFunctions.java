package org.mpactivation.aws;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.mpactivation.adapter.mail.Mailers;
import org.mpactivation.adapter.store.DynamoDbItemStore;
import org.mpactivation.application.SigningKey;
import org.mpactivation.config.ActivationApplication;
import org.mpactivation.config.SiteSettings;
import org.mpactivation.port.out.AwsMarketplace;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.marketplaceentitlement.MarketplaceEntitlementClient;
import software.amazon.awssdk.services.marketplacemetering.MarketplaceMeteringClient;

/**
 * Builds the functions' object graph from settings, once per execution environment: SDK clients
 * with region, credentials and the URL-connection HTTP client set explicitly (nothing discovered
 * at cold start), the store, the mailer and the application.
 */
public final class AwsFunctions {

    private AwsFunctions() {
    }

    /** The activation pages: store and mail, no marketplace permissions needed. */
    public static ActivationApplication activationPages(Map<String, String> env) {
        AwsSettings settings = AwsSettings.fromEnvironment(env);
        return base(settings, env).mailer(Mailers.fromEnvironment(env)).build();
    }

    /** The fulfillment URL: resolves tokens with AWS Marketplace, then hands over to the pages. */
    public static ActivationApplication fulfillment(Map<String, String> env) {
        AwsSettings settings = AwsSettings.fromEnvironment(env);
        return base(settings, env).serveActivationPages(false)
                .awsMarketplace(marketplace(settings, credentials(), httpClient()), settings.contractPricing())
                .build();
    }

    static ActivationApplication.Builder base(AwsSettings settings, Map<String, String> env) {
        DynamoDbClient dynamoDb = dynamoDb(settings, credentials(), httpClient());
        return ActivationApplication.builder()
                .store(new DynamoDbItemStore(dynamoDb, settings.tableName(), Clock.systemUTC()))
                .signingKey(SigningKey.fromBase64(settings.sessionSecret()))
                .sites(SiteSettings.parse(settings.sitesJson()))
                .secureCookies(settings.secureCookies());
    }

    public static DynamoDbClient dynamoDb(AwsSettings settings, AwsCredentialsProvider credentials,
                                          SdkHttpClient http) {
        var builder = DynamoDbClient.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .httpClient(http);
        settings.dynamoDbEndpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    public static AwsMarketplace marketplace(AwsSettings settings, AwsCredentialsProvider credentials,
                                             SdkHttpClient http) {
        Region region = Region.of(settings.marketplaceRegion());
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                .apiCallTimeout(Duration.ofSeconds(10))
                .addExecutionInterceptor(new LicenseArnCapture())
                .build();
        var metering = MarketplaceMeteringClient.builder().region(region).credentialsProvider(credentials)
                .httpClient(http).overrideConfiguration(overrides);
        settings.meteringEndpoint().ifPresent(metering::endpointOverride);
        var entitlements = MarketplaceEntitlementClient.builder().region(region).credentialsProvider(credentials)
                .httpClient(http).overrideConfiguration(o -> o.apiCallTimeout(Duration.ofSeconds(10)));
        settings.entitlementEndpoint().ifPresent(entitlements::endpointOverride);
        return new ProductCheckingMarketplace(
                new SdkAwsMarketplace(metering.build(), entitlements.build(), settings.partition()),
                settings.productCode());
    }

    /**
     * The function role's credentials, without searching the provider chain at cold start: with
     * SnapStart, Lambda serves them from a container endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI)
     * instead of the AWS_ACCESS_KEY_ID variables.
     */
    static AwsCredentialsProvider credentials() {
        String containerUri = System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        return containerUri != null && !containerUri.isBlank()
                ? ContainerCredentialsProvider.builder().build()
                : EnvironmentVariableCredentialsProvider.create();
    }

    static SdkHttpClient httpClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
    }
}
