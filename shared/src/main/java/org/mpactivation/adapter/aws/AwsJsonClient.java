package org.mpactivation.adapter.aws;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;
import org.mpactivation.config.JsonFields;
import org.mpactivation.port.out.Pause;

/**
 * One AWS service spoken in the AWS JSON protocol (1.0 for DynamoDB, 1.1 for AWS Marketplace): each
 * {@link #call} writes the request with a {@link JsonGenerator}, signs it (Signature Version 4), sends it,
 * retries as {@link Retries} says, and reads a 2xx answer with a {@link JsonParser}. An error answer becomes
 * an {@link AwsServiceException} carrying the service's error code; no answer at all an
 * {@link AwsClientException}. Thread-safe; one per service and process.
 */
public final class AwsJsonClient {

    /** The JSON factory every adapter of this package reads and writes with. */
    public static final JsonFactory JSON = new JsonFactory();

    /**
     * @param jsonVersion  {@code 1.0} or {@code 1.1}, as the service's API model says
     * @param targetPrefix the {@code X-Amz-Target} prefix, e.g. {@code DynamoDB_20120810}
     * @param signingName  the service name in the signature's scope, e.g. {@code dynamodb}
     */
    public record Service(String jsonVersion, String targetPrefix, String signingName) {
    }

    /** Writes one request body. */
    @FunctionalInterface
    public interface Body {
        void write(JsonGenerator json) throws IOException;
    }

    /** Reads one answer body; the parser stands before its first token. */
    @FunctionalInterface
    public interface Answer<T> {
        T read(JsonParser json) throws IOException;
    }

    /** Told of every HTTP request sent: for metrics, tracing and counting calls. */
    @FunctionalInterface
    public interface Listener {
        /** @param status the answer's HTTP status, or -1 when there was none */
        void sent(String operation, int attempt, int status, Duration elapsed);

        Listener NONE = (operation, attempt, status, elapsed) -> { };
    }

    private final Service service;
    private final URI endpoint;
    private final String host;
    private final String region;
    private final AwsCredentialSource credentials;
    private final AwsHttp http;
    private final Retries retries;
    private final Pause pause;
    private final Clock clock;
    private final Listener listener;

    public AwsJsonClient(Service service, URI endpoint, String region, AwsCredentialSource credentials,
                         AwsHttp http, Retries retries, Pause pause, Clock clock, Listener listener) {
        this.service = Objects.requireNonNull(service, "service");
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.host = SigV4.hostHeader(endpoint);
        this.region = Objects.requireNonNull(region, "region");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.http = Objects.requireNonNull(http, "http");
        this.retries = Objects.requireNonNull(retries, "retries");
        this.pause = Objects.requireNonNull(pause, "pause");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * The regional endpoint {@code https://<prefix>.<region>.<dns suffix>}: {@code amazonaws.com.cn} in the
     * China regions, {@code amazonaws.com} elsewhere (GovCloud included).
     */
    public static URI regionalEndpoint(String hostPrefix, String region) {
        String suffix = region.startsWith("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
        return URI.create("https://" + hostPrefix + "." + region + "." + suffix);
    }

    public URI endpoint() {
        return endpoint;
    }

    public <T> T call(String operation, Body body, Answer<T> answer) {
        byte[] payload = write(body);
        AwsServiceException lastError = null;
        IOException lastFailure = null;
        for (int attempt = 1; attempt <= retries.maxAttempts(); attempt++) {
            boolean throttled = lastError != null && Retries.throttling(lastError.errorCode());
            if (attempt > 1) {
                backOff(attempt - 1, throttled);
            }
            long started = System.nanoTime();
            AwsHttp.Response response;
            try {
                response = http.send(request(operation, payload));
            } catch (IOException e) {
                listener.sent(operation, attempt, -1, Duration.ofNanos(System.nanoTime() - started));
                lastFailure = e;
                lastError = null;
                continue;
            }
            listener.sent(operation, attempt, response.status(), Duration.ofNanos(System.nanoTime() - started));
            if (!checksumMatches(response)) {
                lastFailure = new IOException("the answer's CRC32 does not match its body");
                lastError = null;
                continue;
            }
            if (response.status() / 100 == 2) {
                return read(operation, response.body(), answer);
            }
            lastError = error(response);
            lastFailure = null;
            if (!(response.status() >= 500 || Retries.throttling(lastError.errorCode()))) {
                throw lastError;
            }
        }
        if (lastError != null) {
            throw lastError;
        }
        throw new AwsClientException(service.targetPrefix() + "." + operation + " got no answer from " + host
                + " in " + retries.maxAttempts() + " attempt(s)", lastFailure);
    }

    private AwsHttp.Request request(String operation, byte[] payload) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-amz-json-" + service.jsonVersion());
        headers.put("X-Amz-Target", service.targetPrefix() + "." + operation);
        headers.putAll(SigV4.sign("POST", host, endpoint.getRawPath(), headers, payload, credentials.credentials(),
                region, service.signingName(), clock.instant()));
        return new AwsHttp.Request("POST", endpoint, headers, payload);
    }

    private void backOff(int retry, boolean throttled) {
        long ceiling = retries.ceiling(retry, throttled).toMillis();
        if (ceiling > 0) {
            pause.sleep(Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1)));
        }
    }

    private static boolean checksumMatches(AwsHttp.Response response) {
        String expected = response.header("x-amz-crc32");
        if (expected == null) {
            return true;
        }
        CRC32 crc = new CRC32();
        crc.update(response.body());
        return expected.strip().equals(Long.toString(crc.getValue()));
    }

    private static byte[] write(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            body.write(json);
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    private <T> T read(String operation, byte[] body, Answer<T> answer) {
        try (JsonParser json = JSON.createParser(body.length == 0 ? "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8) : body)) {
            return answer.read(json);
        } catch (IOException | RuntimeException e) {
            if (e instanceof AwsServiceException || e instanceof AwsClientException) {
                throw (RuntimeException) e;
            }
            throw new AwsClientException("the answer to " + service.targetPrefix() + "." + operation
                    + " could not be read", e);
        }
    }

    /** The error code from {@code X-Amzn-ErrorType} or the body's {@code __type}, and the body's message. */
    static AwsServiceException error(AwsHttp.Response response) {
        String type = response.header("x-amzn-errortype");
        String message = null;
        try (JsonParser json = JSON.createParser(response.body())) {
            if (json.nextToken() == JsonToken.START_OBJECT) {
                Map<String, String> fields = JsonFields.fields(json);
                type = type != null ? type : fields.get("__type");
                message = fields.get("message") != null ? fields.get("message") : fields.get("Message");
            }
        } catch (IOException e) {
            message = null;
        }
        return new AwsServiceException(response.status(), errorCode(type, response.status()), message,
                response.header("x-amzn-requestid"));
    }

    static String errorCode(String type, int status) {
        if (type == null || type.isBlank()) {
            return status >= 500 ? "InternalFailure" : "UnknownError";
        }
        String code = type;
        int colon = code.indexOf(':');
        if (colon >= 0) {
            code = code.substring(0, colon);
        }
        int hash = code.lastIndexOf('#');
        return hash >= 0 ? code.substring(hash + 1) : code;
    }
}
