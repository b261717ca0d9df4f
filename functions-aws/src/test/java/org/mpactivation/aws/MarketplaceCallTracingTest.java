package org.mpactivation.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mpactivation.observability.MarketplaceCalls;
import org.mpactivation.observability.RequestContext;
import java.util.Map;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;
import org.mpactivation.adapter.aws.UrlConnectionAwsHttp;
import org.mpactivation.observability.log.LogCapture;
import org.mpactivation.port.out.AwsMarketplace;
import org.mpactivation.port.out.MarketplaceTokenRejectedException;

/** Our request id goes to AWS Marketplace with each call, and AWS's request id comes back into the same log line. */
class MarketplaceCallTracingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> correlationIds = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private AwsMarketplace client;
    private volatile int status = 200;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                correlationIds.add(String.valueOf(exchange.getRequestHeaders().getFirst(MarketplaceCallTracing.HEADER)));
                byte[] body = (status == 200
                        ? "{\"CustomerIdentifier\":\"cust-1\",\"ProductCode\":\"prod-1\",\"CustomerAWSAccountId\":\"111122223333\"}"
                        : "{\"__type\":\"InvalidTokenException\",\"message\":\"bad\"}").getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
                exchange.getResponseHeaders().set("x-amzn-RequestId", "aws-req-" + correlationIds.size());
                if (status != 200) {
                    exchange.getResponseHeaders().set("x-amzn-ErrorType", "InvalidTokenException");
                }
                exchange.sendResponseHeaders(status, body.length);
                exchange.getResponseBody().write(body);
            }
        });
        server.start();
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        AwsSettings settings = AwsSettings.fromEnvironment(Map.of("TABLE_NAME", "activation",
                "MARKETPLACE_PRODUCT_CODE", "prod-1", "MARKETPLACE_METERING_ENDPOINT", endpoint,
                "MARKETPLACE_ENTITLEMENT_ENDPOINT", endpoint));
        client = AwsFunctions.marketplace(settings,
                AwsCredentialSource.fixed(new AwsCredentials("test", "test", null, null)), UrlConnectionAwsHttp.standard());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void givenACallInARequest_thenItCarriesOurIdAndTheLineNamesBoth() throws Exception {
        List<String> lines;
        try (LogCapture capture = LogCapture.start();
             RequestContext.Scope ignored = RequestContext.open("apigw-req-1", "fulfillment", "aws")) {
            client.resolveCustomer("registration-token-secret");
            status = 400;
            assertThrows(MarketplaceTokenRejectedException.class,
                    () -> client.resolveCustomer("registration-token-secret"));
            lines = capture.loggedLines();
        }

        assertEquals(List.of("apigw-req-1", "apigw-req-1"), correlationIds);
        List<JsonNode> calls = lines.stream().filter(l -> l.contains(MarketplaceCalls.MESSAGE)).map(l -> {
            try {
                return JSON.readTree(l).get("mdc");
            } catch (IOException e) {
                throw new AssertionError(l, e);
            }
        }).toList();
        assertEquals(2, calls.size(), lines.toString());
        assertEquals("apigw-req-1", calls.get(0).get("request_id").asText());
        assertEquals("aws-req-1", calls.get(0).get("marketplace_request_id").asText());
        assertEquals("ResolveCustomer", calls.get(0).get("operation").asText());
        assertEquals("200", calls.get(0).get("call_status").asText());
        assertEquals("aws:MarketplaceMetering", calls.get(0).get("marketplace").asText());
        assertTrue(calls.get(0).has("call_latency_ms"));
        assertEquals("aws-req-2", calls.get(1).get("marketplace_request_id").asText());
        assertEquals("400", calls.get(1).get("call_status").asText());
        assertFalse(String.join("\n", lines).contains("registration-token-secret"));
    }

    @Test
    void givenACallOutsideARequest_thenAFreshIdIsSent() {
        client.resolveCustomer("t");
        assertEquals(1, correlationIds.size());
        assertFalse(correlationIds.get(0).isBlank() || "null".equals(correlationIds.get(0)));
    }
}
