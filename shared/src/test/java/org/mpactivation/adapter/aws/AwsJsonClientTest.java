package org.mpactivation.adapter.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.mpactivation.port.out.Pause;

class AwsJsonClientTest {

    private static final AwsJsonClient.Service DYNAMODB =
            new AwsJsonClient.Service("1.0", "DynamoDB_20120810", "dynamodb");
    private static final Instant NOW = Instant.parse("2026-12-03T18:00:00Z");

    private final Deque<Object> answers = new ArrayDeque<>();
    private final List<AwsHttp.Request> sent = new ArrayList<>();
    private final List<Duration> waits = new ArrayList<>();
    private final List<String> heard = new ArrayList<>();
    private final AwsHttp http = request -> {
        sent.add(request);
        Object next = answers.removeFirst();
        if (next instanceof IOException e) {
            throw e;
        }
        return (AwsHttp.Response) next;
    };
    private final Pause pause = new Pause() {
        @Override
        public void sleep(Duration duration) {
            waits.add(duration);
        }

        @Override
        public long nanoTime() {
            return 0;
        }
    };

    private AwsJsonClient client(Retries retries) {
        return new AwsJsonClient(DYNAMODB, URI.create("http://127.0.0.1:8000"), "eu-west-1",
                AwsCredentialSource.fixed(new AwsCredentials("AKID", "secret", "token", null)), http, retries, pause,
                Clock.fixed(NOW, ZoneOffset.UTC), (operation, attempt, status, elapsed) ->
                        heard.add(operation + "#" + attempt + "=" + status));
    }

    private static AwsHttp.Response answer(int status, String body, String... headers) {
        java.util.HashMap<String, String> map = new java.util.HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        return new AwsHttp.Response(status, map, body.getBytes(StandardCharsets.UTF_8));
    }

    private static String readName(JsonParser json) throws IOException {
        String found = null;
        for (JsonToken token = json.nextToken(); token != null; token = json.nextToken()) {
            if (token == JsonToken.FIELD_NAME && "TableName".equals(json.currentName())) {
                json.nextToken();
                found = json.getText();
            }
        }
        return found;
    }

    @Test
    void givenAnOkAnswer_thenOneSignedJsonPostNamingTheOperationAndTheAnswerRead() {
        answers.add(answer(200, "{\"TableName\":\"activation\"}"));

        String name = client(Retries.dynamoDb()).call("DescribeTable",
                json -> {
                    json.writeStartObject();
                    json.writeStringField("TableName", "activation");
                    json.writeEndObject();
                }, AwsJsonClientTest::readName);

        assertEquals("activation", name);
        AwsHttp.Request request = sent.get(0);
        assertEquals("POST", request.method());
        assertEquals("{\"TableName\":\"activation\"}", new String(request.body(), StandardCharsets.UTF_8));
        assertEquals("application/x-amz-json-1.0", request.headers().get("Content-Type"));
        assertEquals("DynamoDB_20120810.DescribeTable", request.headers().get("X-Amz-Target"));
        assertEquals("20261203T180000Z", request.headers().get("X-Amz-Date"));
        assertEquals("token", request.headers().get("X-Amz-Security-Token"));
        assertTrue(request.headers().get("Authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKID/20261203/eu-west-1/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature="),
                request.headers().get("Authorization"));
        assertEquals(List.of("DescribeTable#1=200"), heard);
    }

    @Test
    void givenAClientError_thenItsCodeMessageAndRequestIdAndNoRetry() {
        answers.add(answer(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException\","
                + "\"message\":\"The conditional request failed\"}", "x-amzn-requestid", "req-1"));

        AwsServiceException e = assertThrows(AwsServiceException.class,
                () -> client(Retries.dynamoDb()).call("PutItem", json -> json.writeRaw("{}"), AwsJsonClientTest::readName));

        assertEquals(400, e.status());
        assertEquals("ConditionalCheckFailedException", e.errorCode());
        assertTrue(e.is("ConditionalCheckFailedException"));
        assertEquals("req-1", e.requestId());
        assertTrue(e.getMessage().contains("The conditional request failed"));
        assertEquals(1, sent.size());
        assertTrue(waits.isEmpty());
    }

    @Test
    void givenTheErrorTypeHeader_thenItWinsOverTheBodyAndItsSuffixIsDropped() {
        answers.add(answer(400, "{\"__type\":\"Other\",\"Message\":\"m\"}",
                "x-amzn-errortype", "InvalidTokenException:http://internal.amazon.com/coral/"));

        AwsServiceException e = assertThrows(AwsServiceException.class,
                () -> client(Retries.none()).call("ResolveCustomer", json -> json.writeRaw("{}"), json -> null));

        assertEquals("InvalidTokenException", e.errorCode());
        assertTrue(e.getMessage().endsWith(": m"));
    }

    @Test
    void givenThrottlingThenAServerErrorThenOk_thenRetriedWithJitteredWaitsUnderTheirCeilings() {
        answers.add(answer(400, "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\"}"));
        answers.add(answer(500, "{\"__type\":\"com.amazon.coral.service#InternalFailure\"}"));
        answers.add(answer(200, "{}"));

        client(Retries.dynamoDb()).call("GetItem", json -> json.writeRaw("{}"), json -> null);

        assertEquals(3, sent.size());
        assertEquals(2, waits.size());
        assertTrue(waits.get(0).compareTo(Duration.ofMillis(500)) <= 0, "after throttling: up to 500 ms");
        assertTrue(waits.get(1).compareTo(Duration.ofMillis(50)) <= 0, "after a 500: up to 2 × 25 ms");
        assertEquals(List.of("GetItem#1=400", "GetItem#2=500", "GetItem#3=200"), heard);
    }

    @Test
    void givenThrottlingOnEveryAttempt_thenTheLastErrorAfterMaxAttempts() {
        for (int i = 0; i < 3; i++) {
            answers.add(answer(400, "{\"__type\":\"ThrottlingException\"}"));
        }

        AwsServiceException e = assertThrows(AwsServiceException.class,
                () -> client(Retries.standard()).call("GetEntitlements", json -> json.writeRaw("{}"), json -> null));

        assertEquals("ThrottlingException", e.errorCode());
        assertEquals(3, sent.size());
    }

    @Test
    void givenNoAnswerEveryTime_thenAClientErrorNamingTheOperationAndAttempts() {
        answers.add(new java.net.ConnectException("refused"));
        answers.add(new java.net.SocketTimeoutException("read timed out"));
        answers.add(new java.net.ConnectException("refused"));

        AwsClientException e = assertThrows(AwsClientException.class,
                () -> client(Retries.standard()).call("PutItem", json -> json.writeRaw("{}"), json -> null));

        assertTrue(e.getMessage().contains("DynamoDB_20120810.PutItem got no answer from 127.0.0.1:8000 in 3 attempt(s)"),
                e.getMessage());
        assertEquals(List.of("PutItem#1=-1", "PutItem#2=-1", "PutItem#3=-1"), heard);
    }

    @Test
    void givenAnAnswerWhoseCrc32DoesNotMatch_thenRetriedAndAMatchingOneAccepted() {
        String body = "{\"TableName\":\"t\"}";
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        answers.add(answer(200, body, "x-amz-crc32", "12345"));
        answers.add(answer(200, body, "x-amz-crc32", Long.toString(crc.getValue())));

        assertEquals("t", client(Retries.dynamoDb()).call("GetItem", json -> json.writeRaw("{}"),
                AwsJsonClientTest::readName));
        assertEquals(2, sent.size());
    }

    @Test
    void givenAnUnreadableAnswer_thenAClientErrorNotAServiceError() {
        answers.add(answer(200, "{not json"));

        AwsClientException e = assertThrows(AwsClientException.class,
                () -> client(Retries.none()).call("GetItem", json -> json.writeRaw("{}"), AwsJsonClientTest::readName));
        assertTrue(e.getMessage().contains("could not be read"));
    }

    @Test
    void givenNoRetries_thenAServerErrorIsNotRetried() {
        answers.add(answer(503, ""));

        AwsServiceException e = assertThrows(AwsServiceException.class,
                () -> client(Retries.none()).call("BatchMeterUsage", json -> json.writeRaw("{}"), json -> null));
        assertEquals("InternalFailure", e.errorCode());
        assertEquals(1, sent.size());
    }

    @Test
    void regionalEndpoints() {
        assertEquals(URI.create("https://dynamodb.eu-west-1.amazonaws.com"),
                AwsJsonClient.regionalEndpoint("dynamodb", "eu-west-1"));
        assertEquals(URI.create("https://dynamodb.cn-north-1.amazonaws.com.cn"),
                AwsJsonClient.regionalEndpoint("dynamodb", "cn-north-1"));
    }

    @Test
    void credentialsNeverPrintTheirSecret() {
        AwsCredentials credentials = new AwsCredentials("AKID", "the-secret", "the-token", null);
        assertFalse(credentials.toString().contains("the-secret"));
        assertFalse(credentials.toString().contains("the-token"));
    }

    @Test
    void givenTheContainerEndpoint_thenItsCredentialsKeptUntilFiveMinutesBeforeTheyExpire() {
        Instant[] now = {NOW};
        List<String> authorizations = new ArrayList<>();
        int[] served = {0};
        AwsHttp endpoint = request -> {
            authorizations.add(request.headers().get("Authorization"));
            served[0]++;
            return answer(200, "{\"AccessKeyId\":\"ASIA" + served[0] + "\",\"SecretAccessKey\":\"s\",\"Token\":\"t\","
                    + "\"Expiration\":\"" + now[0].plus(Duration.ofHours(1)) + "\",\"Extra\":{\"a\":1}}");
        };
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        ContainerCredentials source = new ContainerCredentials(URI.create("http://127.0.0.1:9001/creds"),
                () -> "auth-token", endpoint, clock);

        assertEquals("ASIA1", source.credentials().accessKeyId());
        now[0] = NOW.plus(Duration.ofMinutes(54));
        assertEquals("ASIA1", source.credentials().accessKeyId());
        now[0] = NOW.plus(Duration.ofMinutes(56));
        AwsCredentials renewed = source.credentials();
        assertEquals("ASIA2", renewed.accessKeyId());
        assertEquals("t", renewed.sessionToken());
        assertEquals(List.of("auth-token", "auth-token"), authorizations);
    }

    @Test
    void givenTheContainerEndpointFailsWhileTheOldCredentialsStillWork_thenTheOldOnes() {
        Instant[] now = {NOW};
        Deque<Object> replies = new ArrayDeque<>(List.of(
                answer(200, "{\"AccessKeyId\":\"ASIA1\",\"SecretAccessKey\":\"s\",\"Token\":\"t\",\"Expiration\":\""
                        + NOW.plus(Duration.ofMinutes(10)) + "\"}"),
                answer(500, "")));
        ContainerCredentials source = new ContainerCredentials(URI.create("http://127.0.0.1:9001/creds"), () -> null,
                request -> (AwsHttp.Response) replies.removeFirst(), Clock.fixed(NOW, ZoneOffset.UTC));

        assertEquals("ASIA1", source.credentials().accessKeyId());
        assertEquals("ASIA1", source.credentials().accessKeyId(), "within the margin, the fetch failed: kept");
    }

    @Test
    void givenNoCredentialsInTheEnvironment_thenAClearFailure() {
        AwsClientException e = assertThrows(AwsClientException.class,
                () -> AwsCredentialSource.fromEnvironment(Map.of()).credentials());
        assertTrue(e.getMessage().contains("AWS_ACCESS_KEY_ID"));
        AwsCredentials fromVariables = AwsCredentialSource.fromEnvironment(Map.of("AWS_ACCESS_KEY_ID", "AKID",
                "AWS_SECRET_ACCESS_KEY", "s", "AWS_SESSION_TOKEN", "")).credentials();
        assertNull(fromVariables.sessionToken());
    }
}
