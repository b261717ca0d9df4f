package org.mpactivation.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.mpactivation.adapter.store.InMemoryItemStore;
import org.mpactivation.application.CapturingMailer;
import org.mpactivation.application.FakeAwsMarketplace;
import org.mpactivation.application.FastPasswordHasher;
import org.mpactivation.application.MutableClock;
import org.mpactivation.application.SigningKey;
import org.mpactivation.web.Router;
import org.mpactivation.web.Transport;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;

/** HTTPS unless told otherwise: HSTS on every answer and Secure cookies; plain HTTP only when the local run asks. */
class ActivationApplicationTransportTest {

    private static final String HSTS = "max-age=31536000; includeSubDomains";

    private final MutableClock clock = new MutableClock(java.time.Instant.parse("2025-03-01T08:00:00Z"));
    private final FakeAwsMarketplace marketplace = new FakeAwsMarketplace();

    @Test
    void givenTheDefaults_thenEveryAnswerCarriesHstsAndCookiesAreSecure() {
        Router router = router(b -> b);

        for (WebRequest request : requests()) {
            WebResponse response = router.handle(request);
            assertEquals(HSTS, response.headers().get("Strict-Transport-Security"),
                    request.method() + " " + request.path() + " " + response.status());
        }
        WebResponse arrival = router.handle(arrival(marketplace.issueToken("tok-1", "cust-1", null)));
        assertEquals(303, arrival.status(), arrival.body());
        assertTrue(arrival.cookies().get(0).startsWith("__Host-"), arrival.cookies().toString());
        assertTrue(arrival.cookies().get(0).contains("; Secure"), arrival.cookies().toString());
        assertEquals(HSTS, arrival.headers().get("Strict-Transport-Security"));
    }

    @Test
    void givenLocalPlainHttp_thenNoHstsAndNoSecureCookies() {
        for (Router router : List.of(router(b -> b.transport(Transport.LOCAL_PLAIN_HTTP)),
                router(b -> b.secureCookies(false)))) {
            for (WebRequest request : requests()) {
                assertNull(router.handle(request).headers().get("Strict-Transport-Security"), request.path());
            }
            WebResponse arrival = router.handle(arrival(marketplace.issueToken("tok-" + router.hashCode(),
                    "cust-" + router.hashCode(), null)));
            assertFalse(arrival.cookies().get(0).contains("Secure"), arrival.cookies().toString());
            assertNull(arrival.headers().get("Strict-Transport-Security"));
        }
    }

    private Router router(UnaryOperator<ActivationApplication.Builder> transport) {
        return transport.apply(ActivationApplication.builder().store(new InMemoryItemStore(clock))
                .signingKey(new SigningKey("a test signing key of 32 bytes!!".getBytes(StandardCharsets.UTF_8)))
                .clock(clock).mailer(new CapturingMailer()).passwords(new FastPasswordHasher())
                .awsMarketplace(marketplace, false)).build().router();
    }

    /** A page, a health check, a refusal of each kind and a server error page. */
    private static List<WebRequest> requests() {
        return List.of(
                new WebRequest("GET", "/healthz", null, null, null, null),
                new WebRequest("GET", "/activate/start", null, null, null, null),
                new WebRequest("GET", "/nowhere", null, null, null, null),
                new WebRequest("DELETE", "/healthz", null, null, null, null),
                new WebRequest("POST", "/aws/fulfillment", null, Map.of("Content-Type", "text/plainx"), null, null),
                new WebRequest("POST", "/aws/fulfillment", null, Map.of("Content-Type",
                        "application/x-www-form-urlencoded"), null, "x-amzn-marketplace-token=%e9".getBytes(
                        StandardCharsets.UTF_8)),
                new WebRequest("POST", "/aws/fulfillment", null, null, null, new byte[64 * 1024 + 1]));
    }

    private static WebRequest arrival(String token) {
        return new WebRequest("POST", "/aws/fulfillment", null, Map.of("Content-Type",
                "application/x-www-form-urlencoded"), null,
                ("x-amzn-marketplace-token=" + token).getBytes(StandardCharsets.UTF_8));
    }
}
