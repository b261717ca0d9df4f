package org.mpactivation.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpactivation.aws.local.HttpApiEmulation;
import org.mpactivation.web.WebResponse;

/**
 * The payload 2.0 event built from a request's values, as API Gateway builds it: read back from its JSON by the
 * aws-lambda-java-events class (what Lambda's own mapping would make of it), and the function's JSON answer
 * read as API Gateway reads it.
 */
class HttpApiEmulationTest {

    @Test
    void givenARequestsValues_thenTheEventHasThemWhereApiGatewayPutsThem() {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        headers.put("Content-Type", List.of("application/json"));
        headers.put("cookie", List.of("a=1; b=2", "c=3"));
        headers.put("Accept", List.of("text/html", "*/*"));

        APIGatewayV2HTTPEvent event = asLambdaReadsIt(HttpApiEmulation.toEvent("POST", "/aws/p%2Fq", "x=%41",
                headers, "192.0.2.4", "{}".getBytes(StandardCharsets.UTF_8), "arn:aws:iam::1:user/u"));

        assertEquals("2.0", event.getVersion());
        assertEquals("/aws/p%2Fq", event.getRawPath());
        assertEquals("x=%41", event.getRawQueryString());
        assertEquals("POST", event.getRequestContext().getHttp().getMethod());
        assertEquals("192.0.2.4", event.getRequestContext().getHttp().getSourceIp());
        assertEquals(Map.of("content-type", "application/json", "accept", "text/html,*/*"), event.getHeaders());
        assertEquals(List.of("a=1", "b=2", "c=3"), event.getCookies());
        assertEquals("{}", new String(Base64.getDecoder().decode(event.getBody()), StandardCharsets.UTF_8));
        assertEquals("arn:aws:iam::1:user/u", event.getRequestContext().getAuthorizer().getIam().getUserArn());
    }

    @Test
    void givenNoQueryCookiesBodyOrCaller_thenThoseFieldsAreEmpty() {
        APIGatewayV2HTTPEvent event = asLambdaReadsIt(HttpApiEmulation.toEvent("GET", "/healthz", null, Map.of(),
                "127.0.0.1", new byte[0], null));
        assertEquals("", event.getRawQueryString());
        assertNull(event.getCookies());
        assertNull(event.getBody());
        assertNull(event.getRequestContext().getAuthorizer());
    }

    @Test
    void givenAFunctionsAnswer_thenStatusHeadersCookiesAndBodyAreReadAsApiGatewayReadsThem() {
        HttpApiEmulation.Answer answer = HttpApiEmulation.invoke((input, output, context) -> HttpApiEvents.write(
                new WebResponse(303, Map.of("Location", "/next"), List.of("a=1; Path=/", "b=2"), "moved"), output),
                HttpApiEmulation.toEvent("GET", "/", null, Map.of(), "127.0.0.1", new byte[0], null), null);

        assertEquals(303, answer.statusCode());
        assertEquals(Map.of("Location", "/next"), answer.headers());
        assertEquals(List.of("a=1; Path=/", "b=2"), answer.cookies());
        assertEquals("moved", new String(answer.bodyBytes(), StandardCharsets.UTF_8));
    }

    private static APIGatewayV2HTTPEvent asLambdaReadsIt(HttpApiEvent event) {
        try {
            return TestEvents.JSON.readValue(HttpApiEventJson.of(event), APIGatewayV2HTTPEvent.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
