package org.mpactivation.aws.snapstart;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsHttp;
import org.mpactivation.adapter.aws.UrlConnectionAwsHttp;
import org.mpactivation.adapter.security.SecureRandomSource;
import org.mpactivation.port.out.RandomSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

/**
 * What a function's object graph holds that must not outlive a SnapStart snapshot: the credentials the SDK
 * clients sign with and the HTTP client they send through, the same two for the light AWS clients
 * ({@link #awsCredentials()}, {@link #awsHttp()}: the store's DynamoDB client), and the random source ids,
 * secrets and codes come from. The graph is built on these holders; {@link #renew()} (after each restore)
 * replaces what they hold.
 */
public final class AwsConnections {

    private final RenewableCredentials credentials;
    private final RenewableHttpClient http;
    private final RenewableAwsCredentials awsCredentials;
    private final RenewableAwsHttp awsHttp;
    private final RenewableRandomSource random;

    /** The light clients get the process's role from its environment and the JDK's HttpURLConnection. */
    public AwsConnections(Supplier<? extends AwsCredentialsProvider> credentials,
                          Supplier<? extends SdkHttpClient> http, Supplier<? extends RandomSource> random) {
        this(credentials, http, AwsConnections::roleCredentialSource, UrlConnectionAwsHttp::standard, random);
    }

    public AwsConnections(Supplier<? extends AwsCredentialsProvider> credentials,
                          Supplier<? extends SdkHttpClient> http,
                          Supplier<? extends AwsCredentialSource> awsCredentials,
                          Supplier<? extends AwsHttp> awsHttp, Supplier<? extends RandomSource> random) {
        this.credentials = new RenewableCredentials(Objects.requireNonNull(credentials, "credentials"));
        this.http = new RenewableHttpClient(Objects.requireNonNull(http, "http"));
        this.awsCredentials = new RenewableAwsCredentials(Objects.requireNonNull(awsCredentials, "awsCredentials"));
        this.awsHttp = new RenewableAwsHttp(Objects.requireNonNull(awsHttp, "awsHttp"));
        this.random = new RenewableRandomSource(Objects.requireNonNull(random, "random"));
    }

    /**
     * The function role's credentials, the URL-connection HTTP client (the SDK's and the JDK's) and the
     * platform's SecureRandom.
     */
    public static AwsConnections lambda() {
        return new AwsConnections(AwsConnections::roleCredentials, AwsConnections::urlConnectionClient,
                AwsConnections::roleCredentialSource, UrlConnectionAwsHttp::standard, SecureRandomSource::new);
    }

    /**
     * The function role's credentials for the light clients: the container endpoint under SnapStart, else
     * the AWS_* variables; nothing is fetched until the first request signs.
     */
    public static AwsCredentialSource roleCredentialSource() {
        return AwsCredentialSource.fromEnvironment(System.getenv());
    }

    /**
     * The function role's credentials, without searching the provider chain at cold start: with
     * SnapStart, Lambda serves them from a container endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI)
     * instead of the AWS_ACCESS_KEY_ID variables.
     */
    public static AwsCredentialsProvider roleCredentials() {
        String containerUri = System.getenv("AWS_CONTAINER_CREDENTIALS_FULL_URI");
        return containerUri != null && !containerUri.isBlank()
                ? ContainerCredentialsProvider.builder().build()
                : EnvironmentVariableCredentialsProvider.create();
    }

    public static SdkHttpClient urlConnectionClient() {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(3))
                .socketTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Fresh randomness, fresh credentials (nothing cached), fresh HTTP clients (no connection kept). */
    public void renew() {
        random.renew();
        credentials.renew();
        http.renew();
        awsCredentials.renew();
        awsHttp.renew();
    }

    public RenewableCredentials credentials() {
        return credentials;
    }

    public RenewableHttpClient http() {
        return http;
    }

    /** What the light AWS clients sign with. */
    public RenewableAwsCredentials awsCredentials() {
        return awsCredentials;
    }

    /** What the light AWS clients send through. */
    public RenewableAwsHttp awsHttp() {
        return awsHttp;
    }

    public RenewableRandomSource random() {
        return random;
    }
}
