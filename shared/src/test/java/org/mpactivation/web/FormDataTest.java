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
