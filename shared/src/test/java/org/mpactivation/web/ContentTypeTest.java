package org.mpactivation.web;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The media type of a body: type/subtype exactly (case-insensitive), parameters allowed, nothing else. */
class ContentTypeTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "Application/JSON", "application/json; charset=utf-8",
            "application/json;charset=UTF-8", " application/json ", "application/json ; charset=\"utf-8\"",
            "application/json; charset=utf-8; foo=bar"})
    void givenJsonWithOrWithoutParameters_thenItIsJson(String header) {
        assertTrue(ContentType.is(header, ContentType.JSON), header);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/jsonx", "application/json-patch+json", "application/jsonp",
            "application/json/x", "application/json,text/plain", "text/json", "application/", "application",
            "/json", "", "application/json; charset", "application/json; =utf-8", "application/json; a=\"open",
            "application/json x", "application /json", "application/json; charset=utf-8 x"})
    void givenAnythingElse_thenItIsNotJson(String header) {
        assertFalse(ContentType.is(header, ContentType.JSON), header);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=UTF-8"})
    void givenFormTypes_thenTheyAreForms(String header) {
        assertTrue(ContentType.is(header, ContentType.FORM), header);
    }

    @ParameterizedTest
    @ValueSource(strings = {"application/x-www-form-urlencodedx", "multipart/form-data; boundary=x",
            "application/x-www-form-urlencoded+json"})
    void givenOtherTypes_thenTheyAreNotForms(String header) {
        assertFalse(ContentType.is(header, ContentType.FORM), header);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text/plainx", "text/plain+json", "text/html"})
    void givenOtherTextTypes_thenTheyAreNotPlainText(String header) {
        assertFalse(ContentType.is(header, ContentType.PLAIN_TEXT), header);
    }

    @org.junit.jupiter.api.Test
    void givenNoHeader_thenItIsNothing() {
        assertFalse(ContentType.is(null, ContentType.JSON));
        assertTrue(ContentType.is("text/plain; charset=UTF-8", ContentType.PLAIN_TEXT));
    }
}
