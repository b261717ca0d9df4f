package org.mpactivation.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mpactivation.web.BadRequestException;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;

/**
 * The streaming reading of payload 2.0 events and writing of the answers: the samples of the project's
 * {@code events/} folder and AWS's documented example, the optional fields left out, the unknown ones skipped,
 * and anything that is not an event refused with a status, never an exception.
 */
class HttpApiEventsTest {

    /** AWS's documented payload 2.0 example (Lambda developer guide), with the JWT authorizer it shows. */
    private static final String DOCUMENTED = """
            {
              "version": "2.0",
              "routeKey": "$default",
              "rawPath": "/my/path",
              "rawQueryString": "parameter1=value1&parameter1=value2&parameter2=value",
              "cookies": ["cookie1", "cookie2=two"],
              "headers": {"header1": "value1", "header2": "value1,value2", "x-empty": ""},
              "queryStringParameters": {"parameter1": "value1,value2", "parameter2": "value"},
              "requestContext": {
                "accountId": "123456789012",
                "apiId": "api-id",
                "authentication": {"clientCert": {"clientCertPem": "CERT_CONTENT", "serialNumber": "a1:a1",
                    "validity": {"notAfter": "Aug 5 09:36:04 2021 GMT", "notBefore": "Aug 3 09:36:04 2021 GMT"}}},
                "authorizer": {"jwt": {"claims": {"claim1": "value1", "claim2": "value2"},
                    "scopes": ["scope1", "scope2"]}},
                "domainName": "id.execute-api.us-east-1.amazonaws.com",
                "domainPrefix": "id",
                "http": {"method": "POST", "path": "/my/path", "protocol": "HTTP/1.1", "sourceIp": "192.0.2.1",
                    "userAgent": "agent"},
                "requestId": "id",
                "routeKey": "$default",
                "stage": "$default",
                "time": "12/Mar/2020:19:03:58 +0000",
                "timeEpoch": 1583348638390
              },
              "body": "SGVsbG8gZnJvbSBMYW1iZGE=",
              "pathParameters": {"parameter1": "value1"},
              "isBase64Encoded": true,
              "stageVariables": {"stageVariable1": "value1", "stageVariable2": "value2"}
            }
            """;

    @Test
    void givenTheDocumentedExample_thenEveryFieldWeReadAndTheRequestAsBefore() {
        HttpApiEvent event = read(DOCUMENTED).orThrow();

        assertEquals("2.0", event.version());
        assertEquals("$default", event.routeKey());
        assertEquals(List.of("cookie1", "cookie2=two"), event.cookies());
        assertEquals("", event.headers().get("x-empty"), "a header with an empty value is kept");
        assertEquals(Map.of("parameter1", "value1,value2", "parameter2", "value"), event.queryStringParameters());
        assertEquals(new HttpApiEvent.Http("POST", "/my/path", "HTTP/1.1", "192.0.2.1", "agent"),
                event.requestContext().http());
        assertEquals("id", event.requestContext().requestId());
        assertEquals("id.execute-api.us-east-1.amazonaws.com", event.requestContext().domainName());
        assertNull(event.requestContext().iamUserArn(), "a JWT authorizer names no IAM caller");

        WebRequest request = ApiGatewayHttp.toWebRequest(event);
        assertEquals("POST", request.method());
        assertEquals("/my/path", request.path());
        assertEquals(List.of("value1", "value2"), request.query().get("parameter1"));
        assertEquals("Hello from Lambda", request.bodyText(), "the base64 body decoded");
        assertEquals(Map.of("cookie2", "two"), request.cookies(), "a cookie without a value is no cookie");
        assertEquals("", request.header("X-Empty").orElseThrow());
        assertEquals("192.0.2.1", request.clientAddress());
    }

    @Test
    void givenTheProjectSamples_thenTheyReadAsTheDataBindingMapperReadsThem() throws IOException {
        for (String sample : List.of("activation-get.json", "fulfillment-post.json", "healthz-get.json",
                "usage-post.json")) {
            byte[] json = Files.readAllBytes(projectRoot().resolve("events").resolve(sample));
            JsonNode tree = TestEvents.JSON.readTree(json);
            HttpApiEvent event = HttpApiEvents.read(new ByteArrayInputStream(json)).orThrow();
            JsonNode context = tree.path("requestContext");
            assertEquals(tree.path("rawPath").asText(), event.rawPath(), sample);
            assertEquals(tree.path("rawQueryString").asText(), event.rawQueryString(), sample);
            assertEquals(context.path("http").path("method").asText(), event.requestContext().http().method());
            assertEquals(context.path("http").path("sourceIp").asText(), event.requestContext().http().sourceIp());
            assertEquals(context.path("requestId").asText(), event.requestContext().requestId(), sample);
            assertEquals(tree.path("isBase64Encoded").asBoolean(), event.isBase64Encoded(), sample);
            assertEquals(tree.path("body").isMissingNode() ? null : tree.path("body").asText(), event.body(), sample);
            assertEquals(tree.path("headers").size(), event.headers().size(), sample);
            assertEquals(context.path("authorizer").path("iam").path("userArn").isMissingNode() ? null
                    : context.path("authorizer").path("iam").path("userArn").asText(),
                    event.requestContext().iamUserArn(), sample);
            // the mapping is the one the POJO had
            WebRequest streamed = ApiGatewayHttp.toWebRequest(event);
            assertEquals(streamed.cookies(), ApiGatewayHttp.toWebRequest(LambdaHttp.event(
                    TestEvents.JSON.readValue(json,
                            com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.class))).cookies());
        }
    }

    @Test
    void givenOnlyTheMethod_thenTheOptionalFieldsAreNullAndTheRequestHasItsDefaults() {
        HttpApiEvent event = read("{\"requestContext\":{\"http\":{\"method\":\"GET\"}}}").orThrow();

        assertNull(event.rawPath());
        assertNull(event.cookies());
        assertNull(event.headers());
        assertNull(event.body());
        assertFalse(event.isBase64Encoded());
        WebRequest request = ApiGatewayHttp.toWebRequest(event);
        assertEquals("/", request.path());
        assertEquals(0, request.body().length);
        assertEquals(WebRequest.UNKNOWN_CLIENT, request.clientAddress());
        assertTrue(request.cookies().isEmpty());
    }

    @Test
    void givenNullsAndUnknownFieldsOfAnyShape_thenTheyAreSkipped() {
        HttpApiEvent event = read("""
                {"future": {"deep": [1, {"a": [true, null]}]}, "cookies": null, "headers": {"a": "1", "b": null},
                 "pathParameters": null, "requestContext": {"http": {"method": "PUT", "extra": {"x": 1}},
                 "authorizer": {"iam": {"userArn": "arn:aws:iam::1:user/u", "cognitoIdentity": {"amr": ["x"]}}},
                 "timeEpoch": 12}, "body": "b", "isBase64Encoded": null}""").orThrow();

        assertEquals(Map.of("a", "1"), event.headers(), "a null value is no header");
        assertEquals("PUT", event.requestContext().http().method());
        assertEquals("arn:aws:iam::1:user/u", event.requestContext().iamUserArn());
        assertEquals("b", event.body());
        assertFalse(event.isBase64Encoded());
    }

    @Test
    void givenTheJsonNull_thenNoEventAndTheRouterRefusesIt() {
        HttpApiEvents.Received received = read("null");
        assertNull(received.unreadable());
        assertNull(received.event());
        assertEquals(400, assertThrows(BadRequestException.class,
                () -> ApiGatewayHttp.toWebRequest(received.orThrow())).status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "{\"rawPath\": }", "[1, 2]", "\"text\"", "{} {}", "{\"headers\": [\"a\"]}",
            "{\"cookies\": {\"a\": 1}}", "{\"requestContext\": 5}", "{\"body\": {\"a\": 1}}",
            "{\"isBase64Encoded\": [true]}", "{\"rawPath\": \"\\u0000\" "})
    void givenSomethingThatIsNotAnEvent_then400Malformed(String json) {
        BadRequestException refused = read(json).unreadable();
        assertEquals(400, refused.status(), json);
        assertEquals("error.request.malformed", refused.messageKey());
    }

    @Test
    void givenNestingDeeperThanAnyEvent_then400() {
        String deep = "{\"x\":" + "[".repeat(5_000) + "]".repeat(5_000) + "}";
        assertEquals(400, read(deep).unreadable().status());
    }

    @Test
    void givenAnEventOverTheLimit_then413BeforeItIsAllRead() {
        byte[] start = "{\"body\": \"".getBytes(StandardCharsets.UTF_8);
        InputStream endless = new InputStream() {
            private int served;

            @Override
            public int read() {
                return served < start.length ? start[served++] : 'a';
            }
        };
        BadRequestException refused = HttpApiEvents.read(endless).unreadable();
        assertEquals(413, refused.status());
        assertEquals("error.request.tooLarge", refused.messageKey());
    }

    @Test
    void givenAnAnswer_thenThePayload20ResponseFields() throws IOException {
        JsonNode written = written(new WebResponse(303, Map.of("Location", "/next", "X-Empty", ""),
                List.of("a=1; Path=/; HttpOnly", "b=\"q\""), "see \"there\" \u00e9"));

        assertEquals(303, written.path("statusCode").asInt());
        assertEquals("/next", written.path("headers").path("Location").asText());
        assertEquals("", written.path("headers").path("X-Empty").asText());
        assertEquals(List.of("a=1; Path=/; HttpOnly", "b=\"q\""),
                List.of(written.path("cookies").get(0).asText(), written.path("cookies").get(1).asText()));
        assertEquals("see \"there\" \u00e9", written.path("body").asText());
        assertFalse(written.path("isBase64Encoded").asBoolean(true));
        assertEquals(5, written.size());
    }

    @Test
    void givenAnAnswerWithoutCookiesOrBody_thenNoCookiesFieldAndAnEmptyBody() throws IOException {
        JsonNode written = written(WebResponse.text(204, "text/plain", null));
        assertTrue(written.path("cookies").isMissingNode(), written.toString());
        assertEquals("", written.path("body").asText());
        assertEquals("text/plain", written.path("headers").path("Content-Type").asText());
    }

    @Test
    void givenAnEventWritten_thenItReadsBackTheSame() {
        HttpApiEvent event = new HttpApiEvent("2.0", "$default", "/a%2Fb", "x=1", List.of("a=1"),
                Map.of("host", "h", "x-empty", ""), Map.of("x", "1"), new HttpApiEvent.RequestContext("r", "h",
                new HttpApiEvent.Http("POST", "/a%2Fb", "HTTP/1.1", "192.0.2.9", "ua"), "arn:aws:iam::1:user/u"),
                "Ym9keQ==", true);
        assertEquals(event, HttpApiEvents.read(new ByteArrayInputStream(HttpApiEventJson.of(event))).orThrow());
    }

    private static HttpApiEvents.Received read(String json) {
        return HttpApiEvents.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode written(WebResponse response) throws IOException {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        HttpApiEvents.write(response, output);
        return TestEvents.JSON.readTree(output.toByteArray());
    }

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("events"))) {
            dir = dir.getParent();
        }
        return dir;
    }
}
