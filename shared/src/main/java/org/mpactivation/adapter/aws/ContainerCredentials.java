package org.mpactivation.adapter.aws;

import org.mpactivation.domain.Timestamps;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.function.Supplier;
import org.mpactivation.config.JsonFields;

/**
 * The role's temporary credentials from the container credentials endpoint, which Lambda serves for
 * SnapStart functions (and ECS for tasks): a GET on {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} with the
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN} (or the token file's content) as {@code Authorization}, answering
 * {@code AccessKeyId}, {@code SecretAccessKey}, {@code Token} and {@code Expiration}. They are kept until five
 * minutes before they expire; if fetching new ones fails while the old ones still work, the old ones are used.
 */
public final class ContainerCredentials implements AwsCredentialSource {

    static final String FULL_URI = "AWS_CONTAINER_CREDENTIALS_FULL_URI";
    static final String RELATIVE_URI = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI";
    static final String TOKEN = "AWS_CONTAINER_AUTHORIZATION_TOKEN";
    static final String TOKEN_FILE = "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE";
    /** ECS's and Lambda's link-local endpoint for relative URIs. */
    static final String RELATIVE_HOST = "http://169.254.170.2";
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    private static final JsonFactory JSON = new JsonFactory();

    private final URI endpoint;
    private final Supplier<String> authorization;
    private final AwsHttp http;
    private final Clock clock;
    private AwsCredentials cached;

    public ContainerCredentials(URI endpoint, Supplier<String> authorization, AwsHttp http, Clock clock) {
        this.endpoint = endpoint;
        this.authorization = authorization;
        this.http = http;
        this.clock = clock;
    }

    static boolean configured(Map<String, String> env) {
        return present(env.get(FULL_URI)) || present(env.get(RELATIVE_URI));
    }

    static ContainerCredentials fromEnvironment(Map<String, String> env) {
        URI uri = present(env.get(FULL_URI)) ? URI.create(env.get(FULL_URI)) : URI.create(RELATIVE_HOST + env.get(RELATIVE_URI));
        String token = env.get(TOKEN);
        String tokenFile = env.get(TOKEN_FILE);
        Supplier<String> authorization = () -> {
            if (present(tokenFile)) {
                try {
                    return Files.readString(Path.of(tokenFile), StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new AwsClientException("the container authorization token file cannot be read", e);
                }
            }
            return present(token) ? token : null;
        };
        return new ContainerCredentials(uri, authorization,
                new UrlConnectionAwsHttp(Duration.ofSeconds(2), Duration.ofSeconds(5)), Clock.systemUTC());
    }

    @Override
    public synchronized AwsCredentials credentials() {
        Instant now = clock.instant();
        if (cached != null && !cached.expiresWithin(REFRESH_MARGIN, now)) {
            return cached;
        }
        try {
            cached = fetch();
        } catch (AwsClientException e) {
            if (cached == null || cached.expiresWithin(Duration.ZERO, now)) {
                throw e;
            }
        }
        return cached;
    }

    private AwsCredentials fetch() {
        String token = authorization.get();
        Map<String, String> headers = token == null ? Map.of("Accept", "application/json")
                : Map.of("Accept", "application/json", "Authorization", token);
        AwsHttp.Response response;
        try {
            response = http.send(new AwsHttp.Request("GET", endpoint, headers, null));
        } catch (IOException e) {
            throw new AwsClientException("the container credentials endpoint did not answer", e);
        }
        if (response.status() != 200) {
            throw new AwsClientException("the container credentials endpoint answered HTTP " + response.status());
        }
        return parse(response.body());
    }

    static AwsCredentials parse(byte[] body) {
        Map<String, String> fields;
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new AwsClientException("the container credentials are not a JSON object");
            }
            fields = JsonFields.fields(parser);
        } catch (IOException e) {
            throw new AwsClientException("the container credentials could not be read", e);
        }
        String id = fields.get("AccessKeyId");
        String secret = fields.get("SecretAccessKey");
        if (id == null || secret == null) {
            throw new AwsClientException("the container credentials lack AccessKeyId or SecretAccessKey");
        }
        Instant expiration;
        try {
            expiration = fields.get("Expiration") == null ? null : Timestamps.parse(fields.get("Expiration"));
        } catch (DateTimeParseException e) {
            throw new AwsClientException("the container credentials could not be read", e);
        }
        return new AwsCredentials(id, secret, fields.get("Token"), expiration);
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
