package org.mpactivation.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.aws.AwsClientException;
import org.mpactivation.adapter.aws.AwsCredentialSource;
import org.mpactivation.adapter.aws.AwsCredentials;
import org.mpactivation.adapter.aws.AwsHttp;
import org.mpactivation.adapter.aws.AwsServiceException;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.port.out.AwsMarketplace;
import org.mpactivation.port.out.MarketplaceTokenRejectedException;
import org.mpactivation.port.out.MarketplaceUnavailableException;

/** The adapter's requests, paging, error mapping and call budget, on a scripted transport. */
class JsonAwsMarketplaceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<AwsHttp.Request> sent = new ArrayList<>();
    private final Deque<AwsHttp.Response> answers = new ArrayDeque<>();
    private final AwsHttp scripted = request -> {
        sent.add(request);
        if (answers.isEmpty()) {
            throw new IOException("connection refused");
        }
        return answers.removeFirst();
    };
    private final AwsSettings settings = AwsSettings.fromEnvironment(Map.of("TABLE_NAME", "activation",
            "MARKETPLACE_PRODUCT_CODE", "prod-1"));
    private final AwsMarketplace marketplace = AwsFunctions.marketplace(settings,
            AwsCredentialSource.fixed(new AwsCredentials("AKIDTEST", "secret", null, null)), scripted);

    private static AwsHttp.Response json(int status, String body) {
        return new AwsHttp.Response(status, Map.of("content-type", "application/x-amz-json-1.1",
                "x-amzn-requestid", "req-" + status), body.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode body(int index) throws IOException {
        return JSON.readTree(sent.get(index).body());
    }

    @Test
    void resolveCustomer_goesToTheRegionsMeteringEndpoint_asJson11_andReadsTheLicence() throws IOException {
        answers.add(json(200, "{\"CustomerIdentifier\":\"c-1\",\"CustomerAWSAccountId\":\"111122223333\","
                + "\"ProductCode\":\"prod-1\",\"LicenseArn\":\"arn:aws:license-manager::1:license:l-1\",\"New\":{}}"));

        AwsCustomer customer = marketplace.resolveCustomer("the-token");

        assertEquals(new AwsCustomer("c-1", "111122223333", "prod-1", "arn:aws:license-manager::1:license:l-1"),
                customer);
        AwsHttp.Request request = sent.get(0);
        assertEquals("https://metering.marketplace.us-east-1.amazonaws.com", request.uri().toString());
        assertEquals("AWSMPMeteringService.ResolveCustomer", request.headers().get("X-Amz-Target"));
        assertEquals("application/x-amz-json-1.1", request.headers().get("Content-Type"));
        assertTrue(request.headers().get("Authorization").contains("/us-east-1/aws-marketplace/aws4_request"));
        assertEquals("the-token", body(0).path("RegistrationToken").asText());
    }

    @Test
    void resolveCustomer_withoutTheOptionalFields_isAnOlderProductsBuyer() {
        answers.add(json(200, "{\"CustomerIdentifier\":\"c-1\",\"ProductCode\":\"prod-1\"}"));

        assertEquals(new AwsCustomer("c-1", null, "prod-1", null), marketplace.resolveCustomer("t"));
    }

    @Test
    void resolveCustomer_withoutAProduct_isUnavailable_notACrash() {
        answers.add(json(200, "{\"CustomerIdentifier\":\"c-1\"}"));

        assertThrows(MarketplaceUnavailableException.class, () -> marketplace.resolveCustomer("t"));
    }

    @Test
    void invalidAndExpiredTokens_areRejectedWithTheirReason_withoutRetry() {
        answers.add(json(400, "{\"__type\":\"com.amazonaws.awsmpmeteringservice#InvalidTokenException\",\"message\":\"m\"}"));
        answers.add(json(400, "{\"__type\":\"ExpiredTokenException\",\"message\":\"m\"}"));

        assertEquals(MarketplaceTokenRejectedException.Reason.INVALID,
                assertThrows(MarketplaceTokenRejectedException.class, () -> marketplace.resolveCustomer("t")).reason());
        assertEquals(MarketplaceTokenRejectedException.Reason.EXPIRED,
                assertThrows(MarketplaceTokenRejectedException.class, () -> marketplace.resolveCustomer("t")).reason());
        assertEquals(2, sent.size());
    }

    @Test
    void otherRefusals_areUnavailable_namingTheErrorCode_butNeverTheToken() {
        answers.add(json(400, "{\"__type\":\"InvalidProductCodeException\",\"message\":\"m\"}"));

        MarketplaceUnavailableException e = assertThrows(MarketplaceUnavailableException.class,
                () -> marketplace.resolveCustomer("secret-registration-token"));

        assertTrue(e.getMessage().contains("InvalidProductCodeException"), e.getMessage());
        assertFalse(e.getMessage().contains("secret-registration-token"));
    }

    @Test
    void aServerErrorWithABodyThatIsNotJson_isRetried_thenUnavailable() {
        for (int i = 0; i < 3; i++) {
            answers.add(new AwsHttp.Response(500, Map.of("content-type", "text/html"),
                    "<html>Internal Server Error</html>".getBytes(StandardCharsets.UTF_8)));
        }

        MarketplaceUnavailableException e = assertThrows(MarketplaceUnavailableException.class,
                () -> marketplace.resolveCustomer("t"));

        assertEquals(500, assertInstanceOf(AwsServiceException.class, e.getCause()).status());
        assertEquals(3, sent.size(), "the standard retries");
    }

    @Test
    void aServerErrorThenAnAnswer_isTheAnswer() {
        answers.add(json(503, "{\"__type\":\"InternalServiceErrorException\"}"));
        answers.add(json(200, "{\"CustomerIdentifier\":\"c-1\",\"ProductCode\":\"prod-1\"}"));

        assertEquals("c-1", marketplace.resolveCustomer("t").customerIdentifier());
        assertEquals(2, sent.size());
    }

    @Test
    void noAnswer_isUnavailable() {
        MarketplaceUnavailableException e = assertThrows(MarketplaceUnavailableException.class,
                () -> marketplace.resolveCustomer("t"));

        assertInstanceOf(AwsClientException.class, e.getCause());
    }

    @Test
    void anotherProductsBuyer_isRejectedAsInvalid() {
        answers.add(json(200, "{\"CustomerIdentifier\":\"c-1\",\"ProductCode\":\"prod-other\"}"));

        assertEquals(MarketplaceTokenRejectedException.Reason.INVALID,
                assertThrows(MarketplaceTokenRejectedException.class, () -> marketplace.resolveCustomer("t")).reason());
    }

    @Test
    void getEntitlements_followsNextToken_overEveryPage() throws IOException {
        answers.add(json(200, "{\"Entitlements\":[{\"Dimension\":\"a\",\"Value\":{\"IntegerValue\":1},"
                + "\"ExpirationDate\":1767225600}],\"NextToken\":\"page-2\"}"));
        answers.add(json(200, "{\"Entitlements\":[],\"NextToken\":\"page-3\"}"));
        answers.add(json(200, "{\"Entitlements\":[{\"Dimension\":\"b\",\"Value\":{\"StringValue\":\"x\"}}],"
                + "\"NextToken\":\"\"}"));

        List<Entitlement> entitlements = marketplace.entitlements(
                new AwsCustomer("c-1", "111122223333", "prod-1", null));

        assertEquals(List.of(new Entitlement("a", "1", Instant.parse("2026-01-01T00:00:00Z")),
                new Entitlement("b", "x", null)), entitlements);
        assertEquals(3, sent.size());
        assertEquals("https://entitlement.marketplace.us-east-1.amazonaws.com", sent.get(0).uri().toString());
        assertEquals("AWSMPEntitlementService.GetEntitlements", sent.get(0).headers().get("X-Amz-Target"));
        JsonNode first = body(0);
        assertEquals("prod-1", first.path("ProductCode").asText());
        assertEquals("111122223333", first.path("Filter").path("CUSTOMER_AWS_ACCOUNT_ID").get(0).asText());
        assertEquals(25, first.path("MaxResults").asInt());
        assertFalse(first.has("NextToken"));
        assertEquals("page-2", body(1).path("NextToken").asText());
        assertEquals("page-3", body(2).path("NextToken").asText());
    }

    @Test
    void getEntitlements_ofABuyerWithoutAccount_filtersByCustomerIdentifier() throws IOException {
        answers.add(json(200, "{}"));

        assertEquals(List.of(), marketplace.entitlements(new AwsCustomer("c-1", null, "prod-1", null)));
        assertEquals("c-1", body(0).path("Filter").path("CUSTOMER_IDENTIFIER").get(0).asText());
    }

    @Test
    void getEntitlements_refused_isUnavailable_namingTheErrorCode() {
        answers.add(json(400, "{\"__type\":\"AccessDeniedException\"}"));

        MarketplaceUnavailableException e = assertThrows(MarketplaceUnavailableException.class,
                () -> marketplace.entitlements(new AwsCustomer("c-1", null, "prod-1", null)));
        assertTrue(e.getMessage().contains("AccessDeniedException"));
    }

    @Test
    void theChinaPartition_hasItsOwnEntitlementHost() {
        assertEquals("https://entitlement-marketplace.cn-northwest-1.amazonaws.com.cn",
                MarketplaceServices.entitlementEndpoint("cn-northwest-1").toString());
        assertEquals("https://metering.marketplace.cn-northwest-1.amazonaws.com.cn",
                MarketplaceServices.meteringEndpoint("cn-northwest-1").toString());
    }

    @Test
    void aSpentCallBudget_startsNoFurtherAttempt() {
        List<AwsHttp.Request> slow = new ArrayList<>();
        CallBudget budget = new CallBudget(request -> {
            slow.add(request);
            throw new IOException("timed out");
        }, Duration.ZERO);
        try (CallBudget.Scope ignored = budget.open()) {
            assertThrows(IOException.class, () -> budget.send(null));
        }
        assertEquals(0, slow.size());
    }
}
