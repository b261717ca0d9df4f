package org.mpactivation.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mpactivation.aws.metrics.EmbeddedMetrics;
import org.mpactivation.observability.log.LogCapture;
import org.mpactivation.simulator.aws.SimulatedCustomer;
import org.mpactivation.testkit.LogLines;

/**
 * Everything the AWS functions write while buyers register and bind (passwords, e-mail codes, the
 * marketplace's registration tokens, session cookies) and a metering run, captured whole: each line is
 * one JSON object with its fields, and no secret the flows used appears in any line.
 */
class AwsLogCaptureEndToEndTest {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");
    private static ActivationHarness harness;

    @BeforeAll
    static void start() throws Exception {
        harness = new ActivationHarness(true, new EmbeddedMetrics(EmbeddedMetrics.DEFAULT_NAMESPACE, "aws-test",
                Clock.systemUTC(), line -> System.out.println(line)));
    }

    @AfterAll
    static void stop() {
        harness.close();
    }

    @Test
    void givenRegisterAndBindFlows_thenEveryLineIsJsonWithItsFieldsAndNoSecretAppears() {
        Set<String> secrets = new LinkedHashSet<>();
        secrets.add(Buyer.PASSWORD);
        secrets.add(Base64.getEncoder().encodeToString(new byte[48]));
        String owner = ActivationHarness.unique("ada");
        String ownerEmail = owner + "@example.com";
        List<String> captured;
        try (LogCapture capture = LogCapture.start()) {
            SimulatedCustomer first = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
            String firstToken = harness.marketplace.issueToken(first);
            secrets.add(firstToken);
            Buyer registering = new Buyer(harness);
            registering.arriveWithToken(firstToken);
            secrets.addAll(registering.browser.cookieValues());
            registering.enterRegistration(owner, ownerEmail);
            assertTrue(registering.activate("Main", "en", "us-oregon").body().contains("Activation succeeded"));
            secrets.addAll(registering.browser.cookieValues());

            SimulatedCustomer second = harness.marketplace.registerCustomer(ActivationHarness.PRODUCT_CODE);
            String secondToken = harness.marketplace.issueToken(second);
            secrets.add(secondToken);
            Buyer binding = new Buyer(harness);
            binding.arriveWithToken(secondToken);
            binding.bindBillingAccount(owner, ownerEmail);
            String newUser = ActivationHarness.unique("linus");
            binding.createWorkspaceWithNewAccount("Second", newUser, newUser + "@example.com");
            assertTrue(binding.confirm().body().contains("Activation succeeded"));
            secrets.addAll(binding.browser.cookieValues());

            harness.meteringHandler(harness.sdkMetering()).handleRequest(Map.of("id", "log-check"), null);
            captured = capture.allLines();
        }
        secrets.addAll(codesSent());
        secrets.removeIf(secret -> secret == null || secret.isBlank());

        LogLines lines = LogLines.of(captured).wellFormed().ourEventsInRequestsCarryTheContext().containNone(secrets);
        List<JsonNode> closing = lines.closingLines();
        assertTrue(closing.size() >= 10, "one closing line per request: " + closing.size());
        assertTrue(closing.stream().allMatch(mdc -> !mdc.get("route").asText().contains("?")));
        assertTrue(closing.stream().anyMatch(mdc -> mdc.hasNonNull("subscription")
                && "/activate/complete".equals(mdc.get("route").asText())), "the activation names its subscription");
        assertTrue(closing.stream().filter(mdc -> mdc.get("route").asText().startsWith("/activate/"))
                .allMatch(mdc -> mdc.hasNonNull("subscription")), "a buyer's session names its subscription");
        assertTrue(closing.stream().filter(mdc -> "/aws/fulfillment".equals(mdc.get("route").asText()))
                .allMatch(mdc -> mdc.hasNonNull("subscription")), "so does the marketplace's arrival");
        assertTrue(closing.stream().anyMatch(mdc -> "metering".equals(mdc.get("function").asText())
                && "schedule".equals(mdc.get("method").asText())));
        List<JsonNode> calls = lines.events().stream()
                .filter(e -> "marketplace call".equals(e.path("message").asText())).map(e -> e.get("mdc")).toList();
        assertFalse(calls.isEmpty(), "ResolveCustomer was called");
        assertTrue(calls.stream().allMatch(mdc -> mdc.hasNonNull("request_id") && mdc.hasNonNull("marketplace_request_id")
                && !"none".equals(mdc.get("marketplace_request_id").asText())), calls.toString());
        List<JsonNode> activations = lines.metricDocuments().stream()
                .filter(doc -> doc.has("activations") && "activated".equals(doc.get("Outcome").asText())).toList();
        assertEquals(2, activations.size(), lines.metricDocuments().toString());
        assertEquals("aws", activations.get(0).get("Cloud").asText());
        assertTrue(lines.metricDocuments().stream().anyMatch(doc -> doc.has("metering.records")));
        System.out.println("log lines checked: " + lines.size() + " (" + lines.events().size() + " events, "
                + lines.metricDocuments().size() + " metric documents, " + closing.size() + " requests), "
                + secrets.size() + " secrets looked for");
        String metricLine = exampleLine(captured, "\"activations\"");
        String requestId = activations.get(0).get("request_id").asText();
        System.out.println("example closing line: " + exampleLine(captured, requestId));
        System.out.println("example metric line: " + metricLine);
    }

    private static String exampleLine(List<String> lines, String containing) {
        return lines.stream().filter(line -> line.contains(containing)
                && (line.contains("request handled") || line.contains("_aws"))).findFirst().orElse("none");
    }

    private static List<String> codesSent() {
        List<String> codes = new ArrayList<>();
        for (MimeMessage message : harness.mail.getReceivedMessages()) {
            Matcher matcher = CODE.matcher(GreenMailUtil.getBody(message));
            while (matcher.find()) {
                codes.add(matcher.group(1));
            }
        }
        assertFalse(codes.isEmpty(), "codes were sent");
        return codes;
    }
}
