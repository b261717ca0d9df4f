package org.mpactivation.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Settings written as JSON objects of text fields ({@code SITES}, {@code METERING_DIMENSIONS}), read with
 * Jackson's streaming parser: no object mapper is built on a function's start path.
 */
public final class JsonFields {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonFields() {
    }

    /** A parser over {@code json}, for settings that are not a single object. */
    public static JsonParser parser(String json) throws IOException {
        return JSON.createParser(json);
    }

    /**
     * The fields of the JSON object that {@code json} is, as {@link #fields} gives them; empty when the text is
     * JSON but no object. The whole value is read before anything is judged.
     *
     * @throws IOException if the text is not JSON
     */
    public static Optional<Map<String, String>> ofObject(String json) throws IOException {
        try (JsonParser parser = parser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                parser.skipChildren();
                return Optional.empty();
            }
            return Optional.of(fields(parser));
        }
    }

    /**
     * The fields of the object the parser stands at (on its {@code START_OBJECT}), read to its end: in order,
     * each the value's text, or null where the value is no string. A repeated name keeps its last value.
     */
    public static Map<String, String> fields(JsonParser parser) throws IOException {
        Map<String, String> fields = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (parser.nextToken() == JsonToken.VALUE_STRING) {
                fields.put(name, parser.getText());
            } else {
                fields.put(name, null);
                parser.skipChildren();
            }
        }
        return fields;
    }
}
