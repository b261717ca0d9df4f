package org.mpactivation.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.mpactivation.domain.SiteCatalog;

class RouterTest {

    private static final String SECRET_DETAIL = "password=hunter2 <script>alert(1)</script>";

    private final AtomicBoolean echoCalled = new AtomicBoolean();
    private final Router router = new Router(new ErrorPageRenderer(new PageRenderer(), SiteCatalog.defaults(),
            "AWS or Azure"))
            .get("/hello", (r, p) -> WebResponse.text(200, "text/plain; charset=utf-8", "hello"))
            .get("/cached", (r, p) -> WebResponse.text(200, "text/css", "x").withHeader("Cache-Control", "max-age=60"))
            .get("/items/{id}/view", (r, p) -> WebResponse.text(200, "text/plain", "item " + p.get("id")))
            .get("/boom", (r, p) -> {
                throw new IllegalStateException(SECRET_DETAIL);
            })
            .get("/moved", (r, p) -> WebResponse.seeOther("/hello"))
            .post("/echo", (r, p) -> {
                echoCalled.set(true);
                return WebResponse.text(200, "text/plain", Integer.toString(r.body().length));
            })
            .post("/large", 128 * 1024, (r, p) -> WebResponse.text(200, "text/plain",
                    Integer.toString(r.body().length)))
            .post("/form", (r, p) -> WebResponse.text(200, "text/plain",
                    Integer.toString(FormData.parse(r.bodyText()).asMap().size())));

    @Test
    void givenBodyOfExactly64KiB_thenItIsAccepted() {
        WebResponse response = router.handle(post("/echo", new byte[64 * 1024]));

        assertEquals(200, response.status());
        assertEquals("65536", response.body());
    }

    @Test
    void givenBodyOneByteOver64KiB_then413AndTheHandlerIsNotCalled() {
        WebResponse response = router.handle(post("/echo", new byte[64 * 1024 + 1]));

        assertEquals(413, response.status());
        assertFalse(echoCalled.get());
        assertSecurityHeaders(response);
    }

    @Test
    void givenARouteWithItsOwnLimit_thenItTakesBodiesUpToItAndNoMore() {
        assertEquals("131072", router.handle(post("/large", new byte[128 * 1024])).body());
        assertEquals(413, router.handle(post("/large", new byte[128 * 1024 + 1])).status());
        assertEquals(413, router.handle(post("/echo", new byte[128 * 1024])).status(), "other routes keep 64 KiB");
        assertEquals(413, router.handle(post("/nowhere", new byte[64 * 1024 + 1])).status());
    }

    @Test
    void givenALimitAboveTheLargestAnyRouteTakes_thenTheRouteIsNotMounted() {
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> router.post("/huge", Router.MAX_BODY_BYTES + 1, (r, p) -> WebResponse.text(200, "text/plain", "")));
    }

    @Test
    void givenAnAnswerOverHttps_thenItCarriesHstsAndOverLocalPlainHttpItDoesNot() {
        for (WebRequest request : List.of(get("/hello"), get("/nowhere"), get("/boom"), post("/echo", new byte[70_000]))) {
            assertEquals("max-age=31536000; includeSubDomains",
                    router.handle(request).headers().get("Strict-Transport-Security"), request.path());
        }
        Router local = new Router((status, key) -> WebResponse.text(status, "text/plain", key), Transport.LOCAL_PLAIN_HTTP)
                .get("/hello", (r, p) -> WebResponse.text(200, "text/plain", "hello"));
        assertFalse(local.handle(get("/hello")).headers().containsKey("Strict-Transport-Security"));
        assertFalse(local.handle(get("/nowhere")).headers().containsKey("Strict-Transport-Security"));
    }

    @Test
    void givenAnAdapterThatCannotBuildTheRequest_then400WithoutItsText() {
        for (RuntimeException failure : List.of(new BadRequestException(400, "error.request.malformed"),
                new IllegalArgumentException(SECRET_DETAIL), new NullPointerException(SECRET_DETAIL))) {
            WebResponse response = router.handle(() -> {
                throw failure;
            });
            assertEquals(400, response.status(), failure.toString());
            assertTrue(response.body().contains("The request could not be read."), response.body());
            assertFalse(response.body().contains("hunter2") || response.body().contains("Exception"), response.body());
            assertSecurityHeaders(response);
            assertEquals("max-age=31536000; includeSubDomains", response.headers().get("Strict-Transport-Security"));
        }
        assertEquals("hello", router.handle(() -> get("/hello")).body());
    }

    @Test
    void givenUnknownPath_then404Page() {
        WebResponse response = router.handle(get("/nowhere"));

        assertEquals(404, response.status());
        assertTrue(response.headers().get("Content-Type").startsWith("text/html"));
        assertTrue(response.body().contains("This page does not exist."), response.body());
        assertSecurityHeaders(response);
    }

    @Test
    void givenKnownPathWithWrongMethod_then405() {
        assertEquals(405, router.handle(post("/hello", new byte[0])).status());
        assertEquals(405, router.handle(new WebRequest("DELETE", "/echo", null, null, null, null)).status());
        assertEquals(405, router.handle(get("/echo")).status());
    }

    @Test
    void givenHeadRequest_thenItIsServedByTheGetRoute() {
        assertEquals(200, router.handle(new WebRequest("head", "/hello", null, null, null, null)).status());
    }

    @Test
    void givenPathParameter_thenItIsCapturedAndAnEmptySegmentDoesNotMatch() {
        assertEquals("item ws-42", router.handle(get("/items/ws-42/view")).body());
        assertEquals(404, router.handle(get("/items//view")).status());
        assertEquals(404, router.handle(get("/items/ws-42/view/extra")).status());
    }

    @Test
    void givenMalformedForm_then400() {
        for (String body : List.of("a=%zz", "a=%", "%=b", "a=%e")) {
            WebResponse response = router.handle(post("/form", body.getBytes(StandardCharsets.UTF_8)));
            assertEquals(400, response.status(), body);
            assertTrue(response.body().contains("The request could not be read."), response.body());
        }
    }

    @Test
    void givenTooManyFormFields_then400() {
        assertEquals("100", router.handle(post("/form", fields(100))).body());
        assertEquals(400, router.handle(post("/form", fields(101))).status());
    }

    @Test
    void givenAnyAnswer_thenTheSecurityHeadersArePresent() {
        for (WebRequest request : List.of(get("/hello"), get("/nowhere"), get("/boom"), get("/moved"),
                post("/hello", new byte[0]))) {
            WebResponse response = router.handle(request);
            assertSecurityHeaders(response);
            assertEquals("no-store", response.headers().get("Cache-Control"), request.path());
        }
        assertEquals(SecurityHeaders.CONTENT_SECURITY_POLICY,
                router.handle(get("/moved")).headers().get("Content-Security-Policy"));
        assertEquals(SecurityHeaders.CONTENT_SECURITY_POLICY,
                router.handle(get("/nowhere")).headers().get("Content-Security-Policy"));
    }

    @Test
    void givenRouteThatSetsItsOwnCaching_thenItIsKept() {
        WebResponse response = router.handle(get("/cached"));

        assertEquals("max-age=60", response.headers().get("Cache-Control"));
        assertSecurityHeaders(response);
    }

    @Test
    void givenHandlerFailure_thenA500PageWithoutTheExceptionText() {
        WebResponse response = router.handle(get("/boom"));

        assertEquals(500, response.status());
        assertTrue(response.body().contains("Something went wrong on our side."), response.body());
        for (String leak : List.of("hunter2", "alert(1)", "IllegalStateException", "at org.", "RouterTest")) {
            assertFalse(response.body().contains(leak), "error page shows " + leak);
        }
    }

    static void assertSecurityHeaders(WebResponse response) {
        Map<String, String> headers = response.headers();
        assertEquals("nosniff", headers.get("X-Content-Type-Options"), headers.toString());
        assertEquals("no-referrer", headers.get("Referrer-Policy"), headers.toString());
        assertEquals("DENY", headers.get("X-Frame-Options"), headers.toString());
        assertTrue(headers.containsKey("Cache-Control"), headers.toString());
        if (headers.getOrDefault("Content-Type", "").startsWith("text/html") || response.status() >= 300) {
            assertTrue(headers.getOrDefault("Content-Security-Policy", "").contains("default-src 'none'"),
                    headers.toString());
        }
    }

    private static byte[] fields(int count) {
        String[] pairs = new String[count];
        Arrays.setAll(pairs, i -> "f" + i + "=v");
        return String.join("&", pairs).getBytes(StandardCharsets.UTF_8);
    }

    private static WebRequest get(String path) {
        return new WebRequest("GET", path, null, null, null, null);
    }

    private static WebRequest post(String path, byte[] body) {
        return new WebRequest("POST", path, null, Map.of("Content-Type", "application/x-www-form-urlencoded"), null,
                body);
    }
}
