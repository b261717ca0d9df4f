package org.mpactivation.testkit;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where a test DynamoDB engine answers, and the (dummy) credentials it accepts.
 *
 * <p>{@link #client()} builds a client the way the production code should build its own: region,
 * credentials provider and the URL-connection HTTP client are all set explicitly, so the SDK never
 * walks its default provider chains; the endpoint override points it at the local engine.
 *
 * @param endpoint        the engine's base URI, e.g. {@code http://127.0.0.1:38211}
 * @param region          the signing region, e.g. {@code us-east-1}
 * @param accessKeyId     access key the engine accepts (any value for dynalite)
 * @param secretAccessKey secret key the engine accepts (any value for dynalite)
 * @param name            a short name of the engine for messages and test names, e.g. {@code dynalite}
 *                        or {@code localstack}
 */
public record DynamoDbEndpoint(URI endpoint, String region, String accessKeyId, String secretAccessKey,
                               String name) {

    public DynamoDbEndpoint {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(name, "name");
    }

    /**
     * A new client for this endpoint. The caller owns it and closes it (closing it also closes its
     * HTTP client).
     */
    public DynamoDbClient client() {
        return DynamoDbClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(30)))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
                .region(Region.of(region))
                .endpointOverride(endpoint)
                .build();
    }

    /** Names the engine and endpoint; leaves the secret out. */
    @Override
    public String toString() {
        return name + " at " + endpoint + " (region " + region + ")";
    }
}
