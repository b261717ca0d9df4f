package org.mpactivation.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Form posts (the pages, the AWS fulfillment URL) are read only when sent as a form. */
class FormsTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8",
            "APPLICATION/X-WWW-FORM-URLENCODED"})
    void givenAForm_thenItsFieldsAreRead(String contentType) {
        assertEquals("t-1", Forms.parse(post(contentType, "x-amzn-marketplace-token=t-1")).get("x-amzn-marketplace-token"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencodedx", "application/x-www-form-urlencoded+json",
            "application/jsonx", "application/json-patch+json", "text/plainx", "multipart/form-data; boundary=b", ""})
    void givenAnotherType_then415(String contentType) {
        BadRequestException refused = assertThrows(BadRequestException.class,
                () -> Forms.parse(post(contentType, "x-amzn-marketplace-token=t-1")));
        assertEquals(415, refused.status());
        assertEquals("error.request.mediaType", refused.messageKey());
    }

    @org.junit.jupiter.api.Test
    void givenABodyThatIsNotUtf8_then400() {
        byte[] body = {'a', '=', 'c', 'a', 'f', (byte) 0xe9};
        WebRequest request = new WebRequest("POST", "/activate/register", null,
                Map.of("Content-Type", "application/x-www-form-urlencoded"), null, body);
        BadRequestException refused = assertThrows(BadRequestException.class, () -> Forms.parse(request));
        assertEquals(400, refused.status());
        assertEquals("error.request.malformed", refused.messageKey());
    }

    @org.junit.jupiter.api.Test
    void givenAFormPostedThroughTheRouterWithABadEscape_thenA400PageSaysItCouldNotBeRead() {
        Router router = new Router(new ErrorPageRenderer(new PageRenderer(), org.mpactivation.domain.SiteCatalog.defaults(),
                "AWS or Azure")).post("/form", (r, p) -> WebResponse.text(200, "text/plain", Forms.parse(r).get("a")));
        for (String body : new String[] {"a=%e9", "a=%zz", "a=%", "a=%c0%af"}) {
            WebResponse response = router.handle(post("application/x-www-form-urlencoded", body, "/form"));
            assertEquals(400, response.status(), body);
            org.junit.jupiter.api.Assertions.assertTrue(response.body().contains("The request could not be read."));
        }
        assertEquals("é", router.handle(post("application/x-www-form-urlencoded", "a=%C3%A9", "/form")).body());
    }

    private static WebRequest post(String contentType, String body) {
        return post(contentType, body, "/aws/fulfillment");
    }

    private static WebRequest post(String contentType, String body, String path) {
        Map<String, String> headers = new HashMap<>();
        if (!contentType.isEmpty()) {
            headers.put("Content-Type", contentType);
        }
        return new WebRequest("POST", path, null, headers, null, body.getBytes(StandardCharsets.UTF_8));
    }
}
