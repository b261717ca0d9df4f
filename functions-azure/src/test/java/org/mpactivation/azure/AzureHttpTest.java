package org.mpactivation.azure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mpactivation.web.Router;
import org.mpactivation.web.WebRequest;
import org.mpactivation.web.WebResponse;

class AzureHttpTest {

    private static final String APP = "https://mp-activation.azurewebsites.net";

    @Test
    void givenGet_thenMethodAndRawPathComeFromTheRequest() {
        WebRequest request = AzureHttp.toWebRequest(FakeHttpRequest.get(APP + "/activate/step%202?x=1"));

        assertEquals("GET", request.method());
        assertEquals("/activate/step%202", request.path());
    }

    @Test
    void givenTheAppRoot_thenPathIsSlash() {
        assertEquals("/", AzureHttp.toWebRequest(FakeHttpRequest.get(APP)).path());
        assertEquals("/", AzureHttp.toWebRequest(FakeHttpRequest.get(APP + "/?token=abc")).path());
    }

    @Test
    void givenRepeatedQueryKeys_thenEveryValueIsKeptInOrder() {
        FakeHttpRequest fake = FakeHttpRequest.get(APP + "/?plan=a&plan=b&token=x%2By%3D%3D&flag&name=J%C3%BCrgen+B")
                .queryParameter("plan", "b").queryParameter("token", "x+y==");

        WebRequest request = AzureHttp.toWebRequest(fake);

        assertEquals(List.of("a", "b"), request.query().get("plan"));
        assertEquals("x+y==", request.queryParam("token").orElseThrow());
        assertEquals(List.of(""), request.query().get("flag"));
        assertEquals("Jürgen B", request.queryParam("name").orElseThrow());
    }

    @Test
    void givenEmptyQueryPairs_thenTheyAreSkipped() {
        WebRequest request = AzureHttp.toWebRequest(FakeHttpRequest.get(APP + "/?&good=1&&"));

        assertEquals(Map.of("good", List.of("1")), request.query());
    }

    @Test
    void givenAMalformedEscapeInTheUrl_thenServeAnswers400WithoutTheRouter() {
        Router unreachable = new Router((status, key) -> {
            throw new AssertionError("the router must not be asked");
        });

        FakeHttpRequest.Response response = (FakeHttpRequest.Response)
                AzureHttp.serve(unreachable, FakeHttpRequest.get(APP + "/?token=%zz"));

        assertEquals(400, response.getStatusCode());
        assertEquals("no-store", response.getHeader("Cache-Control"));
        assertEquals("Bad request", response.getBody());
    }

    @Test
    void givenMixedCaseHeaders_thenNamesAreLowerCased() {
        WebRequest request = AzureHttp.toWebRequest(FakeHttpRequest.get(APP + "/")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Forwarded-For", "203.0.113.7"));

        assertEquals("application/x-www-form-urlencoded", request.headers().get("content-type"));
        assertEquals("203.0.113.7", request.header("X-FORWARDED-FOR").orElseThrow());
    }

    @Test
    void givenACookieHeader_thenCookiesAreParsedWithQuotedValuesUnquoted() {
        WebRequest request = AzureHttp.toWebRequest(FakeHttpRequest.get(APP + "/")
                .header("Cookie", "session=abc.def; theme=\"dark mode\"; $Path=/; session=later; empty="));

        assertEquals("abc.def", request.cookie("session").orElseThrow());
        assertEquals("dark mode", request.cookie("theme").orElseThrow());
        assertEquals("", request.cookie("empty").orElseThrow());
        assertTrue(request.cookie("$Path").isEmpty());
    }

    @Test
    void givenNoCookieHeader_thenThereAreNoCookies() {
        assertTrue(AzureHttp.toWebRequest(FakeHttpRequest.get(APP + "/")).cookies().isEmpty());
    }

    @Test
    void givenAPostBody_thenItArrivesAsUtf8Bytes() {
        String form = "username=%E5%BC%A0&note=名字";

        WebRequest request = AzureHttp.toWebRequest(FakeHttpRequest.post(APP + "/register", form));

        assertEquals("POST", request.method());
        assertArrayEquals(form.getBytes(StandardCharsets.UTF_8), request.body());
        assertEquals(form, request.bodyText());
    }

    @Test
    void givenNoBody_thenTheBodyIsEmpty() {
        assertEquals(0, AzureHttp.toWebRequest(FakeHttpRequest.get(APP + "/")).body().length);
    }

    @Test
    void givenAWebResponse_thenStatusHeadersAndBodyAreCopied() {
        WebResponse response = WebResponse.html(422, "<p>fix the form</p>").withHeader("Cache-Control", "no-store");

        FakeHttpRequest.Response result = (FakeHttpRequest.Response)
                AzureHttp.toResponse(FakeHttpRequest.get(APP + "/"), response);

        assertEquals(422, result.getStatusCode());
        assertEquals("text/html; charset=utf-8", result.getHeader("Content-Type"));
        assertEquals("no-store", result.getHeader("Cache-Control"));
        assertEquals("<p>fix the form</p>", result.getBody());
        assertNull(result.getHeader(AzureHttp.SET_COOKIE));
    }

    @Test
    void givenARedirectWithACookie_thenOneSetCookieHeaderCarriesIt() {
        String cookie = "mpa_session=v1.abc; Path=/; Secure; HttpOnly; SameSite=Lax; Max-Age=7200";
        WebResponse response = WebResponse.seeOther("/activate").withCookie(cookie);

        FakeHttpRequest.Response result = (FakeHttpRequest.Response)
                AzureHttp.toResponse(FakeHttpRequest.get(APP + "/"), response);

        assertEquals(303, result.getStatusCode());
        assertEquals("/activate", result.getHeader("Location"));
        assertEquals(List.of(cookie), result.headerCalls(AzureHttp.SET_COOKIE));
        assertEquals("", result.getBody());
    }

    @Test
    void givenTwoCookies_thenTheTranslationRefusesRatherThanDropOne() {
        WebResponse response = WebResponse.seeOther("/").withCookie("a=1").withCookie("b=2");

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> AzureHttp.toResponse(FakeHttpRequest.get(APP + "/"), response));

        assertTrue(refused.getMessage().contains("2 cookies"));
    }

    @Test
    void givenForwardedFor_thenTheClientIsTheEntryAzuresFrontEndAppended() {
        assertEquals("203.0.113.9", AzureHttp.clientAddress("10.0.0.1, 203.0.113.9:51544"));
        assertEquals("2001:db8::1", AzureHttp.clientAddress("[2001:db8::1]:443"));
        assertEquals("2001:db8::2", AzureHttp.clientAddress("1.2.3.4,2001:db8::2"));
        assertNull(AzureHttp.clientAddress(null));
        assertEquals(WebRequest.UNKNOWN_CLIENT,
                AzureHttp.toWebRequest(FakeHttpRequest.get(APP + "/")).clientAddress());
    }
}
