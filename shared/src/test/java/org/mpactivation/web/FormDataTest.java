package org.mpactivation.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FormDataTest {

    @Test
    void givenUrlEncodedBody_thenFieldsAreDecoded() {
        FormData form = FormData.parse("name=Production+%E7%94%9F%E4%BA%A7&email=ada%40example.com&terms=on");

        assertEquals("Production 生产", form.get("name"));
        assertEquals("ada@example.com", form.get("email"));
        assertEquals("on", form.get("terms"));
        assertNull(form.get("missing"));
        assertEquals("", form.getOrEmpty("missing"));
    }

    @Test
    void givenRepeatedName_thenTheFirstValueWins() {
        assertEquals("first", FormData.parse("a=first&a=second").get("a"));
    }

    @Test
    void givenOddButLegalPairs_thenTheyAreReadLeniently() {
        FormData form = FormData.parse("flag&&empty=&=nameless&x=1=2");

        assertEquals("", form.get("flag"));
        assertEquals("", form.get("empty"));
        assertEquals("nameless", form.get(""));
        assertEquals("1=2", form.get("x"));
        assertTrue(FormData.parse("").asMap().isEmpty());
    }

    @Test
    void givenMalformedEscape_thenBadRequest400() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> FormData.parse("a=%G1"));

        assertEquals(400, e.status());
        assertEquals("error.request.malformed", e.messageKey());
    }

    /** A lone or short escape, a non-hex one, and bytes that are not UTF-8 are refused, never replaced. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"a=%zz", "a=%", "a=%4", "%=b", "a=x%", "a=%e9",
            "a=caf%e9", "a=%e7%94", "a=%c0%af", "a=%ed%a0%80", "a=%f8%88%80%80%80", "a=%ff", "%e9=b", "a=%+1"})
    void givenBadPercentEncoding_thenBadRequest400(String body) {
        BadRequestException e = assertThrows(BadRequestException.class, () -> FormData.parse(body), body);

        assertEquals(400, e.status());
        assertEquals("error.request.malformed", e.messageKey());
    }

    @Test
    void givenEveryKindOfGoodEscape_thenDecodedExactly() {
        assertEquals("é 生 😀+%", FormData.parse("a=%C3%A9+%e7%94%9f+%F0%9F%98%80%2B%25").get("a"));
        assertEquals("raw é", FormData.parse("a=raw+é").get("a"), "text that is already decoded stays");
    }

    @Test
    void givenMoreThanAHundredFields_thenBadRequest400() {
        assertEquals(100, FormData.parse(fields(100)).asMap().size());
        BadRequestException e = assertThrows(BadRequestException.class, () -> FormData.parse(fields(101)));
        assertEquals(400, e.status());
        assertThrows(BadRequestException.class, () -> FormData.parse("&".repeat(100)),
                "empty pairs count too, so a body cannot be made of endless separators");
    }

    private static String fields(int count) {
        StringBuilder body = new StringBuilder("f0=v");
        for (int i = 1; i < count; i++) {
            body.append("&f").append(i).append("=v");
        }
        return body.toString();
    }

    @Test
    void givenParsedForm_thenItsMapIsACopy() {
        Map<String, String> fields = FormData.parse("a=1").asMap();

        assertThrows(UnsupportedOperationException.class, () -> fields.put("b", "2"));
    }
}
