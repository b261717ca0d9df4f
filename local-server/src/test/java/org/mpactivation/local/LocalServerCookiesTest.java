package org.mpactivation.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mpactivation.testkit.Browser;

/**
 * Every cookie the local server sets is {@code Secure} (browsers keep such cookies from {@code http://localhost}),
 * unless {@code LOCAL_PLAIN_HTTP=true} asks for plain-HTTP cookies.
 */
class LocalServerCookiesTest {

    private static final String PASSWORD = "cookie-test-password";
    private static final Pattern TOKEN = Pattern.compile("name=\"x-amzn-marketplace-token\" value=\"([^\"]+)\"");

    @TempDir
    Path data;

    @Test
    void givenTheDefaults_thenEveryCookieIsSecureAndABrowserOnLocalhostStillSendsThem() throws IOException {
        try (LocalServer server = start(Map.of())) {
            Browser buyer = new Browser(server.baseUrl());
            HttpResponse<String> arrived = arriveFromTheMarketplace(buyer);
            List<String> cookies = arrived.headers().allValues("Set-Cookie");
            assertFalse(cookies.isEmpty());
            cookies.forEach(cookie -> assertTrue(cookie.contains("; Secure"), cookie));
            HttpResponse<String> activation = buyer.get("/activate");
            for (int hops = 0; activation.statusCode() == 303 && hops < 3; hops++) {
                activation = buyer.follow();
            }
            assertEquals(200, activation.statusCode(), "the session cookie came back: " + activation.headers().map());
            assertTrue(activation.body().contains("Choose how to continue"), "the activation continues: " + activation.body());

            Browser operator = new Browser(server.baseUrl());
            HttpResponse<String> signedIn = operator.post("/operator/login", Map.of("password", PASSWORD));
            assertEquals(303, signedIn.statusCode());
            signedIn.headers().allValues("Set-Cookie").forEach(cookie -> assertTrue(cookie.contains("; Secure"), cookie));
            assertEquals(200, operator.get("/operator").statusCode(), "the operator's cookie came back");
            assertEquals(200, operator.get("/operator/clock").statusCode());
        }
    }

    @Test
    void givenLocalPlainHttp_thenNoCookieIsSecure() throws IOException {
        try (LocalServer server = start(Map.of("LOCAL_PLAIN_HTTP", "true"))) {
            Browser buyer = new Browser(server.baseUrl());
            List<String> cookies = arriveFromTheMarketplace(buyer).headers().allValues("Set-Cookie");
            assertFalse(cookies.isEmpty());
            cookies.forEach(cookie -> assertFalse(cookie.contains("Secure"), cookie));
            Browser operator = new Browser(server.baseUrl());
            operator.post("/operator/login", Map.of("password", PASSWORD)).headers().allValues("Set-Cookie")
                    .forEach(cookie -> assertFalse(cookie.contains("Secure"), cookie));
        }
    }

    /** Subscribes on the simulated AWS Marketplace and posts its token to the fulfillment URL. */
    private static HttpResponse<String> arriveFromTheMarketplace(Browser buyer) {
        HttpResponse<String> setup = buyer.post("/simulator/aws/subscribe",
                Map.of("awsAccountId", ""));
        assertEquals(200, setup.statusCode(), setup.body());
        Matcher token = TOKEN.matcher(setup.body());
        assertTrue(token.find(), setup.body());
        HttpResponse<String> arrived = buyer.postFromAnotherSite("/aws/fulfillment",
                Map.of("x-amzn-marketplace-token", token.group(1)), "https://aws.amazon.com");
        assertEquals(303, arrived.statusCode(), arrived.body());
        return arrived;
    }

    private LocalServer start(Map<String, String> extra) throws IOException {
        Map<String, String> env = new HashMap<>(extra);
        env.put("PORT", "0");
        env.put("DATA_DIR", data.toString());
        env.put("ADMIN_PASSWORD", PASSWORD);
        return LocalServer.start(LocalConfig.fromEnvironment(env),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }
}
