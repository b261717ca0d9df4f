package org.mpactivation.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A small read-only JSON tree built on Jackson's streaming parser, for the marketplace answers a function reads on
 * its start path: jackson-databind's object mapper and {@code JsonNode} classes cost a cold start about a tenth of
 * a second to load, for a few fields read once.
 *
 * <p>Reading follows Jackson's tree where it matters to the callers: {@link #path} never returns null (an absent
 * field is the {@linkplain #isMissing missing} node), an object keeps its fields in order and a name given twice
 * keeps its last value (in the place of the first), and the {@code as...} conversions mirror {@code JsonNode}'s.
 * Unlike the mapper, text after the one top-level value is refused, and values nest at most {@value #MAX_DEPTH}
 * deep. Numbers keep their text and are read as {@link BigDecimal} on demand.
 */
public final class JsonTree {

    /** The deepest nesting of arrays and objects a document may have. */
    public static final int MAX_DEPTH = 64;

    private static final JsonFactory JSON = new JsonFactory();
    private static final BigDecimal MIN_INT = BigDecimal.valueOf(Integer.MIN_VALUE);
    private static final BigDecimal MAX_INT = BigDecimal.valueOf(Integer.MAX_VALUE);
    private static final BigDecimal MIN_LONG = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal MAX_LONG = BigDecimal.valueOf(Long.MAX_VALUE);

    /** The kinds of node; {@link #MISSING} stands for a path that leads nowhere. */
    public enum Kind { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL, MISSING }

    private static final JsonTree MISSING = new JsonTree(Kind.MISSING, null, null, null);
    private static final JsonTree NULL = new JsonTree(Kind.NULL, "null", null, null);
    private static final JsonTree TRUE = new JsonTree(Kind.BOOLEAN, "true", null, null);
    private static final JsonTree FALSE = new JsonTree(Kind.BOOLEAN, "false", null, null);

    private final Kind kind;
    private final String text;
    private final Map<String, JsonTree> fields;
    private final List<JsonTree> elements;

    private JsonTree(Kind kind, String text, Map<String, JsonTree> fields, List<JsonTree> elements) {
        this.kind = kind;
        this.text = text;
        this.fields = fields;
        this.elements = elements;
    }

    /**
     * The one JSON value {@code json} holds.
     *
     * @throws MalformedJsonException when the text is not exactly one JSON value (empty, broken, followed by more
     *                                text) or nests deeper than {@value #MAX_DEPTH}
     */
    public static JsonTree parse(String json) {
        Objects.requireNonNull(json, "json");
        try (JsonParser parser = JSON.createParser(json)) {
            return document(parser);
        } catch (IOException e) {
            throw new MalformedJsonException("malformed JSON: " + reason(e), e);
        }
    }

    /** As {@link #parse(String)}, for UTF-8 (or UTF-16/32, detected) bytes. */
    public static JsonTree parse(byte[] json) {
        Objects.requireNonNull(json, "json");
        try (JsonParser parser = JSON.createParser(json)) {
            return document(parser);
        } catch (IOException e) {
            throw new MalformedJsonException("malformed JSON: " + reason(e), e);
        }
    }

    private static String reason(IOException e) {
        return e instanceof JsonProcessingException parsing ? parsing.getOriginalMessage() : e.getMessage();
    }

    /** The node of an absent value, for callers that need one. */
    public static JsonTree missing() {
        return MISSING;
    }

    private static JsonTree document(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw new MalformedJsonException("malformed JSON: no value", null);
        }
        JsonTree value = value(parser, first, 0);
        if (parser.nextToken() != null) {
            throw new MalformedJsonException("malformed JSON: text after the value", null);
        }
        return value;
    }

    /** The value that starts at {@code token}, read to its end; {@code depth} counts the containers around it. */
    private static JsonTree value(JsonParser parser, JsonToken token, int depth) throws IOException {
        if (token == null) {
            throw new MalformedJsonException("malformed JSON: the text ends inside a value", null);
        }
        switch (token) {
            case START_OBJECT -> {
                requireDepth(depth);
                Map<String, JsonTree> fields = new LinkedHashMap<>();
                for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
                    String name = parser.currentName();
                    fields.put(name, value(parser, parser.nextToken(), depth + 1));
                }
                return new JsonTree(Kind.OBJECT, null, Collections.unmodifiableMap(fields), null);
            }
            case START_ARRAY -> {
                requireDepth(depth);
                List<JsonTree> elements = new ArrayList<>();
                for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
                    elements.add(value(parser, t, depth + 1));
                }
                return new JsonTree(Kind.ARRAY, null, null, Collections.unmodifiableList(elements));
            }
            case VALUE_STRING -> {
                return new JsonTree(Kind.STRING, parser.getText(), null, null);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new JsonTree(Kind.NUMBER, parser.getText(), null, null);
            }
            case VALUE_TRUE -> {
                return TRUE;
            }
            case VALUE_FALSE -> {
                return FALSE;
            }
            case VALUE_NULL -> {
                return NULL;
            }
            default -> throw new MalformedJsonException("malformed JSON: unexpected " + token, null);
        }
    }

    private static void requireDepth(int depth) {
        if (depth >= MAX_DEPTH) {
            throw new MalformedJsonException("malformed JSON: nested deeper than " + MAX_DEPTH, null);
        }
    }

    public Kind kind() {
        return kind;
    }

    /** The field's value; the missing node when this is no object or has no such field. */
    public JsonTree path(String name) {
        JsonTree value = fields == null ? null : fields.get(name);
        return value == null ? MISSING : value;
    }

    /** The element at {@code index}; the missing node when this is no array or the index is out of range. */
    public JsonTree get(int index) {
        return elements == null || index < 0 || index >= elements.size() ? MISSING : elements.get(index);
    }

    /** The elements of an array, or the field values of an object (as Jackson's tree iterates); else none. */
    public List<JsonTree> elements() {
        if (elements != null) {
            return elements;
        }
        return fields == null ? List.of() : List.copyOf(fields.values());
    }

    /** The object's fields in document order; empty for any other node. */
    public Map<String, JsonTree> fields() {
        return fields == null ? Map.of() : fields;
    }

    /** The number of elements or fields; 0 for anything else. */
    public int size() {
        return elements != null ? elements.size() : fields != null ? fields.size() : 0;
    }

    public boolean isObject() {
        return kind == Kind.OBJECT;
    }

    public boolean isArray() {
        return kind == Kind.ARRAY;
    }

    public boolean isString() {
        return kind == Kind.STRING;
    }

    public boolean isNumber() {
        return kind == Kind.NUMBER;
    }

    public boolean isBoolean() {
        return kind == Kind.BOOLEAN;
    }

    public boolean isNull() {
        return kind == Kind.NULL;
    }

    public boolean isMissing() {
        return kind == Kind.MISSING;
    }

    /**
     * The value as text: a string's own text, a number's text as written, {@code true}/{@code false},
     * {@code "null"} for null; {@code ""} for an object, an array or the missing node (as Jackson's tree).
     */
    public String asText() {
        return text == null ? "" : text;
    }

    /** A string's text, a number's or a boolean's text; null for null, missing, objects and arrays. */
    public String textOrNull() {
        return kind == Kind.STRING || kind == Kind.NUMBER || kind == Kind.BOOLEAN ? text : null;
    }

    /** A string's text; null for any other node. */
    public String stringOrNull() {
        return kind == Kind.STRING ? text : null;
    }

    /** The number's exact value; null for anything but a number. */
    public BigDecimal decimalOrNull() {
        return kind == Kind.NUMBER ? new BigDecimal(text) : null;
    }

    /**
     * A number that fits an {@code int}, with any fraction cut off (as Jackson's {@code canConvertToInt} and
     * {@code intValue}); null for a number out of range and for anything else.
     */
    public Integer intOrNull() {
        BigDecimal value = decimalOrNull();
        return value == null || value.compareTo(MIN_INT) < 0 || value.compareTo(MAX_INT) > 0 ? null : value.intValue();
    }

    /** As {@link #intOrNull}, for a {@code long}. */
    public Long longOrNull() {
        BigDecimal value = decimalOrNull();
        return value == null || value.compareTo(MIN_LONG) < 0 || value.compareTo(MAX_LONG) > 0 ? null
                : value.longValue();
    }

    /**
     * A boolean's value, a string {@code "true"}/{@code "false"} (blanks around ignored), an integer other than 0;
     * else {@code otherwise} (as Jackson's {@code asBoolean}).
     */
    public boolean asBoolean(boolean otherwise) {
        switch (kind) {
            case BOOLEAN -> {
                return this == TRUE;
            }
            case STRING -> {
                String trimmed = text.trim();
                return "true".equals(trimmed) || (!"false".equals(trimmed) && otherwise);
            }
            case NUMBER -> {
                return isIntegral(text) ? new BigDecimal(text).signum() != 0 : otherwise;
            }
            default -> {
                return otherwise;
            }
        }
    }

    private static boolean isIntegral(String number) {
        for (int i = 0; i < number.length(); i++) {
            char c = number.charAt(i);
            if (c == '.' || c == 'e' || c == 'E') {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return switch (kind) {
            case OBJECT -> "object of " + fields.size() + " fields";
            case ARRAY -> "array of " + elements.size() + " elements";
            case MISSING -> "missing";
            default -> kind.name().toLowerCase(Locale.ROOT);
        };
    }

    /** The text given is not one well-formed JSON value within the nesting bound. */
    public static final class MalformedJsonException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        MalformedJsonException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
