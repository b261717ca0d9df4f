package org.mpactivation.adapter.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

class SigV4Test {

    private static final AwsCredentials EXAMPLE = AwsCredentials.of("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");

    @Test
    void givenTheSignatureTestSuitesGetVanilla_thenTheDocumentedSignature() {
        Map<String, String> added = SigV4.sign("GET", "example.amazonaws.com", "/", Map.of(), new byte[0], EXAMPLE,
                "us-east-1", "service", Instant.parse("2015-08-30T12:36:00Z"));

        assertEquals("20150830T123600Z", added.get("X-Amz-Date"));
        assertEquals("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
                + "SignedHeaders=host;x-amz-date, "
                + "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31", added.get("Authorization"));
    }

    @Test
    void givenTheDocumentedSigningKeyExample_thenTheDocumentedKey() {
        byte[] key = SigV4.hmac(("AWS4" + "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY").getBytes(StandardCharsets.UTF_8),
                "20120215");
        key = SigV4.hmac(key, "us-east-1");
        key = SigV4.hmac(key, "iam");
        key = SigV4.hmac(key, "aws4_request");
        assertEquals("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d", SigV4.hex(key));
    }

    @Property(tries = 60)
    void givenAnyJsonProtocolRequest_thenTheSameAuthorizationAsTheSdksSigner(
            @ForAll @AlphaChars @StringLength(min = 1, max = 40) String target,
            @ForAll @StringLength(max = 200) String body, @ForAll boolean temporary,
            @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 4_102_444_800L) long epochSecond) {
        URI endpoint = URI.create("http://127.0.0.1:8123/");
        Instant now = Instant.ofEpochSecond(epochSecond);
        AwsCredentials credentials = new AwsCredentials("AKIDEXAMPLE", "secret/key+example", temporary ? "session-token" : null, null);
        byte[] payload = body.getBytes(StandardCharsets.UTF_8);
        Map<String, String> headers = new TreeMap<>(Map.of("Content-Type", "application/x-amz-json-1.0",
                "X-Amz-Target", "DynamoDB_20120810." + target));

        AwsCredentialsIdentity identity = temporary
                ? AwsSessionCredentialsIdentity.create("AKIDEXAMPLE", "secret/key+example", "session-token")
                : AwsCredentialsIdentity.create("AKIDEXAMPLE", "secret/key+example");
        SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint);
        headers.forEach(request::putHeader);
        SignedRequest sdk = AwsV4HttpSigner.create().sign(r -> r.identity(identity).request(request.build())
                .payload(ContentStreamProvider.fromByteArray(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "dynamodb")
                .putProperty(AwsV4HttpSigner.REGION_NAME, "eu-west-1")
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC)));
        // sign the same header set the SDK signed (it may add headers of its own, e.g. the payload hash)
        Map<String, String> signedBySdk = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        sdk.request().headers().forEach((name, values) -> signedBySdk.put(name, values.get(0)));
        Map<String, String> ours = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        signedBySdk.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Authorization") && !name.equalsIgnoreCase("Host")
                    && !name.equalsIgnoreCase("X-Amz-Date") && !name.equalsIgnoreCase("X-Amz-Security-Token")) {
                ours.put(name, value);
            }
        });

        Map<String, String> added = SigV4.sign("POST", SigV4.hostHeader(endpoint), "/", ours, payload, credentials,
                "eu-west-1", "dynamodb", now);

        assertEquals(signedBySdk.get("Authorization"), added.get("Authorization"));
        assertEquals(signedBySdk.get("X-Amz-Date"), added.get("X-Amz-Date"));
    }

    @Test
    void givenDefaultAndOtherPorts_thenTheHostHeaderTheHttpClientSends() {
        assertEquals("dynamodb.eu-west-1.amazonaws.com",
                SigV4.hostHeader(URI.create("https://dynamodb.eu-west-1.amazonaws.com")));
        assertEquals("dynamodb.eu-west-1.amazonaws.com",
                SigV4.hostHeader(URI.create("https://dynamodb.eu-west-1.amazonaws.com:443/")));
        assertEquals("localhost:8000", SigV4.hostHeader(URI.create("http://localhost:8000")));
        assertEquals("localhost", SigV4.hostHeader(URI.create("http://localhost:80/")));
    }

    @Property(tries = 500)
    void givenAnyInstant_thenTheAmzDateOfTheDocumentedPattern(
            @ForAll @net.jqwik.api.constraints.LongRange(min = 0, max = 253_402_300_799L) long epochSecond,
            @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 999_999_999) int nano) {
        Instant now = Instant.ofEpochSecond(epochSecond, nano);
        assertEquals(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", java.util.Locale.ROOT)
                .withZone(ZoneOffset.UTC).format(now), SigV4.amzDate(now));
    }
}
