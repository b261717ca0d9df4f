package org.mpactivation.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The streaming tree reads what Jackson's tree read, refuses what is not JSON, and bounds the nesting. */
class JsonTreeTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void givenAnObject_thenFieldsInOrderAndEveryKind() {
        JsonTree tree = JsonTree.parse("{\"s\":\"text\",\"n\":42,\"f\":1.5,\"t\":true,\"x\":false,\"z\":null,"
                + "\"a\":[1,\"two\",{\"three\":3}],\"o\":{\"inner\":\"yes\"}}");

        assertTrue(tree.isObject());
        assertEquals(List.of("s", "n", "f", "t", "x", "z", "a", "o"), List.copyOf(tree.fields().keySet()));
        assertEquals("text", tree.path("s").asText());
        assertEquals(42, tree.path("n").intOrNull());
        assertEquals(new BigDecimal("1.5"), tree.path("f").decimalOrNull());
        assertTrue(tree.path("t").asBoolean(false));
        assertFalse(tree.path("x").asBoolean(true));
        assertTrue(tree.path("z").isNull());
        assertTrue(tree.path("a").isArray());
        assertEquals(3, tree.path("a").size());
        assertEquals("two", tree.path("a").get(1).asText());
        assertEquals(3, tree.path("a").get(2).path("three").intOrNull());
        assertEquals("yes", tree.path("o").path("inner").stringOrNull());
    }

    @Test
    void givenAbsentPaths_thenTheMissingNodeAllTheWayDown() {
        JsonTree tree = JsonTree.parse("{\"a\":[1],\"s\":\"x\"}");

        assertTrue(tree.path("nope").isMissing());
        assertTrue(tree.path("nope").path("deeper").get(3).isMissing());
        assertTrue(tree.path("a").get(1).isMissing());
        assertTrue(tree.path("a").get(-1).isMissing());
        assertTrue(tree.path("s").path("field").isMissing());
        assertFalse(tree.path("nope").isNull());
        assertEquals("", tree.path("nope").asText());
        assertNull(tree.path("nope").textOrNull());
        assertNull(tree.path("nope").intOrNull());
        assertEquals(List.of(), tree.path("nope").elements());
        assertSame(JsonTree.missing(), tree.path("nope"));
    }

    @Test
    void givenUnicode_thenDecodedFromEscapesAndFromBytes() {
        String json = "{\"name\":\"Gr\\u00fc\\u00dfe \\ud83d\\ude00 \\\"q\\\" \\n\",\"raw\":\"日本 ü\"}";

        JsonTree fromText = JsonTree.parse(json);
        JsonTree fromBytes = JsonTree.parse(json.getBytes(StandardCharsets.UTF_8));

        assertEquals("Grüße 😀 \"q\" \n", fromText.path("name").asText());
        assertEquals("日本 ü", fromText.path("raw").asText());
        assertEquals(fromText.path("name").asText(), fromBytes.path("name").asText());
        assertEquals(fromText.path("raw").asText(), fromBytes.path("raw").asText());
    }

    @Test
    void givenNumbers_thenIntsLongsAndDecimalsAsJacksonConvertedThem() {
        JsonTree tree = JsonTree.parse("{\"int\":2147483647,\"over\":2147483648,\"neg\":-5,\"frac\":7.9,"
                + "\"exp\":1e3,\"big\":123456789012345678901234567890,\"text\":\"12\"}");

        assertEquals(Integer.MAX_VALUE, tree.path("int").intOrNull());
        assertNull(tree.path("over").intOrNull());
        assertEquals(2147483648L, tree.path("over").longOrNull());
        assertEquals(-5, tree.path("neg").intOrNull());
        assertEquals(7, tree.path("frac").intOrNull());
        assertEquals(1000, tree.path("exp").intOrNull());
        assertNull(tree.path("big").longOrNull());
        assertEquals(new BigDecimal("123456789012345678901234567890"), tree.path("big").decimalOrNull());
        assertNull(tree.path("text").intOrNull(), "a string is no number");
        assertEquals("2147483648", tree.path("over").asText());
    }

    @Test
    void givenADuplicateKey_thenTheLastValueWinsInTheFirstPlace() {
        JsonTree tree = JsonTree.parse("{\"a\":1,\"b\":2,\"a\":3}");

        assertEquals(3, tree.path("a").intOrNull());
        assertEquals(List.of("a", "b"), List.copyOf(tree.fields().keySet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "{\"a\":}", "{\"a\" 1}", "[1,2", "{\"a\":1}}", "{\"a\":1} x",
            "{} {}", "nul", "{'a':1}", "{\"a\":01}", "\"unterminated", "{\"a\":1,}"})
    void givenMalformedJson_thenAClearException(String json) {
        JsonTree.MalformedJsonException e = assertThrows(JsonTree.MalformedJsonException.class,
                () -> JsonTree.parse(json));
        assertTrue(e.getMessage().startsWith("malformed JSON"), e.getMessage());
    }

    @Test
    void givenNestingAtTheBound_thenRead_andOneDeeper_thenRefused() {
        String atBound = "[".repeat(JsonTree.MAX_DEPTH) + "]".repeat(JsonTree.MAX_DEPTH);
        String deeper = "{\"a\":".repeat(JsonTree.MAX_DEPTH + 1) + "1" + "}".repeat(JsonTree.MAX_DEPTH + 1);

        assertTrue(JsonTree.parse(atBound).isArray());
        JsonTree.MalformedJsonException e = assertThrows(JsonTree.MalformedJsonException.class,
                () -> JsonTree.parse(deeper));
        assertTrue(e.getMessage().contains("deeper than " + JsonTree.MAX_DEPTH), e.getMessage());
        assertThrows(JsonTree.MalformedJsonException.class,
                () -> JsonTree.parse("[".repeat(100_000) + "]".repeat(100_000)));
    }

    @Test
    void givenScalarsAtTheTop_thenRead() {
        assertEquals("x", JsonTree.parse("\"x\"").asText());
        assertTrue(JsonTree.parse("null").isNull());
        assertEquals(5, JsonTree.parse(" 5 ").intOrNull());
        assertFalse(JsonTree.parse("true").isObject());
    }

    @Test
    void givenAnObjectIterated_thenItsValues_asJacksonsTree() {
        assertEquals(List.of("1", "2"), JsonTree.parse("{\"a\":1,\"b\":2}").elements().stream()
                .map(JsonTree::asText).toList());
        assertEquals(List.of(), JsonTree.parse("\"s\"").elements());
    }

    /** The conversions the adapters rely on, value by value, against the mapper's tree. */
    @ParameterizedTest
    @ValueSource(strings = {"\"text\"", "\" true \"", "\"false\"", "\"\"", "0", "1", "-3", "2.5", "0.0", "1e3",
            "3000000000", "true", "false", "null", "{}", "[]", "{\"k\":\"v\"}", "[1,2]", "\"\\u00e9\""})
    void givenAValue_thenTheSameConversionsAsJacksonsTree(String value) throws Exception {
        String json = "{\"v\":" + value + "}";
        JsonNode jackson = MAPPER.readTree(json).path("v");
        JsonTree tree = JsonTree.parse(json).path("v");

        assertEquals(jackson.isObject(), tree.isObject());
        assertEquals(jackson.isArray(), tree.isArray());
        assertEquals(jackson.isNull(), tree.isNull());
        assertEquals(jackson.isNumber(), tree.isNumber());
        assertEquals(jackson.isTextual(), tree.isString());
        assertEquals(jackson.asBoolean(false), tree.asBoolean(false), "asBoolean(false)");
        assertEquals(jackson.asBoolean(true), tree.asBoolean(true), "asBoolean(true)");
        assertEquals(jackson.size(), tree.size());
        Integer expectedInt = jackson.isNumber() && jackson.canConvertToInt() ? jackson.intValue() : null;
        assertEquals(expectedInt, tree.intOrNull());
        if (jackson.isTextual() || jackson.isBoolean() || jackson.isNull() || jackson.isContainerNode()
                || jackson.isIntegralNumber()) {
            assertEquals(jackson.asText(), tree.asText());
        }
    }
}
