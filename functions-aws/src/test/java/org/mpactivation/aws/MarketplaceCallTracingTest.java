package org.mpactivation.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
import org.mpactivation.testkit.LogCapture;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.marketplacemetering.MarketplaceMeteringClient;
import software.amazon.awssdk.services.marketplacemetering.model.InvalidTokenException;

/** Our request id goes to AWS Marketplace with each call, and AWS's request id comes back into the same log line. */
class MarketplaceCallTracingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> correlationIds = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private MarketplaceMeteringClient client;
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
        client = MarketplaceMeteringClient.builder().region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create())
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .overrideConfiguration(o -> o.addExecutionInterceptor(new MarketplaceCallTracing())
                        .retryStrategy(software.amazon.awssdk.retries.DefaultRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    @Test
    void givenACallInARequest_thenItCarriesOurIdAndTheLineNamesBoth() throws Exception {
        List<String> lines;
        try (LogCapture capture = LogCapture.start();
             RequestContext.Scope ignored = RequestContext.open("apigw-req-1", "fulfillment", "aws")) {
            client.resolveCustomer(r -> r.registrationToken("registration-token-secret"));
            status = 400;
            assertThrows(InvalidTokenException.class,
                    () -> client.resolveCustomer(r -> r.registrationToken("registration-token-secret")));
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
        assertEquals("aws-req-2", calls.get(1).get("marketplace_request_id").asText());
        assertEquals("400", calls.get(1).get("call_status").asText());
        assertFalse(String.join("\n", lines).contains("registration-token-secret"));
    }

    @Test
    void givenACallOutsideARequest_thenAFreshIdIsSent() {
        client.resolveCustomer(r -> r.registrationToken("t"));
        assertEquals(1, correlationIds.size());
        assertFalse(correlationIds.get(0).isBlank() || "null".equals(correlationIds.get(0)));
    }
}
