package org.mpactivation.benchmarks.coldstart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpactivation.benchmarks.coldstart.launch.FirstRequest;

class ChildRequestTest {

    private static final String HTTP = """
            {"method": "POST", "path": "/aws/fulfillment", "headers": {"content-type": "application/x-www-form-urlencoded",
             "host": "activation.example.com"}, "body": "x-amzn-marketplace-token=abc"}""";

    @Test
    void givenAnAwsHttpFunction_thenItGetsThePayloadTwoEventAsApiGatewayWouldSendIt() throws Exception {
        Map<String, String> variables = ChildRequest.variables(ColdStartFunction.AWS_FULFILLMENT, HTTP);

        assertEquals(1, variables.size(), variables.toString());
        JsonNode event = new ObjectMapper().readTree(variables.get(FirstRequest.EVENT));
        assertEquals("2.0", event.get("version").asText());
        assertEquals("/aws/fulfillment", event.get("rawPath").asText());
        assertEquals("POST", event.at("/requestContext/http/method").asText());
        assertEquals("application/x-www-form-urlencoded", event.at("/headers/content-type").asText());
        assertTrue(event.get("isBase64Encoded").asBoolean());
        assertEquals("x-amzn-marketplace-token=abc", new String(Base64.getDecoder().decode(event.get("body").asText()),
                StandardCharsets.UTF_8));
    }

    @Test
    void givenAnAzureFunction_thenItGetsTheRequestsPartsAsTheWorkerHasReadThem() {
        Map<String, String> variables = ChildRequest.variables(ColdStartFunction.AZURE_LANDING, """
                {"method": "GET", "path": "/azure/landing", "query": "token=a%2Bb",
                 "headers": {"host": "activation.example.com", "accept": "text/html"}}""");

        assertEquals("GET", variables.get(FirstRequest.METHOD));
        assertEquals("/azure/landing", variables.get(FirstRequest.PATH));
        assertEquals("token=a%2Bb", variables.get(FirstRequest.QUERY));
        assertEquals("host: activation.example.com\naccept: text/html\n", variables.get(FirstRequest.HEADERS));
        assertEquals("", variables.get(FirstRequest.BODY));
    }

    @Test
    void givenAQueueFunction_thenItGetsTheJsonWhichTheRuntimeMapsWithItsOwnMapper() {
        String queue = "{\"messageBody\": \"{}\"}";

        assertEquals(Map.of(FirstRequest.REQUEST, queue), ChildRequest.variables(ColdStartFunction.AWS_NOTIFICATION, queue));
    }
}
