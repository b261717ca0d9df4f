package org.mpactivation.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.SigningKey;
import org.mpactivation.config.ActivationApplication;
import org.mpactivation.domain.AwsCustomer;
import org.mpactivation.domain.Entitlement;
import org.mpactivation.port.out.AwsMarketplace;
import org.mpactivation.port.out.PasswordHasher;

/**
 * Events API Gateway would never send, and requests no browser or product should: every HTTP handler answers
 * them with a 4xx whose body names no exception, class or stack frame, and with the HSTS header.
 */
class MalformedEventsTest {

    private static final SigningKey KEY = new SigningKey("a test signing key of 32 bytes!!".getBytes(StandardCharsets.UTF_8));
    private static final Clock CLOCK = Clock.systemUTC();
    private static final AwsMarketplace UNREACHABLE = new AwsMarketplace() {
        @Override
        public AwsCustomer resolveCustomer(String registrationToken) {
            throw new IllegalStateException("java.net.ConnectException: the marketplace must not be asked");
        }

        @Override
        public List<Entitlement> entitlements(AwsCustomer customer) {
            throw new IllegalStateException("the marketplace must not be asked");
        }

        @Override
        public String partition() {
            return "aws";
        }
    };
    private static final PasswordHasher PLAIN = new PasswordHasher() {
        @Override
        public String hash(String password) {
            return "plain:" + password;
        }

        @Override
        public boolean matches(String password, String hash) {
            return hash.equals("plain:" + password);
        }
    };

    @Test
    void givenMalformedEvents_thenTheActivationHandlerAnswers4xxWithoutExceptionText() {
        ActivationHandler handler = new ActivationHandler(ActivationApplication.builder()
                .store(new InMemoryItemStore(CLOCK)).signingKey(KEY).mailer(message -> { }).passwords(PLAIN)
                .build().router());
        assertAllRefusedCleanly(handler, malformed("/activate/register", false));
    }

    @Test
    void givenMalformedEvents_thenTheFulfillmentHandlerAnswers4xxWithoutExceptionText() {
        FulfillmentHandler handler = new FulfillmentHandler(ActivationApplication.builder()
                .store(new InMemoryItemStore(CLOCK)).signingKey(KEY).serveActivationPages(false)
                .awsMarketplace(UNREACHABLE, false).build().router());
        assertAllRefusedCleanly(handler, malformed("/aws/fulfillment", false));
    }

    @Test
    void givenMalformedEvents_thenTheUsageHandlerAnswers4xxWithoutExceptionText() {
        AwsSettings settings = AwsSettings.fromEnvironment(Map.of("TABLE_NAME", "unused",
                "MARKETPLACE_PRODUCT_CODE", "prod-malformed1", "METERING_DIMENSIONS", "{\"hosts\":\"hosts\"}"));
        UsageIntakeHandler handler = new UsageIntakeHandler(AwsFunctions.usageRouter(settings,
                new InMemoryItemStore(CLOCK), CLOCK));
        Map<String, APIGatewayV2HTTPEvent> events = malformed("/internal/usage", true);
        events.put("JSON that is not a batch", event("/internal/usage", true, e -> {
            e.setHeaders(Map.of("content-type", "application/json"));
            e.setBody("{\"records\": [{\"quantity\": \"1e999999\"}], \"x\": [");
        }));
        events.put("JSON with a charset the body does not match", event("/internal/usage", true, e -> {
            e.setHeaders(Map.of("content-type", "application/json"));
            e.setBody("\u0000\u0001");
        }));
        assertAllRefusedCleanly(handler, events);
    }

    @Test
    void givenTooManyRecordsOrTooLargeABody_thenTheUsageHandlerAnswers413NamingTheLimit() {
        AwsSettings settings = AwsSettings.fromEnvironment(Map.of("TABLE_NAME", "unused",
                "MARKETPLACE_PRODUCT_CODE", "prod-malformed1", "METERING_DIMENSIONS", "{\"hosts\":\"hosts\"}"));
        UsageIntakeHandler handler = new UsageIntakeHandler(AwsFunctions.usageRouter(settings,
                new InMemoryItemStore(CLOCK), CLOCK));
        StringBuilder records = new StringBuilder("{\"records\":[");
        for (int i = 0; i <= org.mpactivation.application.UsageIntake.MAX_RECORDS; i++) {
            records.append(i == 0 ? "" : ",").append("{\"recordId\":\"r-").append(i)
                    .append("\",\"workspaceId\":\"ws-1\",\"dimension\":\"hosts\",\"hour\":\"2025-03-01T10:00:00Z\",")
                    .append("\"quantity\":1}");
        }
        String tooMany = records.append("]}").toString();
        APIGatewayV2HTTPResponse many = LambdaHttp.invoke(handler, event("/internal/usage", true, e -> {
            e.setHeaders(Map.of("content-type", "application/json; charset=utf-8"));
            e.setBody(tooMany);
        }), null);
        assertEquals(413, many.getStatusCode(), many.getBody());
        assertTrue(many.getBody().contains("at most 500 records; this one holds 501"), many.getBody());

        APIGatewayV2HTTPResponse large = LambdaHttp.invoke(handler, event("/internal/usage", true, e -> {
            e.setHeaders(Map.of("content-type", "application/json"));
            e.setBody("{\"records\":[],\"pad\":\"" + "x".repeat(600 * 1024) + "\"}");
        }), null);
        assertEquals(413, large.getStatusCode(), large.getBody());
        assertTrue(large.getBody().contains("512 KiB"), large.getBody());
    }

    private static void assertAllRefusedCleanly(RequestStreamHandler handler,
                                                Map<String, APIGatewayV2HTTPEvent> events) {
        List<String> problems = new ArrayList<>();
        events.forEach((name, event) -> {
            APIGatewayV2HTTPResponse response = LambdaHttp.invoke(handler, event, (Context) null);
            String body = String.valueOf(response.getBody());
            if (response.getStatusCode() < 400 || response.getStatusCode() > 499) {
                problems.add(name + ": status " + response.getStatusCode());
            }
            for (String leak : List.of("Exception", "java.", "at org.", "Error:")) {
                if (body.contains(leak)) {
                    problems.add(name + ": body shows '" + leak + "': " + body);
                }
            }
            String hsts = response.getHeaders() == null ? null : response.getHeaders().get("Strict-Transport-Security");
            if (!"max-age=31536000; includeSubDomains".equals(hsts)) {
                problems.add(name + ": no HSTS header " + response.getHeaders());
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertFalse(events.isEmpty());
    }

    /** Each kind of unreadable event on {@code path}; {@code iam}: with the IAM authorizer's identity. */
    private static Map<String, APIGatewayV2HTTPEvent> malformed(String path, boolean iam) {
        Map<String, APIGatewayV2HTTPEvent> events = new LinkedHashMap<>();
        events.put("null event", null);
        events.put("no request context", event(path, iam, e -> e.setRequestContext(null)));
        events.put("no http in the request context", event(path, iam, e -> e.getRequestContext().setHttp(null)));
        events.put("no method", event(path, iam, e -> e.getRequestContext().getHttp().setMethod(null)));
        events.put("a body marked base64 that is not", event(path, iam, e -> {
            e.setBody("%%% not base64 %%%");
            e.setIsBase64Encoded(true);
        }));
        events.put("a bad escape in the query", event(path, iam, e -> e.setRawQueryString("lang=%zz")));
        events.put("a query that is not UTF-8", event(path, iam, e -> e.setRawQueryString("lang=%e9")));
        events.put("a form value that is not UTF-8", event(path, iam, e -> e.setBody("x-amzn-marketplace-token=%e9")));
        events.put("a lone percent in the form", event(path, iam, e -> e.setBody("x-amzn-marketplace-token=%")));
        events.put("a form of a lookalike type", event(path, iam, e -> e.setHeaders(Map.of("content-type",
                "application/x-www-form-urlencodedx"))));
        events.put("no headers at all", event(path, iam, e -> e.setHeaders(null)));
        events.put("a body over the limit", event(path, iam, e -> e.setBody("a".repeat(600 * 1024))));
        events.put("a wrong method", event(path, iam, e -> e.getRequestContext().getHttp().setMethod("PATCH")));
        return events;
    }

    private static APIGatewayV2HTTPEvent event(String path, boolean iam, Consumer<APIGatewayV2HTTPEvent> defect) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("POST");
        http.setPath(path);
        http.setSourceIp("203.0.113.9");
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setHttp(http);
        if (iam) {
            APIGatewayV2HTTPEvent.RequestContext.IAM identity = new APIGatewayV2HTTPEvent.RequestContext.IAM();
            identity.setUserArn("arn:aws:iam::123456789012:user/product");
            APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
            authorizer.setIam(identity);
            context.setAuthorizer(authorizer);
        }
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRawPath(path);
        event.setRawQueryString("");
        event.setHeaders(new HashMap<>(Map.of("content-type", "application/x-www-form-urlencoded")));
        event.setRequestContext(context);
        event.setBody("x-amzn-marketplace-token=t");
        defect.accept(event);
        return event;
    }
}
