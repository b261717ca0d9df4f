package org.mpactivation.azure;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.azure.functions.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.SigningKey;
import org.mpactivation.config.ActivationApplication;
import org.mpactivation.port.out.PasswordHasher;
import org.mpactivation.port.out.WebhookCaller;
import org.mpactivation.web.AzureWebhookRoute;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebResponse;

/**
 * Requests no browser, marketplace or worker should send: the Azure functions answer each with a 4xx whose body
 * names no exception, class or stack frame, and with the HSTS header (a Function App serves HTTPS only).
 */
class AzureMalformedRequestsTest {

    private static final String APP = "https://mp-activation.azurewebsites.net";
    private static final String HSTS = "max-age=31536000; includeSubDomains";
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
    void givenMalformedRequests_thenTheActivationFunctionAnswers4xxWithoutExceptionText() {
        ActivationFunction function = new ActivationFunction(ActivationApplication.builder()
                .store(new InMemoryItemStore(Clock.systemUTC()))
                .signingKey(new SigningKey("a test signing key of 32 bytes!!".getBytes(StandardCharsets.UTF_8)))
                .mailer(message -> { }).passwords(PLAIN).build().router());
        assertAllRefusedCleanly(request -> function.run(request, null), "/activate/register");
    }

    @Test
    void givenMalformedRequests_thenTheWebhookFunctionAnswers4xxWithoutExceptionText() {
        // every request here is refused before an operation is read, so none is ever applied
        Router router = new AzureWebhookRoute(header -> new WebhookCaller("tenant", "app", "caller"), null)
                .mount(new Router((status, key) -> WebResponse.text(status, "application/json",
                        "{\"error\":\"refused\"}")));
        WebhookFunction function = new WebhookFunction(router);
        assertAllRefusedCleanly(request -> function.run(request, null), "/azure/webhook");
    }

    private static void assertAllRefusedCleanly(
            Function<FakeHttpRequest, com.microsoft.azure.functions.HttpResponseMessage> function, String path) {
        List<String> problems = new ArrayList<>();
        malformed(path).forEach((name, request) -> {
            FakeHttpRequest.Response response = (FakeHttpRequest.Response) function.apply(request);
            String body = String.valueOf(response.getBody());
            if (response.getStatusCode() < 400 || response.getStatusCode() > 499) {
                problems.add(name + ": status " + response.getStatusCode() + " " + body);
            }
            for (String leak : List.of("Exception", "java.", "at org.")) {
                if (body.contains(leak)) {
                    problems.add(name + ": body shows '" + leak + "': " + body);
                }
            }
            if (!HSTS.equals(response.getHeader("Strict-Transport-Security"))) {
                problems.add(name + ": no HSTS header");
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static Map<String, FakeHttpRequest> malformed(String path) {
        Map<String, FakeHttpRequest> requests = new LinkedHashMap<>();
        String url = APP + path;
        requests.put("a stray percent in the URL", FakeHttpRequest.post(url + "?token=%", "{}")
                .header("Content-Type", "application/json"));
        requests.put("a query that is not UTF-8", FakeHttpRequest.post(url + "?token=%e9", "{}")
                .header("Content-Type", "application/json"));
        requests.put("a bad escape in the query", FakeHttpRequest.post(url + "?token=%zz", "{}")
                .header("Content-Type", "application/json"));
        requests.put("no method", FakeHttpRequest.of(null, url).body("{}"));
        requests.put("no headers", FakeHttpRequest.post(url, "{}").withoutHeaders());
        requests.put("a form value that is not UTF-8", FakeHttpRequest.post(url, "_csrf=%e9")
                .header("Content-Type", "application/x-www-form-urlencoded"));
        requests.put("a lone percent in the form", FakeHttpRequest.post(url, "_csrf=%")
                .header("Content-Type", "application/x-www-form-urlencoded"));
        requests.put("a lookalike JSON type", FakeHttpRequest.post(url, "{}").header("Content-Type", "application/jsonx"));
        requests.put("JSON patch", FakeHttpRequest.post(url, "[]").header("Content-Type", "application/json-patch+json"));
        requests.put("a lookalike text type", FakeHttpRequest.post(url, "x").header("Content-Type", "text/plainx"));
        requests.put("JSON that breaks off", FakeHttpRequest.post(url, "{\"id\": \"java.lang.Runtime\", \"quantity\": ")
                .header("Content-Type", "application/json"));
        requests.put("a body over the limit", FakeHttpRequest.post(url, "a".repeat(600 * 1024))
                .header("Content-Type", "application/json"));
        requests.put("a wrong method", FakeHttpRequest.of(HttpMethod.DELETE, url));
        return requests;
    }
}
