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

    private static WebRequest post(String contentType, String body) {
        Map<String, String> headers = new HashMap<>();
        if (!contentType.isEmpty()) {
            headers.put("Content-Type", contentType);
        }
        return new WebRequest("POST", "/aws/fulfillment", null, headers, null, body.getBytes(StandardCharsets.UTF_8));
    }
}
