package org.mpactivation.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebRequestTest {

    @Test
    void givenRequest_thenMethodIsUpperCaseAndHeadersAreFoundInAnyCase() {
        WebRequest request = new WebRequest("post", "/x", null, Map.of("Content-Type", "text/plain", "X-Forwarded-For",
                "192.0.2.1"), null, null);

        assertEquals("POST", request.method());
        assertEquals(Optional.of("text/plain"), request.header("content-type"));
        assertEquals(Optional.of("text/plain"), request.header("CONTENT-TYPE"));
        assertEquals(Optional.of("192.0.2.1"), request.header("x-forwarded-for"));
        assertEquals(Optional.empty(), request.header("origin"));
    }

    @Test
    void givenNoBodyOrMaps_thenEmptyValues() {
        WebRequest request = new WebRequest("GET", "/", null, null, null, null);

        assertEquals(0, request.body().length);
        assertEquals("", request.bodyText());
        assertTrue(request.headers().isEmpty() && request.cookies().isEmpty() && request.query().isEmpty());
        assertEquals(Optional.empty(), request.cookie("activation"));
        assertEquals(Optional.empty(), request.queryParam("token"));
    }

    @Test
    void givenQuery_thenTheFirstValueIsTheParameter() {
        WebRequest request = new WebRequest("GET", "/", Map.of("token", List.of("a", "b"), "empty", List.of()), null,
                null, null);

        assertEquals(Optional.of("a"), request.queryParam("token"));
        assertEquals(Optional.empty(), request.queryParam("empty"));
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"token=%zz", "token=%", "token=abc%e9", "a=1&token=%e9x",
            "%zz=1", "token=%c0%af"})
    void givenBadPercentEncodingInTheQuery_thenItIsRefusedAs400(String raw) {
        BadRequestException refused = org.junit.jupiter.api.Assertions.assertThrows(BadRequestException.class,
                () -> WebRequest.parseQuery(raw), raw);
        assertEquals(400, refused.status());
        assertEquals("error.request.malformed", refused.messageKey());
    }

    @Test
    void givenGoodEscapesInTheQuery_thenDecoded() {
        assertEquals(java.util.List.of("a+b/é"), WebRequest.parseQuery("token=a%2Bb%2F%C3%A9").get("token"));
    }

    @Test
    void givenUtf8Body_thenBodyTextDecodesIt() {
        WebRequest request = new WebRequest("POST", "/", null, null, null, "生产".getBytes(StandardCharsets.UTF_8));

        assertEquals("生产", request.bodyText());
    }

    @Test
    void givenCookieHeader_thenPairsAreReadTheWayBrowsersSendThem() {
        Map<String, String> cookies = WebRequest.parseCookieHeader(
                "activation=abc.def.ghi; theme=\"dark\"; $Path=/; activation=later; broken; empty=");

        assertEquals("abc.def.ghi", cookies.get("activation"));
        assertEquals("dark", cookies.get("theme"));
        assertEquals("", cookies.get("empty"));
        assertEquals(3, cookies.size(), cookies.toString());
        assertTrue(WebRequest.parseCookieHeader(null).isEmpty());
    }
}
